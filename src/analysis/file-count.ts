import { AnalysisError } from "./errors.ts";

/** The default of MAX_FILES (see src/config/schema.ts for why this figure). */
export const DEFAULT_MAX_FILES = 40_000;

/**
 * The failure of a tree with more than `max` entries (MAX_FILES), stopped before its files'
 * contents were `fetched` (the count of a partial clone's trees) or only before they were `read`
 * (a local directory, or a host without partial clone whose pack brought them).
 */
export function tooManyFiles(max: number, before: "fetched" | "read" = "fetched"): AnalysisError {
  return new AnalysisError(
    "TOO_MANY_FILES",
    `the repository has more than ${max.toLocaleString("en-US")} files, the MAX_FILES limit; it was stopped before its contents were ${before}`,
  );
}
