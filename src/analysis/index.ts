/**
 * RepoLens' analysis library: give it a repository URL (or a local work tree) and limits, get
 * a typed report back. It knows nothing of HTTP, queues or SQL; the worker and the CLI adapt it.
 *
 * @example
 * import { analyze, analysisOptionsFromEnv } from "../analysis/index.ts";
 * const report = await analyze({ url, ref }, analysisOptionsFromEnv(env), { signal, onProgress, logger });
 */
export {
  ANALYSIS_STEPS,
  type AnalysisHooks,
  type AnalysisOptions,
  type AnalysisStep,
  type AnalysisTarget,
  analyze,
  resolveCommit,
} from "./analyze.ts";

export { AnalysisError, type AnalysisErrorCode, ERROR_CODES } from "./errors.ts";
export { analysisOptionsFromEnv } from "./options.ts";
export {
  type LanguageReport,
  REPORT_SCHEMA_VERSION,
  type Report,
  reportSchema,
  type SummaryReport,
} from "./report.ts";
export { createSandbox, removeTree, sweepSandbox } from "./sandbox.ts";
export {
  checkRepoUrl,
  hostGuard,
  isOutsidePrivateNetwork,
  isPrivateAddress,
  MAX_REPO_URL_LENGTH,
  type RepoUrl,
  type RepoUrlCheck,
  type RepoUrlErrorCode,
  refProblem,
  resolvePublicHost,
  validateRef,
  validateRepoUrl,
} from "./url.ts";
