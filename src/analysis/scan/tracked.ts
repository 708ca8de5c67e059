import { OFFLINE_CONFIG } from "../git.ts";
import { walkTree } from "../tree.ts";

/** One entry of the commit's tree, for the scan: where it is, what it is, where its bytes are. */
export interface TrackedEntry {
  /** The path for humans and for pattern rules, "/"-separated, invalid UTF-8 replaced. */
  path: string;
  kind: "file" | "symlink" | "submodule";
  /** The blob (or, for a submodule, the commit) it names. */
  oid: string;
  /** Bytes of the blob; 0 for a submodule. */
  size: number;
}

/**
 * Lists what a commit holds (`git ls-tree -r -l`): only what the repository tracks, with modes
 * (symlinks and submodules are known without reading them) and sizes (a file too large to
 * read is known before it is asked for). Offline: the blobs are in the store already.
 *
 * @example
 * const entries = await listTracked(repo, "HEAD", { home: sandbox, signal });
 */
export async function listTracked(
  repo: string,
  commit: string,
  options: { home: string; signal?: AbortSignal },
): Promise<TrackedEntry[]> {
  const entries: TrackedEntry[] = [];
  await walkTree(
    commit,
    { sizes: true },
    ({ mode, oid, size, raw }) =>
      entries.push({
        path: raw.toString("utf8"),
        kind: mode === "120000" ? "symlink" : mode === "160000" ? "submodule" : "file",
        oid,
        size: size ?? 0,
      }),
    { cwd: repo, config: OFFLINE_CONFIG, ...options },
  );
  return entries;
}
