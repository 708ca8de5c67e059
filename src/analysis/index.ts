/**
 * RepoLens' analysis library: give it a repository URL (or a local work tree) and limits, get
 * a typed report back. It knows nothing of HTTP, queues or SQL; the worker and the CLI adapt it.
 *
 * @example
 * import { analyze, analysisOptionsFromEnv } from "../analysis/index.ts";
 * const report = await analyze({ url, ref }, analysisOptionsFromEnv(env), { signal, onProgress, logger });
 */
export { type AnalysisOptions, analyze, loadMeasure } from "./analyze.ts";

export { AnalysisError } from "./errors.ts";
export {
  hostGuard,
  isOutsidePrivateNetwork,
  isPrivateAddress,
  resolvePublicHost,
} from "./host-guard.ts";
export { analysisOptionsFromEnv } from "./options.ts";
export type { Report } from "./report.ts";
export { checkRemote, resolveCommit } from "./resolve.ts";
export { removeTree, sweepSandbox } from "./sandbox.ts";
export { validateRef, validateRepoUrl } from "./url-rules.ts";
