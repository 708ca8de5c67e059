import { AnalysisError } from "./errors.ts";
import type { GitOptions } from "./git.ts";
import { walkTree } from "./tree.ts";

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

/** What the tip's tree holds, before any of its contents is fetched. */
export interface TipCount {
  /** Entries: files, symlinks, submodules. */
  files: number;
  /** The distinct blobs they name (files and symlinks), to fetch in one request. */
  blobs: string[];
}

/**
 * Counts the entries of `commit`'s tree (files, symlinks, submodules: every line of `git
 * ls-tree -r -z`) and names its distinct blobs, before any blob is fetched. The byte quota
 * cannot see an empty-file bomb (50,000 empty files pack into about 1 MB), but every one of
 * them costs the scan memory. The listing is read as a stream, and git is killed as soon as
 * the count passes `max`: a million-entry tree costs the same to refuse as one just over the
 * limit, and the ids held are never more than `max`.
 *
 * @example
 * const { files, blobs } = await assertFileCount("HEAD", 50_000, { cwd: box.repo, home: box.home });
 * // throws TOO_MANY_FILES (permanent) for a tree of 50,001 entries
 */
export async function assertFileCount(
  commit: string,
  max: number,
  options: Omit<GitOptions, "onStdout">,
): Promise<TipCount> {
  let files = 0;
  const blobs = new Set<string>();
  await walkTree(
    commit,
    { sizes: false },
    (entry, kill) => {
      if (++files > max) kill(tooManyFiles(max));
      else if (entry.type === "blob") blobs.add(entry.oid);
    },
    options,
  );
  return { files, blobs: [...blobs] };
}
