import { type Job, UnrecoverableError, WaitingError } from "bullmq";
import type { Logger } from "pino";
// Of src/analysis, the report module (zod only) and types: the worker's process does not load
// the analysis library.
import type { CheckedRemote } from "../analysis/redirects.ts";
import { REPORT_SCHEMA_VERSION } from "../analysis/report.ts";
import type { ResolvedCommit } from "../analysis/resolve.ts";
import type { Env } from "../config/index.ts";
import { findCachedAnalysis, unstorableReason, upsertAnalysis } from "../db/index.ts";
import type { Db } from "../db/pool.ts";
import {
  type AnalysisJobData,
  type AnalysisProgress,
  type AnalysisReturn,
  analysisJobData,
  CANCELLED,
  type Failure,
  failureMessage,
} from "../queue/index.ts";

/** The steps a user sees, in order; the analysis reports the first five, the worker the last. */
export const STEPS = ["cloning", "scanning", "dependencies", "git", "summary", "saving"] as const;
type Step = (typeof STEPS)[number];

/** What the worker needs from `src/analysis`, injected so the adapter is tested on its own. */
export interface Pipeline {
  /**
   * The commit `ref` (or the default branch) points at, without cloning, and where the
   * redirect check of the URL led, for `analyze` to reuse.
   */
  resolveCommit(repoUrl: string, ref: string | null, signal: AbortSignal): Promise<ResolvedCommit>;
  /**
   * Where the redirect check of the URL led, for `analyze` to reuse, without the commit: a
   * forced run's, which skips the cache. Undefined for a local path.
   */
  checkRemote(repoUrl: string, signal: AbortSignal): Promise<CheckedRemote | undefined>;
  /**
   * Runs the analysis; `onStep` reports a step and how much of it is done (0-100); `checked`
   * is what `resolveCommit` or `checkRemote` found for this job (none for a local path).
   */
  analyze(
    repoUrl: string,
    ref: string | null,
    hooks: {
      jobId: string;
      signal: AbortSignal;
      onStep: (step: Step, percentage: number) => void;
      checked?: CheckedRemote | undefined;
    },
  ): Promise<{ commit: string; report: unknown }>;
  /** Classifies an error the pipeline threw: its code, message, and whether a retry could help. */
  classify(error: unknown): Failure & { permanent: boolean };
}

export interface ProcessorDeps {
  env: Pick<Env, "JOB_TIMEOUT_MS" | "CACHE_TTL" | "MAX_REPORT_KB">;
  db: Db;
  pipeline: Pipeline;
  log: Logger;
  /** A cancel request that arrived before the job started (one EXISTS). */
  wasCancelled: (jobId: string) => Promise<boolean>;
  /**
   * Aborted when the worker stops: a running job is stopped at once and handed back to the
   * queue, where the next worker runs it again (neither a failure nor an attempt).
   */
  stopping?: AbortSignal;
}

/**
 * Overall percentage from a step's own percentage: each of the six steps is an equal share.
 * One unit, 0-100, from the analysis to the HTTP contract.
 */
function progressOf(step: Step, percentage: number): AnalysisProgress {
  const index = STEPS.indexOf(step);
  const share = 100 / STEPS.length;
  return {
    step,
    currentStep: index + 1,
    totalSteps: STEPS.length,
    percentage: Math.min(
      100,
      Math.round(index * share + (Math.max(0, Math.min(100, percentage)) / 100) * share),
    ),
  };
}

/** Least time between two progress updates, in ms. */
const PROGRESS_INTERVAL_MS = 2000;

export interface ProgressReporter {
  /** Reports a step and how much of it is done (0-100). */
  report(step: Step, percentage: number): void;
  /** Drops an update still waiting: the job's end tells the rest. */
  stop(): void;
}

/**
 * Decides which progress reports go out. Each update costs two billed Redis commands (the
 * worker's write and the wake-up of an SSE reader), so at most one goes out per
 * PROGRESS_INTERVAL_MS: the first at once, later ones when the interval has passed, each time
 * the latest. A job shorter than the interval sends one update; a step is shown at most one
 * interval late.
 *
 * @example
 * const progress = progressReporter((p) => job.updateProgress(p));
 * progress.report("scanning", 40);
 * progress.stop();
 */
export function progressReporter(send: (progress: AnalysisProgress) => void): ProgressReporter {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let sent: AnalysisProgress | null = null;
  let pending: AnalysisProgress | null = null;
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    if (!pending) return;
    lastSentAt = performance.now();
    sent = pending;
    send(pending);
    pending = null;
  };

  return {
    report(step, percentage) {
      const progress = progressOf(step, percentage);
      // Never backwards; the same percentage only when it names a new step (git done = summary
      // begun), so the step the user sees is the one running.
      if (
        sent &&
        (progress.percentage < sent.percentage ||
          (progress.step === sent.step && progress.percentage === sent.percentage))
      )
        return;
      pending = progress;
      if (timer) return;
      const wait = lastSentAt + PROGRESS_INTERVAL_MS - performance.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}

/**
 * The BullMQ processor: adapts the analysis to a job. It records each state in Postgres
 * (idempotently by job id, so a retried or recovered job never leaves two rows), reports
 * progress, honours cancellation (BullMQ's signal), JOB_TIMEOUT_MS and the worker's stop, and
 * tells BullMQ which failures are worth a retry: permanent ones (not found, too big, not
 * allowed, a report Postgres refuses) are thrown as UnrecoverableError so they fail at once.
 * A job the worker's stop interrupted goes back to the queue (WaitingError).
 */
export function createProcessor(deps: ProcessorDeps) {
  return async function processAnalysis(
    job: Job<AnalysisJobData, AnalysisReturn>,
    token?: string,
    cancelSignal?: AbortSignal,
  ): Promise<AnalysisReturn> {
    const run = beginRun(deps, job, cancelSignal);
    await recordStarted(deps, run);
    const progress = progressReporter((update) =>
      job
        .updateProgress(update)
        .catch((error: unknown) => run.log.warn({ err: error }, "progress update failed")),
    );
    try {
      if (run.signal.aborted || (await deps.wasCancelled(run.id))) throw new CancelledBeforeStart();
      // A forced run skips the cache, and with it the commit's lookup; the redirect check is
      // made here all the same, where it costs less than in the analysis process.
      if (run.data.force) {
        const checked = await deps.pipeline.checkRemote(run.data.repoUrl, run.signal);
        return await analyseAndStore(deps, run, progress, checked);
      }
      const resolved = await deps.pipeline.resolveCommit(
        run.data.repoUrl,
        run.data.ref,
        run.signal,
      );
      return (
        (await reuseCached(deps, run, resolved.commit)) ??
        (await analyseAndStore(deps, run, progress, resolved.checked))
      );
    } catch (error) {
      if (interruptedByStop(deps, run) && token) {
        await handBack(deps.db, job, token, run.base, run.log);
        throw new WaitingError();
      }
      throw await recordFailure(deps, run, error);
    } finally {
      progress.stop();
    }
  };
}

/** One run of a job: what it asks for, its log, and the signals that may stop it. */
interface Run {
  job: Job<AnalysisJobData, AnalysisReturn>;
  data: AnalysisJobData;
  id: string;
  /** The fields every write of this job's row carries. */
  base: { id: string; repoUrl: string; ref: string | null };
  log: Logger;
  /** BullMQ's cancel, JOB_TIMEOUT_MS or the worker's stop, whichever comes first. */
  signal: AbortSignal;
  timeout: AbortSignal;
  cancelSignal: AbortSignal | undefined;
}

function beginRun(
  deps: ProcessorDeps,
  job: Job<AnalysisJobData, AnalysisReturn>,
  cancelSignal: AbortSignal | undefined,
): Run {
  const data = analysisJobData.parse(job.data);
  const id = job.id as string;
  const timeout = AbortSignal.timeout(deps.env.JOB_TIMEOUT_MS);
  return {
    job,
    data,
    id,
    base: { id, repoUrl: data.repoUrl, ref: data.ref },
    log: deps.log.child({ jobId: id, requestId: data.requestId, attempt: job.attemptsMade + 1 }),
    signal: AbortSignal.any(
      [cancelSignal, timeout, deps.stopping].filter((s): s is AbortSignal => s !== undefined),
    ),
    timeout,
    cancelSignal,
  };
}

async function recordStarted(deps: ProcessorDeps, run: Run): Promise<void> {
  await upsertAnalysis(deps.db, {
    ...run.base,
    status: "active",
    attempts: run.job.attemptsMade + 1,
    startedAt: new Date(),
  });
  run.log.info({ repoUrl: run.data.repoUrl, ref: run.data.ref }, "analysis started");
}

/** A fresh report of the same repository at `commit`, copied to this job; null if none. */
async function reuseCached(
  deps: ProcessorDeps,
  run: Run,
  commit: string,
): Promise<AnalysisReturn | null> {
  const { db, env } = deps;
  const hit = await findCachedAnalysis(db, {
    repoUrl: run.data.repoUrl,
    commit,
    maxAgeSeconds: env.CACHE_TTL,
    excludeId: run.id,
    // A report stored before MAX_REPORT_KB existed may be tens of MB: never copy it here.
    maxReportBytes: env.MAX_REPORT_KB * 1024,
    // A report of an older version lacks fields this one has (hotspots, ownership...).
    schemaVersion: REPORT_SCHEMA_VERSION,
  });
  if (!hit) return null;
  await upsertAnalysis(db, {
    ...run.base,
    status: "completed",
    commit,
    report: hit.report,
    cachedFrom: hit.id,
    progress: progressOf("saving", 100),
    finishedAt: new Date(),
  });
  run.log.info({ commit, cachedFrom: hit.id }, "analysis reused from cache");
  return { commit, cached: true };
}

async function analyseAndStore(
  deps: ProcessorDeps,
  run: Run,
  progress: ProgressReporter,
  checked: CheckedRemote | undefined,
): Promise<AnalysisReturn> {
  const { commit, report } = await deps.pipeline.analyze(run.data.repoUrl, run.data.ref, {
    jobId: run.id,
    signal: run.signal,
    onStep: progress.report,
    checked,
  });
  progress.report("saving", 0);
  await upsertAnalysis(deps.db, {
    ...run.base,
    status: "completed",
    commit,
    report,
    progress: progressOf("saving", 100),
    finishedAt: new Date(),
  }).catch((error: unknown) => {
    const reason = unstorableReason(error);
    if (reason === null) throw error;
    run.log.warn({ err: error }, "Postgres refused the report");
    throw new ReportNotStorable(reason);
  });
  run.log.info({ commit }, "analysis completed");
  return { commit, cached: false };
}

/** The worker's stop, and nothing else, ended the run: the job goes back, not to failed. */
function interruptedByStop(deps: ProcessorDeps, run: Run): boolean {
  return (deps.stopping?.aborted ?? false) && !run.cancelSignal?.aborted && !run.timeout.aborted;
}

/**
 * Records a failed run (queued again for a retry, failed, or cancelled) and returns what to
 * throw to BullMQ: an UnrecoverableError when a retry cannot help.
 */
async function recordFailure(deps: ProcessorDeps, run: Run, error: unknown): Promise<Error> {
  const { job } = run;
  const failure = failureOf(error, deps.pipeline, {
    cancelled: run.cancelSignal?.aborted ?? false,
    timedOut: run.timeout.aborted,
    timeoutMs: deps.env.JOB_TIMEOUT_MS,
  });
  const final = failure.permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const status = failure.code === CANCELLED ? "cancelled" : final ? "failed" : "queued";
  await upsertAnalysis(deps.db, {
    ...run.base,
    status,
    error: { code: failure.code, message: failure.message },
    ...(final ? { finishedAt: new Date() } : {}),
  }).catch((dbError: unknown) => run.log.error({ err: dbError }, "could not record the failure"));
  run.log[final ? "warn" : "info"](
    { code: failure.code, final },
    `analysis ${status}: ${failure.message}`,
  );
  const message = failureMessage(failure.code, failure.message);
  return failure.permanent ? new UnrecoverableError(message) : new Error(message);
}

class CancelledBeforeStart extends Error {}

/** Postgres refused the report even after cleaning: storing it again cannot succeed. */
class ReportNotStorable extends Error {}

/**
 * Puts a job the worker's stop interrupted back at the head of the queue, with the lock this
 * worker holds (BullMQ's own script checks it), and records it as queued again. The attempt is
 * not counted: the job did nothing wrong.
 */
async function handBack(
  db: Db,
  job: Job<AnalysisJobData, AnalysisReturn>,
  token: string,
  base: { id: string; repoUrl: string; ref: string | null },
  jobLog: Logger,
): Promise<void> {
  // The row first: once the job is back in wait, another worker may take it and write "active".
  await upsertAnalysis(db, { ...base, status: "queued" }).catch((error: unknown) =>
    jobLog.error({ err: error }, "could not record the job as queued again"),
  );
  await job.moveToWait(token);
  jobLog.info("the worker is stopping: job handed back to the queue");
}

function failureOf(
  error: unknown,
  pipeline: Pipeline,
  why: { cancelled: boolean; timedOut: boolean; timeoutMs: number },
): Failure & { permanent: boolean } {
  if (why.cancelled || error instanceof CancelledBeforeStart)
    return { code: CANCELLED, message: "the analysis was cancelled", permanent: true };
  if (error instanceof ReportNotStorable)
    return {
      code: "REPORT_NOT_STORABLE",
      message: `the report could not be stored: ${error.message}`,
      permanent: true,
    };
  if (why.timedOut) {
    return {
      code: "JOB_TIMEOUT",
      message: `the analysis took longer than ${Math.round(why.timeoutMs / 1000)} s and was stopped`,
      permanent: true,
    };
  }
  return pipeline.classify(error);
}
