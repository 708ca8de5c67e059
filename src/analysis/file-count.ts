import { AnalysisError } from "./errors.ts";
import { type GitOptions, runGit } from "./git.ts";

/** The default of MAX_FILES (see src/config/schema.ts for why this figure). */
export const DEFAULT_MAX_FILES = 40_000;

const NUL = 0;

function tooManyFiles(max: number): AnalysisError {
  return new AnalysisError(
    "TOO_MANY_FILES",
    `the repository has more than ${max.toLocaleString("en-US")} files, the MAX_FILES limit; it was stopped before checkout`,
  );
}

/**
 * Counts the entries a checkout of `commit` would create (files, symlinks, submodules: every
 * line of `git ls-tree -r -z`), before anything is checked out. The byte quota cannot see an
 * empty-file bomb (50,000 empty files pack into about 1 MB), but every one of them costs the
 * scan memory. The listing is read as a stream, counting NUL terminators and holding no
 * names, and git is killed as soon as the count passes `max`: a million-entry tree costs the
 * same to refuse as one just over the limit.
 *
 * @example
 * await assertFileCount("HEAD", 50_000, { cwd: box.repo, home: box.home, signal });
 * // throws TOO_MANY_FILES (permanent) for a tree of 50,001 entries
 */
export async function assertFileCount(
  commit: string,
  max: number,
  options: Omit<GitOptions, "onStdout">,
): Promise<number> {
  let count = 0;
  await runGit(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit], {
    ...options,
    onStdout: (chunk, kill) => {
      for (let at = chunk.indexOf(NUL); at !== -1; at = chunk.indexOf(NUL, at + 1)) count++;
      if (count > max) kill(tooManyFiles(max));
    },
  });
  return count;
}
