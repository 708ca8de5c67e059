import { ANALYSIS_STEPS } from "../analysis/steps.ts";
import { z } from "../config/zod.ts";

/** What the worker and its analysis process (`analysis-entry.ts`) tell each other. */

/** Worker → analysis, on stdin. */
export const analysisInput = z.object({
  jobId: z.string().min(1),
  url: z.string().min(1),
  ref: z.string().nullable(),
  // Where the worker's redirect check of `url` led (resolveCommit, checkRemote), so the
  // analysis does not probe the host again.
  checked: z
    .object({
      url: z.string().min(1),
      pin: z.object({ host: z.string().min(1), addresses: z.array(z.string().min(1)).readonly() }),
      // One certificate's PEM: a few KB.
      anchor: z.string().max(16_384).optional(),
    })
    .optional(),
  // The option set belongs to src/analysis and grows there; the worker builds it with
  // analysisOptionsFromEnv and it passes through whole. Only what the worker itself relies on
  // is checked.
  options: z.looseObject({ sandboxDir: z.string().min(1) }),
});
export type AnalysisInput = z.infer<typeof analysisInput>;

/** Analysis → worker: a step and its share done, 0-100. */
export const analysisProgressEvent = z.object({
  step: z.enum(ANALYSIS_STEPS),
  percentage: z.number().min(0).max(100),
});
export type AnalysisProgressEvent = z.infer<typeof analysisProgressEvent>;

/** Analysis → worker: the report, opaque JSON to the worker, and the commit it describes. */
export const analysisResult = z.object({
  commit: z.string().min(1).max(200),
  report: z.record(z.string(), z.unknown()),
});
