import { mkdir, mkdtemp, rmdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
// Straight from the modules, not the library's index: the worker must not load the analysis.
import { AnalysisError } from "../analysis/errors.ts";
import { analysisOptionsFromEnv } from "../analysis/options.ts";
import { checkRemote, resolveCommit } from "../analysis/resolve.ts";
import { removeTree, sweepSandbox as sweep } from "../analysis/sandbox.ts";
import type { Env } from "../config/index.ts";
import type { Failure } from "../queue/index.ts";
import { type AnalysisInput, analysisProgressEvent, analysisResult } from "./analysis-messages.ts";
import type { Pipeline } from "./processor.ts";
import {
  runSandboxed,
  type SandboxEnd,
  SandboxError,
  SandboxFailure,
  type SandboxLimits,
  SpareSandbox,
} from "./sandbox/index.ts";

// In the same form as this file: src/worker/*.ts under `npm start`, dist/worker/*.js in the
// image, where this code may be bundled into dist/chunks/ (rolldown.config.ts): up, then down.
const here = fileURLToPath(import.meta.url);
const ANALYSIS_ENTRY = path.join(here, "..", "..", "worker", `analysis-entry${path.extname(here)}`);

/**
 * Largest message the analysis process may send, in bytes: four times the report's own cap
 * (MAX_REPORT_KB), which its JSON escapes cannot outgrow. The report cap is the analysis
 * library's to keep; this one keeps the worker's heap safe if it does not.
 */
function maxMessageBytes(env: Pick<Env, "MAX_REPORT_KB">): number {
  return 4 * env.MAX_REPORT_KB * 1024;
}

/** Share of ANALYSIS_MAX_MB that is V8's heap; the rest is Node itself (~60 MB) and Buffers. */
const HEAP_SHARE = 0.6;

/** The analysis process's limits, from ANALYSIS_MAX_MB. */
function analysisLimits(env: Pick<Env, "ANALYSIS_MAX_MB" | "MAX_REPORT_KB">): SandboxLimits {
  return {
    maxRssMb: env.ANALYSIS_MAX_MB,
    heapMb: Math.round(env.ANALYSIS_MAX_MB * HEAP_SHARE),
    maxMessageBytes: maxMessageBytes(env),
  };
}

/**
 * What the analysis process inherits of the worker's environment: what git, Node's TLS and the
 * logger need, and nothing that names Redis or Postgres. The OpenRouter key travels in the
 * input, on a pipe.
 */
const INHERITED_ENV = [
  "PATH",
  "LANG",
  "LC_ALL",
  "TZ",
  "TMPDIR",
  "NODE_ENV",
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "LOG_LEVEL",
  "REPOLENS_SUPERVISED",
  // The image's compile cache (Dockerfile.combined): the analysis process's modules, compiled.
  "NODE_COMPILE_CACHE",
] as const;

function analysisEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    INHERITED_ENV.filter((name) => process.env[name] !== undefined).map((name) => [
      name,
      process.env[name],
    ]),
  );
}

/**
 * How a job fails when its analysis process ended without an answer. None of them is retried:
 * the analysis is deterministic, so the same repository at the same commit takes a new attempt
 * past the same memory, or into the same crash (a retry re-clones for nothing). A crash from
 * outside the analysis (the kernel's OOM killer choosing it) is rare, and a new submission runs
 * it again.
 */
function sandboxFailure(
  end: Exclude<SandboxEnd, "aborted">,
  detail: string,
  env: Pick<Env, "ANALYSIS_MAX_MB" | "MAX_REPORT_KB">,
): Failure & { permanent: boolean } {
  switch (end) {
    case "out-of-memory":
      return {
        code: "ANALYSIS_OUT_OF_MEMORY",
        message: `the analysis of this repository needed more than ${env.ANALYSIS_MAX_MB} MB of memory and was stopped`,
        permanent: true,
      };
    case "message-too-large":
      return {
        code: "REPORT_TOO_LARGE",
        message: `the report is larger than ${Math.round(maxMessageBytes(env) / 1024)} KB and was refused`,
        permanent: true,
      };
    case "crashed":
      return {
        code: "ANALYSIS_CRASHED",
        message: `the analysis process ${detail}`,
        permanent: true,
      };
  }
}

export interface PipelineSettings {
  /** The module the analysis process runs; `analysis-entry` beside this file. Tests swap it. */
  entry?: string;
  /**
   * Keep one analysis process started ahead of the next job (`SpareSandbox`), started by
   * `warm()` while no job runs. The worker does; a test that counts processes may not.
   */
  spare?: boolean;
}

/** The worker's pipeline, with the lifecycle of its process started ahead. */
export interface WorkerPipeline extends Pipeline {
  /** Starts the process for the next job now, if `spare` is on, no job runs and none waits. */
  warm(): void;
  /** Kills the process started ahead and starts none again; running jobs are not touched. */
  close(): void;
}

/**
 * The analysis library as the worker's {@link Pipeline}. The worker passes the same limits as
 * the CLI (`analysisOptionsFromEnv`), so a job and `npm run analyze` report the same tree alike.
 *
 * `analyze` runs in a process of its own (`runSandboxed`), killed on the job's signal (cancel,
 * JOB_TIMEOUT_MS, worker shutdown) and over ANALYSIS_MAX_MB, in a folder of the job's own under
 * SANDBOX_DIR that is removed whatever happened. `resolveCommit` and `checkRemote` stay in the
 * worker: the redirect check is one HTTPS request, cheaper in a process that has made one
 * before, the commit at most one `git ls-remote` in git's own killable process group, under
 * CLONE_TIMEOUT_MS, and a cache hit should not pay for starting a process.
 */
export function createPipeline(
  env: Env,
  log: Logger,
  settings: PipelineSettings = {},
): WorkerPipeline {
  const options = analysisOptionsFromEnv(env);
  const limits = analysisLimits(env);
  const entry = settings.entry ?? ANALYSIS_ENTRY;
  const spare = settings.spare ? new SpareSandbox() : undefined;
  let running = 0;
  // Only while no job runs: a process loading beside a running analysis would take half of a
  // tenth of a CPU from it. Not from a job's end either (the worker calls it once the queue is
  // drained): forking this process there would delay the job's report being stored.
  const warm = () => {
    if (running === 0) spare?.fill({ entry, heapMb: limits.heapMb, env: analysisEnv() });
  };

  const analyzeInSandbox: Pipeline["analyze"] = async (
    repoUrl,
    ref,
    { jobId, signal, onStep, checked },
  ) => {
    await mkdir(env.SANDBOX_DIR, { recursive: true });
    // "job-" so that a worker's start-up sweep removes what a killed worker left here.
    const label = jobId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40);
    const dir = await mkdtemp(path.join(path.resolve(env.SANDBOX_DIR), `job-${label}-`));
    try {
      const input: AnalysisInput = {
        jobId,
        url: repoUrl,
        ref,
        ...(checked ? { checked } : {}),
        options: { ...options, sandboxDir: dir },
      };
      return await runSandboxed({
        entry,
        input,
        schemas: { event: analysisProgressEvent, result: analysisResult },
        limits,
        signal,
        env: analysisEnv(),
        onEvent: (progress) => onStep(progress.step, progress.percentage),
        ...(spare ? { spare } : {}),
      });
    } catch (error) {
      // The job's message says what a user can act on; the log keeps the figures.
      if (error instanceof SandboxError && error.end !== "aborted")
        log.warn({ jobId, end: error.end, err: error }, `analysis process ${error.message}`);
      throw error;
    } finally {
      await removeJobDir(dir).catch((error: unknown) =>
        log.warn({ err: error, dir }, "could not remove an analysis folder"),
      );
    }
  };

  return {
    warm,
    close: () => spare?.close(),
    resolveCommit: (repoUrl, ref, signal) =>
      resolveCommit({ url: repoUrl, ref }, options, { signal }),
    checkRemote: (repoUrl, signal) => checkRemote({ url: repoUrl }, options, { signal }),
    async analyze(repoUrl, ref, hooks) {
      running++;
      try {
        return await analyzeInSandbox(repoUrl, ref, hooks);
      } finally {
        running--;
      }
    },
    classify(error) {
      if (error instanceof SandboxFailure || error instanceof AnalysisError)
        return { code: error.code, message: error.message, permanent: error.permanent };
      if (error instanceof SandboxError && error.end !== "aborted")
        return sandboxFailure(error.end, error.message, env);
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
 * Removes a job's folder. An analysis that answered has removed its own sandbox in it, so the
 * folder is empty and one rmdir does; one that was killed (a timeout, its memory, a stop) left
 * its clone, which `removeTree` deletes. Spawning rm for every job cost a fork of the worker.
 */
async function removeJobDir(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") await removeTree(dir);
  }
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
