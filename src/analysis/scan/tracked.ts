import { runGit } from "../git.ts";

/** One entry of the git index: the path as git stores it (bytes) and its mode. */
export interface TrackedEntry {
  /** Raw path bytes: file names need not be UTF-8, and we must open exactly this name. */
  raw: Buffer;
  /** The path for humans and for pattern rules, "/"-separated, invalid UTF-8 replaced. */
  path: string;
  kind: "file" | "symlink" | "submodule";
}

const TAB = 9;

/**
 * Lists the tracked files of a work tree (`git ls-files -z -s`): only what the repository
 * holds, never build output or ignored files; with modes, so symlinks and submodules are known
 * without touching the file system.
 *
 * @example
 * const entries = await listTracked(tree, { home: sandbox, signal });
 */
export async function listTracked(
  root: string,
  options: { home: string; signal?: AbortSignal },
): Promise<TrackedEntry[]> {
  const out = await runGit(["ls-files", "-z", "-s"], { cwd: root, ...options });
  const entries: TrackedEntry[] = [];
  let previous: Buffer | undefined;
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end === -1) end = out.length;
    // "<mode> <sha> <stage>\t<path>"
    const tab = out.indexOf(TAB, start);
    if (tab !== -1 && tab < end) {
      const mode = out.toString("latin1", start, start + 6);
      const raw = out.subarray(tab + 1, end);
      // A conflicted path appears once per stage; count it once.
      if (!previous?.equals(raw)) {
        entries.push({
          raw,
          path: raw.toString("utf8"),
          kind: mode === "120000" ? "symlink" : mode === "160000" ? "submodule" : "file",
        });
      }
      previous = raw;
    }
    start = end + 1;
  }
  return entries;
}
