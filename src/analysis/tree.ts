import { AnalysisError } from "./errors.ts";
import { type GitOptions, runGit } from "./git.ts";
import type { BlobReader } from "./scan/blobs.ts";

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

/** The listing's arguments: see {@link walkTree}. */
export const listingArgs = (commit: string, sizes: boolean) => [
  "ls-tree",
  "-r",
  "-z",
  ...(sizes ? ["-l"] : []),
  "--full-tree",
  commit,
];

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
async function walkTree(
  commit: string,
  listing: { sizes: boolean },
  onEntry: (entry: TreeEntry, kill: (reason: AnalysisError) => void) => void,
  options: Omit<GitOptions, "onStdout">,
): Promise<void> {
  let rest: Buffer | undefined;
  await runGit(listingArgs(commit, listing.sizes), {
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

/** An entry listed before its size is known: its blob may not be fetched yet. */
export type UnsizedEntry = Omit<TrackedEntry, "size">;

/** Most entries a listing may hold, and the failure of one with more. */
export interface ListingLimit {
  max: number;
  error: () => AnalysisError;
}

/**
 * Lists what a commit holds (`git ls-tree -r`, with `-l` for `sizes`): only what the
 * repository tracks, with modes (symlinks and submodules are known without reading them).
 * Run it offline (OFFLINE_CONFIG), so that nothing is fetched; sizes need the blobs in the
 * store. With `limit`, git is killed with `limit.error()` as soon as the listing passes
 * `limit.max` entries: a million-entry tree costs the same to refuse as one just over the
 * limit, and the entries held are never more than `max`.
 */
async function listEntries<T>(
  commit: string,
  sizes: boolean,
  toEntry: (entry: UnsizedEntry, size: number | undefined) => T,
  options: Omit<GitOptions, "onStdout">,
  limit: ListingLimit | undefined,
): Promise<T[]> {
  const entries: T[] = [];
  await walkTree(
    commit,
    { sizes },
    ({ mode, oid, size, raw }, kill) => {
      if (limit && entries.length >= limit.max) return kill(limit.error());
      const kind = mode === "120000" ? "symlink" : mode === "160000" ? "submodule" : "file";
      const path = raw.toString("utf8");
      // git lists the size of a blob the store lacks as "BAD".
      if (sizes && kind !== "submodule" && !Number.isSafeInteger(size))
        return kill(missingContents(path));
      entries.push(toEntry({ path, kind, oid }, size));
    },
    options,
  );
  return entries;
}

/**
 * Lists what a commit holds with sizes (`git ls-tree -r -l`): a file too large to read is
 * known before it is asked for. The blobs must be in the store already.
 *
 * @example
 * const entries = await listTracked("HEAD", { cwd: repo, home: sandbox, config: OFFLINE_CONFIG });
 */
export function listTracked(
  commit: string,
  options: Omit<GitOptions, "onStdout">,
  limit?: ListingLimit,
): Promise<TrackedEntry[]> {
  return listEntries(
    commit,
    true,
    (entry, size) => ({ ...entry, size: size ?? 0 }),
    options,
    limit,
  );
}

/**
 * Lists what a commit holds before its blobs are there (a partial clone's tip, counted before
 * any of its contents is fetched: the byte quota cannot see an empty-file bomb, 50,000 empty
 * files pack into about 1 MB, but every one of them costs the scan memory). The sizes come
 * later, from {@link sizeEntries}.
 *
 * @example
 * const tip = await listUnsized(commit, { cwd: repo, home: box, config: OFFLINE_CONFIG },
 *   { max: 40_000, error: () => tooManyFiles(40_000) });
 */
export function listUnsized(
  commit: string,
  options: Omit<GitOptions, "onStdout">,
  limit: ListingLimit,
): Promise<UnsizedEntry[]> {
  return listEntries(commit, false, (entry) => entry, options, limit);
}

/**
 * The entries with their blobs' sizes, asked of the reader that will read them (`info`, in one
 * write: no git process of its own), as `git ls-tree -l` would give them: the size of whatever
 * object an entry names (the scan reads only blobs). A blob the store lacks fails the listing,
 * as it fails `git ls-tree -l`: the host did not send what the tree names.
 *
 * @example
 * const tip = await sizeEntries(await listUnsized(commit, git, limit), objects);
 */
export async function sizeEntries(
  entries: readonly UnsizedEntry[],
  objects: Pick<BlobReader, "infos">,
): Promise<TrackedEntry[]> {
  const blobs = [...new Set(entries.filter((e) => e.kind !== "submodule").map((e) => e.oid))];
  const infos = await objects.infos(blobs);
  const sizes = new Map<string, number>();
  for (const [i, info] of infos.entries()) {
    const oid = blobs[i] as string;
    if (info === undefined) throw missingContents(entries.find((e) => e.oid === oid)?.path ?? oid);
    sizes.set(oid, info.size);
  }
  return entries.map(({ path, kind, oid }) => ({ path, kind, oid, size: sizes.get(oid) ?? 0 }));
}

/** A blob the tree names and the object store lacks: the host did not send it. */
function missingContents(path: string): AnalysisError {
  return new AnalysisError(
    "GIT_FAILED",
    `the object store has no file contents for ${JSON.stringify(path.slice(0, 200))}`,
  );
}
