/**
 * The input rules for a repository URL belong to the contract between the API and the worker,
 * and are decided by the analysis library's pure URL module (no DNS, no I/O), so that the API's
 * input check, the worker's clone and the CLI apply one rule and one normal form.
 */
export {
  checkRepoUrl,
  MAX_REPO_URL_LENGTH,
} from "../analysis/url-rules.ts";
