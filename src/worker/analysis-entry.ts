import { AnalysisError, type AnalysisOptions, analyze, loadMeasure } from "../analysis/index.ts";
import { useOneRunV8 } from "../config/lean-v8.ts";
import { processLogger } from "../log/index.ts";
import { type AnalysisProgressEvent, analysisInput } from "./analysis-messages.ts";
import { serveSandboxed } from "./sandbox/serve.ts";

/**
 * The process one analysis runs in (started by `pipeline.ts` through `runSandboxed`): reads the
 * job's target and the analysis options on stdin, sends progress and the report back, and is
 * killed by the worker when it has answered, when the job is cancelled or times out, when the
 * worker stops, or when it goes over its memory.
 */

const log = processLogger("worker");

// Started ahead of its job, the process loads the whole analysis while it waits.
await loadMeasure();
// Once loaded: a module loaded after a flag changes has its code checked against the new flags,
// and the image's compile cache holds one copy of each chunk for every process that loads it.
useOneRunV8();

await serveSandboxed<AnalysisProgressEvent>(
  async (raw, { emit }) => {
    const input = analysisInput.parse(raw);
    const report = await analyze(
      { url: input.url, ref: input.ref, ...(input.checked ? { checked: input.checked } : {}) },
      input.options as unknown as AnalysisOptions,
      {
        logger: log.child({ jobId: input.jobId, analysisPid: process.pid }),
        onProgress: (step, percentage) => emit({ step, percentage }),
      },
    );
    return { commit: report.repo.commit, report };
  },
  (error) =>
    error instanceof AnalysisError
      ? { code: error.code, message: error.message, permanent: error.permanent }
      : // Anything else (a bug, a full disk) may pass: retry with backoff.
        {
          code: "ANALYSIS_FAILED",
          message: error instanceof Error ? error.message : String(error),
          permanent: false,
        },
);
