import path from "node:path";
import type { AnalysisOptions } from "./analyze.ts";

/** The part of the environment schema the analysis needs (see src/config/schema.ts). */
export interface AnalysisEnv {
  SANDBOX_DIR: string;
  ALLOWED_GIT_HOSTS: string[];
  ALLOW_LOCAL_REPOS: boolean;
  PRIVATE_GIT_HOSTS: string[];
  GIT_CA_BUNDLE?: string | undefined;
  MAX_REPO_SIZE_MB: number;
  MAX_FILES: number;
  CLONE_TIMEOUT_MS: number;
  MAX_REPORT_KB: number;
  OPENROUTER_API_KEY?: string | undefined;
  OPENROUTER_MODEL: string;
  OPENROUTER_BASE_URL: string;
  SUMMARY_TIMEOUT_MS: number;
}

/**
 * Builds the analysis options from a parsed environment (`loadConfig()`), so the worker and
 * the CLI pass the same limits. The library itself never reads process.env.
 */
export function analysisOptionsFromEnv(env: AnalysisEnv): AnalysisOptions {
  return {
    sandboxDir: env.SANDBOX_DIR,
    allowedHosts: env.ALLOWED_GIT_HOSTS,
    allowLocal: env.ALLOW_LOCAL_REPOS,
    privateHosts: env.PRIVATE_GIT_HOSTS,
    maxRepoBytes: env.MAX_REPO_SIZE_MB * 1024 * 1024,
    maxFiles: env.MAX_FILES,
    cloneTimeoutMs: env.CLONE_TIMEOUT_MS,
    maxReportBytes: env.MAX_REPORT_KB * 1024,
    // git runs in the job's sandbox, where a relative path would name nothing.
    ...(env.GIT_CA_BUNDLE ? { caFile: path.resolve(env.GIT_CA_BUNDLE) } : {}),
    summary: {
      ...(env.OPENROUTER_API_KEY ? { apiKey: env.OPENROUTER_API_KEY } : {}),
      baseURL: env.OPENROUTER_BASE_URL,
      model: env.OPENROUTER_MODEL,
      timeoutMs: env.SUMMARY_TIMEOUT_MS,
    },
  };
}
