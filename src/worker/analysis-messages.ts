import { ANALYSIS_STEPS } from "../analysis/steps.ts";
import { nonEmpty, percent, z } from "../config/zod.ts";

/** What the worker and its analysis process (`analysis-entry.ts`) tell each other. */

/** Worker → analysis, on stdin. */
export const analysisInput = z.object({
  jobId: nonEmpty(),
  url: nonEmpty(),
  ref: z.nullable(z.string()),
  // Where the worker's redirect check of `url` led (resolveCommit, checkRemote), so the
  // analysis does not probe the host again.
  checked: z.optional(
    z.object({
      url: nonEmpty(),
      pin: z.object({ host: nonEmpty(), addresses: z.readonly(z.array(nonEmpty())) }),
      // One certificate's PEM: a few KB.
      anchor: z.optional(z.string().check(z.maxLength(16_384))),
    }),
  ),
  // The option set belongs to src/analysis and grows there; the worker builds it with
  // analysisOptionsFromEnv and it passes through whole. Only what the worker itself relies on
  // is checked.
  options: z.looseObject({ sandboxDir: nonEmpty() }),
});
export type AnalysisInput = z.infer<typeof analysisInput>;

/** Analysis → worker: a step and its share done, 0-100. */
export const analysisProgressEvent = z.object({
  step: z.enum(ANALYSIS_STEPS),
  percentage: percent(),
});
export type AnalysisProgressEvent = z.infer<typeof analysisProgressEvent>;

/** Analysis → worker: the report, opaque JSON to the worker, and the commit it describes. */
export const analysisResult = z.object({
  commit: z.string().check(z.minLength(1), z.maxLength(200)),
  report: z.record(z.string(), z.unknown()),
});
