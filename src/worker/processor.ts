import { type Job, UnrecoverableError, WaitingError } from "bullmq";
import type { Logger } from "pino";
// The report module alone (zod only): the worker's process does not load the analysis library.
import { REPORT_SCHEMA_VERSION } from "../analysis/report.ts";
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
  /** The commit `ref` (or the default branch) points at, without cloning. */
  resolveCommit(repoUrl: string, ref: string | null, signal: AbortSignal): Promise<string>;
  /** Runs the analysis; `onStep` reports a step and its share done (0-1). */
  analyze(
    repoUrl: string,
    ref: string | null,
    hooks: { jobId: string; signal: AbortSignal; onStep: (step: Step, fraction: number) => void },
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

/** Overall percentage of a step's progress: each of the six steps is an equal share. */
function progressOf(step: Step, fraction: number): AnalysisProgress {
  const index = STEPS.indexOf(step);
  const share = 100 / STEPS.length;
  return {
    step,
    currentStep: index + 1,
    totalSteps: STEPS.length,
    percentage: Math.min(
      100,
      Math.round(index * share + Math.max(0, Math.min(1, fraction)) * share),
    ),
  };
}

/** Least time between two progress updates, in ms. */
const PROGRESS_INTERVAL_MS = 2000;

export interface ProgressReporter {
  /** Reports a step and its share done (0-1). */
  report(step: Step, fraction: number): void;
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
 * progress.report("scanning", 0.4);
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
    report(step, fraction) {
      const progress = progressOf(step, fraction);
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
  const { env, db, pipeline, log, wasCancelled, stopping } = deps;

  return async function processAnalysis(
    job: Job<AnalysisJobData, AnalysisReturn>,
    token?: string,
    cancelSignal?: AbortSignal,
  ): Promise<AnalysisReturn> {
    const data = analysisJobData.parse(job.data);
    const id = job.id as string;
    const base = { id, repoUrl: data.repoUrl, ref: data.ref };
    const jobLog = log.child({
      jobId: id,
      requestId: data.requestId,
      attempt: job.attemptsMade + 1,
    });
    const timeout = AbortSignal.timeout(env.JOB_TIMEOUT_MS);
    const signal = AbortSignal.any(
      [cancelSignal, timeout, stopping].filter((s): s is AbortSignal => s !== undefined),
    );

    await upsertAnalysis(db, {
      ...base,
      status: "active",
      attempts: job.attemptsMade + 1,
      startedAt: new Date(),
    });
    jobLog.info({ repoUrl: data.repoUrl, ref: data.ref }, "analysis started");

    const progress = progressReporter((update) =>
      job
        .updateProgress(update)
        .catch((error: unknown) => jobLog.warn({ err: error }, "progress update failed")),
    );
    try {
      if (signal.aborted || (await wasCancelled(id))) throw new CancelledBeforeStart();
      if (!data.force) {
        const commit = await pipeline.resolveCommit(data.repoUrl, data.ref, signal);
        const hit = await findCachedAnalysis(db, {
          repoUrl: data.repoUrl,
          commit,
          maxAgeSeconds: env.CACHE_TTL,
          excludeId: id,
          // A report stored before MAX_REPORT_KB existed may be tens of MB: never copy it here.
          maxReportBytes: env.MAX_REPORT_KB * 1024,
          // A report of an older version lacks fields this one has (hotspots, ownership...).
          schemaVersion: REPORT_SCHEMA_VERSION,
        });
        if (hit) {
          await upsertAnalysis(db, {
            ...base,
            status: "completed",
            commit,
            report: hit.report,
            cachedFrom: hit.id,
            progress: progressOf("saving", 1),
            finishedAt: new Date(),
          });
          jobLog.info({ commit, cachedFrom: hit.id }, "analysis reused from cache");
          return { commit, cached: true };
        }
      }

      const { commit, report } = await pipeline.analyze(data.repoUrl, data.ref, {
        jobId: id,
        signal,
        onStep: progress.report,
      });
      progress.report("saving", 0);
      await upsertAnalysis(db, {
        ...base,
        status: "completed",
        commit,
        report,
        progress: progressOf("saving", 1),
        finishedAt: new Date(),
      }).catch((error: unknown) => {
        const reason = unstorableReason(error);
        if (reason === null) throw error;
        jobLog.warn({ err: error }, "Postgres refused the report");
        throw new ReportNotStorable(reason);
      });
      jobLog.info({ commit }, "analysis completed");
      return { commit, cached: false };
    } catch (error) {
      if (stopping?.aborted && !cancelSignal?.aborted && !timeout.aborted && token) {
        await handBack(db, job, token, base, jobLog);
        throw new WaitingError();
      }
      const failure = failureOf(error, pipeline, {
        cancelled: cancelSignal?.aborted ?? false,
        timedOut: timeout.aborted,
        timeoutMs: env.JOB_TIMEOUT_MS,
      });
      const final = failure.permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const status = failure.code === CANCELLED ? "cancelled" : final ? "failed" : "queued";
      await upsertAnalysis(db, {
        ...base,
        status,
        error: { code: failure.code, message: failure.message },
        ...(final ? { finishedAt: new Date() } : {}),
      }).catch((dbError: unknown) =>
        jobLog.error({ err: dbError }, "could not record the failure"),
      );
      jobLog[final ? "warn" : "info"](
        { code: failure.code, final },
        `analysis ${status}: ${failure.message}`,
      );
      const message = failureMessage(failure.code, failure.message);
      throw failure.permanent ? new UnrecoverableError(message) : new Error(message);
    } finally {
      progress.stop();
    }
  };
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
