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

// "<mode> SP <type> SP <oid> [SP+ <size>] TAB <path>": the path is all after the first tab.
function parseEntry(line: Buffer): TreeEntry {
  const tab = line.indexOf(TAB);
  const [mode = "", type = "", oid = "", size] = line
    .toString("latin1", 0, tab)
    .split(" ")
    .filter(Boolean);
  return {
    mode,
    type,
    oid,
    size: size === undefined || size === "-" ? undefined : Number(size),
    raw: line.subarray(tab + 1),
  };
}
