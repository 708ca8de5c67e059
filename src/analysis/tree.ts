import type { AnalysisError } from "./errors.ts";
import { type GitOptions, runGit } from "./git.ts";

/** One entry of a commit's tree, as `git ls-tree -r` lists it. */
export interface TreeEntry {
  /** "100644", "100755", "120000" (a symlink), "160000" (a submodule). */
  mode: string;
  /** "blob", or "commit" for a submodule. */
  type: string;
  oid: string;
  /** The blob's size in bytes, when listed with `sizes`; undefined for a submodule. */
  size: number | undefined;
  /** The path as git stores it: bytes, not necessarily UTF-8; it may hold a newline. */
  raw: Buffer;
}

const NUL = 0;
const TAB = 9;

/**
 * Streams the entries of `commit`'s whole tree (`git ls-tree -r -z --full-tree`, with `-l`
 * for `sizes`) to `onEntry` as git lists them, holding no more than the chunk at hand, with a
 * kill for a listing that must stop (too many entries). Sizes need the blobs themselves: in a
 * blob-less clone, list without them until the blobs are fetched.
 *
 * @example
 * let files = 0;
 * await walkTree("HEAD", { sizes: false }, () => files++, { cwd: repo, home: sandbox });
 */
export async function walkTree(
  commit: string,
  listing: { sizes: boolean },
  onEntry: (entry: TreeEntry, kill: (reason: AnalysisError) => void) => void,
  options: Omit<GitOptions, "onStdout">,
): Promise<void> {
  let rest: Buffer | undefined;
  await runGit(["ls-tree", "-r", "-z", ...(listing.sizes ? ["-l"] : []), "--full-tree", commit], {
    ...options,
    onStdout: (chunk, kill) => {
      const out = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let end = out.indexOf(NUL); end !== -1; end = out.indexOf(NUL, start)) {
        onEntry(parseEntry(out.subarray(start, end)), kill);
        start = end + 1;
      }
      rest = start < out.length ? out.subarray(start) : undefined;
    },
  });
}

/**
 * "<mode> SP <type> SP <oid> [SP+ <size>] TAB <path>": the path is all after the first tab,
 * and may hold spaces. One string of the head, cut at its spaces: a scan lists every entry of
 * the tree, and this took half the time of splitting it (at 0.1 CPU each microsecond per
 * entry is ten).
 */
export function parseEntry(line: Buffer): TreeEntry {
  const tab = line.indexOf(TAB);
  const head = line.toString("latin1", 0, tab);
  const typeAt = head.indexOf(" ") + 1;
  const oidAt = head.indexOf(" ", typeAt) + 1;
  const oidEnd = head.indexOf(" ", oidAt);
  const size = oidEnd === -1 ? "-" : head.slice(oidEnd + 1).trim();
  return {
    mode: head.slice(0, typeAt - 1),
    type: head.slice(typeAt, oidAt - 1),
    oid: oidEnd === -1 ? head.slice(oidAt) : head.slice(oidAt, oidEnd),
    size: size === "-" ? undefined : Number(size),
    raw: line.subarray(tab + 1),
  };
}

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
 * read is known before it is asked for). The blobs must be in the store already; run it
 * offline (OFFLINE_CONFIG), so that none is fetched. With `limit`, git is killed with
 * `limit.error()` as soon as the listing passes `limit.max` entries, as the count before a
 * blob fetch is (file-count.ts).
 *
 * @example
 * const entries = await listTracked("HEAD", { cwd: repo, home: sandbox, config: OFFLINE_CONFIG });
 */
export async function listTracked(
  commit: string,
  options: Omit<GitOptions, "onStdout">,
  limit?: { max: number; error: () => AnalysisError },
): Promise<TrackedEntry[]> {
  const entries: TrackedEntry[] = [];
  await walkTree(
    commit,
    { sizes: true },
    ({ mode, oid, size, raw }, kill) => {
      if (limit && entries.length >= limit.max) return kill(limit.error());
      entries.push({
        path: raw.toString("utf8"),
        kind: mode === "120000" ? "symlink" : mode === "160000" ? "submodule" : "file",
        oid,
        size: size ?? 0,
      });
    },
    options,
  );
  return entries;
}
