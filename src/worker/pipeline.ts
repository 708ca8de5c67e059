import type { Logger } from "pino";
import {
  AnalysisError,
  analysisOptionsFromEnv,
  analyze,
  resolveCommit,
  sweepSandbox as sweep,
} from "../analysis/index.ts";
import type { Env } from "../config/index.ts";
import type { Pipeline } from "./processor.ts";

/**
 * The analysis library as the worker's {@link Pipeline}. The worker passes the same limits as
 * the CLI (`analysisOptionsFromEnv`), so a job and `npm run analyze` report the same tree alike.
 */
export function createPipeline(env: Env, log: Logger): Pipeline {
  const options = analysisOptionsFromEnv(env);
  return {
    resolveCommit: (repoUrl, ref, signal) =>
      resolveCommit({ url: repoUrl, ref }, options, { signal }),
    async analyze(repoUrl, ref, { signal, onStep }) {
      const report = await analyze({ url: repoUrl, ref }, options, {
        signal,
        logger: log,
        onProgress: (step, percentage) => onStep(step, percentage / 100),
      });
      return { commit: report.repo.commit, report };
    },
    classify(error) {
      if (error instanceof AnalysisError)
        return { code: error.code, message: error.message, permanent: error.permanent };
      // Anything else (Postgres away, a bug) may pass: retry with backoff.
      return {
        code: "ANALYSIS_FAILED",
        message: error instanceof Error ? error.message : String(error),
        permanent: false,
      };
    },
  };
}

/**
 * Clears job folders a crashed worker left in SANDBOX_DIR; called once at worker start. Resolves
 * as soon as they are out of the way, so the dead worker's job can run again at once; the
 * deletion goes on in the background.
 */
export async function sweepSandbox(dir: string, log: Logger): Promise<void> {
  const { count, removed } = await sweep(dir);
  if (count === 0) return;
  log.info({ count, dir }, "moving leftovers of a crashed worker out of the sandbox");
  removed.then(
    () => log.info({ count, dir }, "removed leftovers of a crashed worker from the sandbox"),
    (error: unknown) =>
      log.warn({ err: error, dir }, "could not remove leftovers from the sandbox"),
  );
}
