import { type Job, UnrecoverableError } from "bullmq";
import type { Logger } from "pino";
import type { Env } from "../config/index.ts";
import { findCachedAnalysis, upsertAnalysis } from "../db/index.ts";
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
export type Step = (typeof STEPS)[number];

/** What the worker needs from `src/analysis`, injected so the adapter is tested on its own. */
export interface Pipeline {
  /** The commit `ref` (or the default branch) points at, without cloning. */
  resolveCommit(repoUrl: string, ref: string | null, signal: AbortSignal): Promise<string>;
  /** Runs the analysis; `onStep` reports a step and its share done (0-1). */
  analyze(
    repoUrl: string,
    ref: string | null,
    hooks: { signal: AbortSignal; onStep: (step: Step, fraction: number) => void },
  ): Promise<{ commit: string; report: unknown }>;
  /** Classifies an error the pipeline threw: its code, message, and whether a retry could help. */
  classify(error: unknown): Failure & { permanent: boolean };
}

export interface ProcessorDeps {
  env: Pick<Env, "JOB_TIMEOUT_MS" | "CACHE_TTL">;
  db: Db;
  pipeline: Pipeline;
  log: Logger;
  /** A cancel request that arrived before the job started (one EXISTS). */
  wasCancelled: (jobId: string) => Promise<boolean>;
}

/** Overall percentage of a step's progress: each of the six steps is an equal share. */
export function progressOf(step: Step, fraction: number): AnalysisProgress {
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
export const PROGRESS_INTERVAL_MS = 2000;

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
 * progress, honours cancellation (BullMQ's signal) and JOB_TIMEOUT_MS, and tells BullMQ which
 * failures are worth a retry: permanent ones (not found, too big, not allowed) are thrown as
 * UnrecoverableError so they fail at once.
 */
export function createProcessor(deps: ProcessorDeps) {
  const { env, db, pipeline, log, wasCancelled } = deps;

  return async function processAnalysis(
    job: Job<AnalysisJobData, AnalysisReturn>,
    _token?: string,
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
    const signal = cancelSignal ? AbortSignal.any([cancelSignal, timeout]) : timeout;

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
      });
      jobLog.info({ commit }, "analysis completed");
      return { commit, cached: false };
    } catch (error) {
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

function failureOf(
  error: unknown,
  pipeline: Pipeline,
  why: { cancelled: boolean; timedOut: boolean; timeoutMs: number },
): Failure & { permanent: boolean } {
  if (why.cancelled || error instanceof CancelledBeforeStart)
    return { code: CANCELLED, message: "the analysis was cancelled", permanent: true };
  if (why.timedOut) {
    return {
      code: "JOB_TIMEOUT",
      message: `the analysis took longer than ${Math.round(why.timeoutMs / 1000)} s and was stopped`,
      permanent: true,
    };
  }
  return pipeline.classify(error);
}
