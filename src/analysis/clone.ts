import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Logger } from "pino";
import { committerDate } from "./commit-date.ts";
import { AnalysisError } from "./errors.ts";
import { tooManyFiles } from "./file-count.ts";
import { GitExitError, type GitOptions, type HeldGit, OFFLINE_CONFIG, runGit } from "./git.ts";
import { classifyGitFailure } from "./git-failure.ts";
import { holdGits } from "./git-hold.ts";
import type { GitTls } from "./git-tls.ts";
import { readLocalHead, writeSharedClone } from "./local-clone.ts";
import { withoutPromisor } from "./promisor.ts";
import { directorySize } from "./sandbox.ts";
import { type BlobReader, openBlobs, READER_GIT } from "./scan/blobs.ts";
import { listingArgs, listTracked, listUnsized, sizeEntries, type TrackedEntry } from "./tree.ts";

export interface CloneOptions {
  /** A normalised https URL, or with `allowLocal` a local path or file:// URL. */
  url: string;
  /** Branch, tag or full commit sha; null for the default branch. */
  ref: string | null;
  /** Where the repository goes (a `.git` folder, no work tree); must not exist yet. */
  dest: string;
  /** HOME for git (the job's sandbox). */
  home: string;
  timeoutMs: number;
  /**
   * Quota in bytes: of what git stores, enforced while it writes, plus what the tip's files
   * hold, checked before any is read (what a checkout would have written).
   */
  maxBytes: number;
  /** Most entries (files, symlinks, submodules) the tree may have, counted before any is fetched. */
  maxFiles: number;
  /** Commits of history fetched with the tip (their commits and trees, no file contents). */
  depth: number;
  allowLocal: boolean;
  /**
   * `url` is a local directory (the CLI's, at its HEAD: `ref` null) whose object store the
   * clone reads in place (`git clone --shared`: the source's objects folder in the clone's
   * objects/info/alternates) instead of having the window packed, copied and indexed, which
   * was two thirds of a small repository's analysis. The source is only read: its
   * upload-pack, which git built to serve untrusted repositories (no hooks, no program from
   * that repository's configuration), lists its refs, and git reads objects from its store as
   * data, never its configuration. The whole history is then at hand, and
   * {@link boundHistory} cuts it where a `depth` fetch would have. Nothing is written to the
   * disk quota but a few small files, and the tip's files are counted and sized from their
   * listing as ever. Where its HEAD can be read from its files ({@link readLocalHead}: the
   * usual layout), that clone is written by hand ({@link writeSharedClone}: the same few files,
   * without a fork of this process, a git and the source's upload-pack); otherwise git clones.
   */
  shared?: boolean;
  /** Checked DNS answers to pin for this host, so git cannot be sent elsewhere in between. */
  pin?: Pin;
  /** What git verifies the host with ({@link gitTls}); default: libcurl's own CAs. */
  tls?: GitTls;
  signal?: AbortSignal;
  logger?: Logger;
  /** How often the quota is checked while git writes, in ms; default 250. */
  pollMs?: number;
  /**
   * The arguments of the history's log, held with the clone's own gits where it holds them
   * (a local directory whose HEAD it reads from its files): see {@link CloneResult.log}.
   */
  log?: readonly string[];
}

export interface CloneResult {
  commit: string;
  /** The commit's committer date, strict ISO 8601 in its committer's offset (git's `%cI`). */
  commitDate: string;
  /** The branch cloned; null when a tag or commit was asked for. */
  branch: string | null;
  /** False when the host serves no partial clone: the tip alone was fetched, no history. */
  history: boolean;
  /** The tip's tree with sizes, listed for the quota; the scan reads it rather than list again. */
  tip: TrackedEntry[];
  /**
   * The reader of the clone's objects that found the commit and the sizes, still open for the
   * scan and the steps after it (one `git cat-file` a job): the caller closes it.
   */
  objects: BlobReader;
  /** The history's log (`log`), held for the caller to run or let go; absent when not held. */
  log?: HeldGit;
}

const SHA = /^[0-9a-f]{40}$/i;

function remoteOf(url: string, allowLocal: boolean): string {
  if (/^https:\/\//i.test(url)) return url;
  if (!allowLocal)
    throw new AnalysisError(
      "LOCAL_NOT_ALLOWED",
      "local repositories are not enabled (ALLOW_LOCAL_REPOS)",
    );
  // file:// rather than a bare path: git ignores --depth for plain local paths.
  return url.startsWith("file://") ? url : pathToFileURL(url).href;
}

/**
 * Over file://, git starts the serving upload-pack itself, which refuses filters unless its
 * repository allows them (uploadpack.allowFilter, off by default): without this the blob-less
 * clone of a local repository would bring every blob of the window. Nor does it look for
 * deltas between the blobs it sends (pack.window=0): nothing crosses a network, and the
 * search was half the CPU of fetching a 290-file tip. A fixed command of ours; git ignores it
 * for https.
 */
function uploadPack(remote: string): string[] {
  return remote.startsWith("file://")
    ? ["--upload-pack=git -c uploadpack.allowFilter=true -c pack.window=0 upload-pack"]
    : [];
}

/** A host and the addresses it resolved to when checked. */
export interface Pin {
  host: string;
  addresses: readonly string[];
}

/**
 * The `-c` settings every git command that talks to the remote must carry: the checked DNS
 * answers pinned (`http.curloptResolve`), so no later lookup can send git elsewhere, and the
 * certificate authorities to verify the host with. One list, so clone, fetch, the fetch of the
 * tip's blobs and ls-remote agree.
 *
 * @example
 * transportConfig({ host: "github.com", addresses: ["140.82.121.4"] })
 * // ["http.curloptResolve=github.com:443:140.82.121.4"]
 */
export function transportConfig(pin: Pin | undefined, tls?: GitTls): string[] {
  const config = tls ? [`http.sslCAInfo=${tls.caFile}`] : [];
  if (tls?.caDir) config.push(`http.sslCAPath=${tls.caDir}`);
  if (!pin || pin.addresses.length === 0) return config;
  const list = pin.addresses.map((a) => (a.includes(":") ? `[${a}]` : a)).join(",");
  return [...config, `http.curloptResolve=${pin.host}:443:${list}`];
}

/**
 * Makes a shallow, single-branch, hook-free copy of one ref of a repository and `depth` commits
 * of its history, in one blob-less partial clone, with a wall-clock timeout and a disk quota
 * enforced while git runs: either kills git's process group and fails with CLONE_TIMEOUT or
 * REPO_TOO_LARGE. The commits and trees of the window come first, without a file's contents;
 * the tip's entries are counted (TOO_MANY_FILES past `maxFiles`), and only then are the tip's
 * blobs fetched, in one batch, into the object store: a tree of a million empty files is
 * refused having cost its trees. No work tree is written: the scan reads the blobs from the
 * store (writing 6,000 files cost more system CPU than all the rest, issue #20), and the
 * quota counts what they hold, known from the tree before anything is read. The copy is then
 * cut off from the remote for good, so nothing read later (an old blob, say) can be fetched
 * on git's own. The caller owns `dest`'s sandbox and removes it.
 *
 * @example
 * const { commit } = await cloneRepository({ url, ref: null, dest: box.repo, home: box.home,
 *   timeoutMs: 120_000, maxBytes: 200 * 2 ** 20, maxFiles: 40_000, depth: 1000,
 *   allowLocal: false, signal });
 */
export async function cloneRepository(options: CloneOptions): Promise<CloneResult> {
  const { ref, dest, maxBytes, shared = false } = options;
  // A path for a shared clone: git clones a local path in place, but over file:// it packs.
  const remote = shared ? path.resolve(options.url) : remoteOf(options.url, options.allowLocal);
  const deadline = Date.now() + options.timeoutMs;
  const quota = quotaWatcher(dest, maxBytes, options.pollMs ?? 250);
  // The one root the host was checked with, when gitTls narrowed to it; every root trusted from
  // the first fetch whose TLS check fails with it on (see {@link trustingWide}).
  let tls = options.tls;
  const gitOptions = (): Omit<GitOptions, "cwd"> => ({
    home: options.home,
    signal: options.signal,
    allowFile: options.allowLocal,
    config: transportConfig(options.pin, tls),
    timeoutMs: Math.max(1, deadline - Date.now()),
    onTimeout: () =>
      new AnalysisError(
        "CLONE_TIMEOUT",
        `cloning took longer than ${Math.round(options.timeoutMs / 1000)} s`,
      ),
  });
  const git: Git = (args, cwd, extra = {}) => {
    const base = gitOptions();
    const config = [...(base.config ?? []), ...(extra.config ?? [])];
    return runGit(args, { ...base, cwd, watch: quota, ...extra, config });
  };
  const failure = { ref, host: options.pin?.host, logger: options.logger };
  /**
   * Runs a fetch; if git's TLS check failed with the narrowed root, runs it once more trusting
   * every root (a host may answer git with another chain than it gave the check: a renewed
   * certificate, another edge server), after `reset` (a failed fetch may leave its files).
   */
  const trustingWide = async (run: () => Promise<void>, reset?: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const wide = tls?.wide;
      if (
        !wide ||
        classifyGitFailure(error, { ref, host: options.pin?.host }).code !== "TLS_FAILED"
      )
        throw error;
      options.logger?.info(
        { host: options.pin?.host },
        "git did not verify the host with the root it was checked with: trusting every root",
      );
      tls = wide;
      await reset?.();
      await run();
    }
  };
  const fetch = (window: string[], extra?: Partial<GitOptions>) =>
    trustingWide(
      () => fetchObjects(git, { remote, ref, dest, home: options.home, window, extra }),
      () => rm(dest, { recursive: true, force: true }),
    );

  // A host that does not serve partial clones ignores the filter, and would send every blob
  // of the window: git says so before the pack comes, and is stopped there. The end of what
  // came before is kept, in case the warning straddles two reads.
  const filterIgnored = new AnalysisError("GIT_FAILED", "the host ignored the blob filter");
  let stderr = "";
  let history = true;
  // A local directory's HEAD read from its files needs no git to clone it: a few files do.
  const localHead = shared ? readLocalHead(remote) : null;
  if (localHead) writeSharedClone(dest, localHead);
  // Its gits are all known now, and one fork of this process holds them (see holdGits).
  const [reader, listing, count, log] = localHead
    ? holdGits(
        [
          READER_GIT,
          { args: listingArgs(localHead.commit, true), config: OFFLINE_CONFIG },
          { args: countArgs(localHead.commit, options.depth), config: OFFLINE_CONFIG },
          ...(options.log ? [{ args: options.log, config: OFFLINE_CONFIG }] : []),
        ],
        { cwd: dest, home: options.home, allowFile: options.allowLocal, ...signalOf(options) },
      )
    : [];
  if (!localHead)
    try {
      await fetch(shared ? ["--shared"] : ["--filter=blob:none", `--depth=${options.depth}`], {
        onStderr: (chunk, kill) => {
          stderr = (stderr + chunk.toString("latin1")).slice(-200);
          if (stderr.includes("filtering not recognized by server")) kill(filterIgnored);
        },
      });
    } catch (error) {
      if (error !== filterIgnored) throw classifyGitFailure(error, failure);
      options.logger?.info({ ref }, "the host serves no partial clone: the tip only, no history");
      history = false;
      await rm(dest, { recursive: true, force: true });
      await fetch(["--depth=1"]).catch((error: unknown) => {
        throw classifyGitFailure(error, failure);
      });
    }

  const fetched = ref && SHA.test(ref) ? "FETCH_HEAD" : "HEAD";
  // One git reads the objects from here on: the commit, the tip's sizes, and, for the caller,
  // every file the scan and the steps after it read. It starts before the tip's blobs are
  // fetched (git looks for new packs before it calls an object missing), and offline.
  const objects = openBlobs(dest, {
    home: options.home,
    ...signalOf(options),
    ...(reader ? { held: reader } : {}),
  });
  try {
    // A local HEAD read from its files is known already: the listing and the count start
    // with the reader, and its date is read beside them.
    const commit = localHead?.commit ?? (await tipCommit(objects, fetched));
    // Offline: the trees are all there, and a count must not fetch anything.
    const offline = () => ({ ...gitOptions(), config: OFFLINE_CONFIG, cwd: dest });
    const dating = dateOf(commit, objects, () =>
      runGit(["log", "-1", "--format=%cI", commit], offline()),
    );
    // Without history (no partial clone) every blob of the tip came with it; a shared clone
    // reads them all from the source's store. Then no fetch waits on the count.
    const fetchesBlobs = history && !shared;
    // The tip's entries, counted before any of their contents is fetched (TOO_MANY_FILES past
    // maxFiles): a tree of a million empty files is refused having cost its trees. A shared
    // clone's history is cut meanwhile: neither git needs what the other writes. With every
    // blob in the store already, git lists their sizes with them (`ls-tree -l`: 35 ms more on
    // 25,000 files, where the reader's answers take 120-200 ms of CPU).
    const limit = {
      max: options.maxFiles,
      error: () => tooManyFiles(options.maxFiles, fetchesBlobs ? "fetched" : "read"),
    };
    const sizedListing = fetchesBlobs
      ? undefined
      : listTracked(commit, { ...offline(), ...(listing ? { held: listing } : {}) }, limit);
    const [, listed, , commitDate] = await settled(
      localHead ? heldCommit(objects, commit) : Promise.resolve(),
      sizedListing ?? listUnsized(commit, offline(), limit),
      shared
        ? boundHistory(git, { remote, dest, commit, depth: options.depth, count }).catch(
            (error: unknown) => {
              throw classifyGitFailure(error, failure);
            },
          )
        : Promise.resolve(),
      dating,
    );
    const blobs = new Set(listed.filter((e) => e.kind !== "submodule").map((e) => e.oid));
    if (fetchesBlobs && blobs.size > 0)
      await trustingWide(() => fetchBlobs(git, { remote, dest, blobs: [...blobs] })).catch(
        (error: unknown) => {
          throw classifyGitFailure(error, failure);
        },
      );
    // A fetch that finished between two polls is measured once more.
    const stored = await directorySize(dest);
    if (stored > maxBytes) throw tooLarge(maxBytes, stored);
    // A shared clone is no partial clone: there is nothing git could fetch on its own.
    if (!shared) await cutOff(dest);
    // What a checkout would write, known before anything is read: a small pack of highly
    // compressible blobs (a zip bomb) is refused here by what it unpacks to.
    const tip = sizedListing ? await sizedListing : await sizeEntries(listed, objects);
    const size = tip.reduce((total, entry) => total + entry.size, stored);
    if (size > maxBytes) throw tooLarge(maxBytes, size);

    let branch: string | null = null;
    if (fetched === "FETCH_HEAD") {
      // A fetched commit leaves HEAD unborn: detach it at the commit, as a checkout would, for
      // the history that reads HEAD. No file is written.
      await git(["update-ref", "--no-deref", "HEAD", commit], dest);
    } else branch = await headBranch(dest);
    options.logger?.debug({ commit, ref, files: tip.length, size }, "clone finished");
    return { commit, commitDate, branch, history, tip, objects, ...(log ? { log } : {}) };
  } catch (error) {
    await objects.close();
    // Any still held, never run: let go, so that the holding shell ends.
    await Promise.all([listing, count, log].map((held) => held?.dispose()));
    throw error;
  }
}

/**
 * Every result, or the first failure once none is still running: the clone's folder is
 * removed after a failure, and no git may be writing into it then.
 */
async function settled<T extends readonly unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === "rejected") throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Fails with a reason when the store lacks the commit a local HEAD names (a damaged
 * repository), before the listing's git says only that it found no tree: {@link settled}
 * reports the first failure in its order.
 */
async function heldCommit(objects: BlobReader, commit: string): Promise<void> {
  if (!(await objects.info(`${commit}^{commit}`)))
    throw new AnalysisError(
      "GIT_FAILED",
      `the repository's HEAD names commit ${commit}, which its object store does not hold`,
    );
}

/** The commit `name` resolves to, asked of the reader; EMPTY_REPOSITORY when there is none. */
async function tipCommit(objects: BlobReader, name: string): Promise<string> {
  const head = await objects.info(`${name}^{commit}`);
  if (!head) throw new AnalysisError("EMPTY_REPOSITORY", "the repository has no commits");
  return head.oid;
}

/** Most bytes of a commit object read for its date: its header comes first. */
const COMMIT_BYTES = 2 ** 20;

/**
 * The commit's committer date, read from its object ({@link committerDate}); for a date in a
 * form of git's own, or a commit larger than COMMIT_BYTES (a header of 20,000 parents), git
 * is asked to print it, so the report says what git says.
 */
async function dateOf(
  commit: string,
  objects: BlobReader,
  askGit: () => Promise<Buffer>,
): Promise<string> {
  const object = await objects.read(commit, COMMIT_BYTES, "commit");
  const date = object instanceof Buffer ? committerDate(object) : undefined;
  if (date !== undefined) return date;
  try {
    return (await askGit()).toString("utf8").trim();
  } catch (error) {
    if (!(error instanceof GitExitError)) throw error;
    throw new AnalysisError("GIT_FAILED", `git could not read the commit's date: ${error.message}`);
  }
}

/**
 * The branch the clone's HEAD names, or null when it is detached (a tag was cloned). Read from
 * `.git/HEAD` rather than asked of a git process (one less a job): the clone's refs are in
 * git's default "files" store, since no configuration reaches git that could choose another,
 * where HEAD is `ref: refs/heads/<branch>` or a commit id (gitrepository-layout).
 */
async function headBranch(dest: string): Promise<string | null> {
  const head = await readFile(path.join(dest, ".git", "HEAD"), "utf8");
  return /^ref: refs\/heads\/(.+)\n?$/.exec(head)?.[1] ?? null;
}

type Git = (args: string[], cwd: string, extra?: Partial<GitOptions>) => Promise<Buffer>;

/** How many of the first `depth` commits back from `commit` there are: see {@link boundHistory}. */
const countArgs = (commit: string, depth: number) => [
  "rev-list",
  "--count",
  `--max-count=${depth}`,
  commit,
];

const signalOf = (options: { signal?: AbortSignal | undefined }) =>
  options.signal ? { signal: options.signal } : {};

/**
 * Ends a shared clone's history where a clone with `--depth=depth` would have (git ignores
 * --depth when it clones a local path), so that its report is that of a clone over file://:
 * the commits at the edge go to .git/shallow, where the history's log stops and lists no
 * files. git itself finds the edge (merges make it a set, not the `depth`-th commit), in a
 * fetch of the tip at that depth from the source, whose upload-pack sends the edge and no
 * objects, as the clone says it has the tip (--negotiation-tip: a detached HEAD is no ref it
 * would offer). git would offer the source's refs too, listed by a `git for-each-ref` run in
 * the source (core.alternateRefsCommand), which reads that repository's configuration: `true`
 * lists none instead. A history shorter than the window has no edge: one count, no fetch.
 */
async function boundHistory(
  git: Git,
  {
    remote,
    dest,
    commit,
    depth,
    count: held,
  }: { remote: string; dest: string; commit: string; depth: number; count: HeldGit | undefined },
) {
  const count = await git(countArgs(commit, depth), dest, held ? { held } : {});
  if (Number(count.toString("utf8")) < depth) return;
  await git(
    [
      "fetch",
      "-q",
      `--depth=${depth}`,
      "--no-tags",
      "--no-write-fetch-head",
      "--recurse-submodules=no",
      `--negotiation-tip=${commit}`,
      remote,
      commit,
    ],
    dest,
    { config: ["core.alternateRefsCommand=true"] },
  );
}

/**
 * The objects of `ref` and its `window` (depth and filter), without a checkout: a clone of one
 * branch or tag, or, for a commit sha, which --branch cannot name, a fetch of exactly that
 * commit into an empty repository.
 */
async function fetchObjects(
  git: Git,
  to: {
    remote: string;
    ref: string | null;
    dest: string;
    home: string;
    window: string[];
    extra: Partial<GitOptions> | undefined;
  },
): Promise<void> {
  const { remote, ref, dest, window, extra } = to;
  if (ref && SHA.test(ref)) {
    await git(["init", "-q", "--template=", dest], to.home);
    await git(["remote", "add", "origin", remote], dest);
    await git(
      ["fetch", "-q", ...window, "--no-tags", ...uploadPack(remote), "origin", ref],
      dest,
      extra,
    );
    return;
  }
  const branch = ref ? ["--branch", ref] : [];
  await git(
    [
      "clone",
      "-q",
      ...window,
      "--single-branch",
      "--no-tags",
      "--no-recurse-submodules",
      "--no-checkout",
      "--template=",
      ...uploadPack(remote),
      ...branch,
      "--",
      remote,
      dest,
    ],
    to.home,
    extra,
  );
}

/**
 * The tip's blobs, in one request: the one a checkout of a blob-less clone makes for the
 * blobs it lacks (git's promisor fetch: `fetch <remote> --filter=blob:none --stdin` with the
 * ids on stdin, no negotiation, no refs written), made by us so that no file is written.
 */
async function fetchBlobs(
  git: Git,
  to: { remote: string; dest: string; blobs: readonly string[] },
): Promise<void> {
  await git(
    [
      "fetch",
      "-q",
      "origin",
      "--no-tags",
      "--no-write-fetch-head",
      "--recurse-submodules=no",
      "--filter=blob:none",
      ...uploadPack(to.remote),
      "--stdin",
    ],
    to.dest,
    {
      input: Buffer.from(`${to.blobs.join("\n")}\n`),
      config: ["fetch.negotiationAlgorithm=noop"],
    },
  );
}

/**
 * Makes the partial clone an ordinary repository that merely lacks the old blobs: without a
 * promisor remote (extensions.partialClone, and the remote whose promisor or
 * partialclonefilter settings would name it one), git reports a missing object as an error
 * instead of fetching it, whatever a later command asks and whatever `-c` it runs with. The
 * file is edited here rather than by `git config --remove-section`: no other git runs in the
 * clone at this point, and a git started from the analysis process costs a fork of a process of
 * some 70 MB (5-8 ms of CPU on a paravirtualised host, ten times that at 0.1 CPU).
 */
async function cutOff(dest: string) {
  const file = path.join(dest, ".git", "config");
  await writeFile(file, withoutPromisor(await readFile(file, "utf8")));
}

function tooLarge(maxBytes: number, size: number): AnalysisError {
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  return new AnalysisError(
    "REPO_TOO_LARGE",
    `the repository is larger than the ${mb(maxBytes)} MB limit (${mb(size)} MB when stopped)`,
  );
}

/**
 * Polls the size of `dir` (a `.git` folder: a few packs, since no work tree is written) while
 * git writes and kills git once it exceeds `maxBytes`. The next poll waits at least twice as
 * long as the last walk took.
 */
function quotaWatcher(dir: string, maxBytes: number, pollMs: number): GitOptions["watch"] {
  return (kill) => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const poll = async () => {
      const started = Date.now();
      const size = await directorySize(dir);
      if (stopped) return;
      if (size > maxBytes) {
        kill(tooLarge(maxBytes, size));
        return;
      }
      timer = setTimeout(poll, Math.max(pollMs, 2 * (Date.now() - started)));
    };
    timer = setTimeout(poll, pollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  };
}

/**
 * The commit a ref (or the default branch) points at, without cloning: `git ls-remote`.
 * Lets the worker reuse an earlier report of the same commit.
 */
export async function resolveRemoteCommit(options: {
  url: string;
  ref: string | null;
  home: string;
  allowLocal: boolean;
  timeoutMs: number;
  pin?: Pin;
  tls?: GitTls;
  signal?: AbortSignal;
  logger?: Logger;
}): Promise<string> {
  const { ref } = options;
  if (ref && SHA.test(ref)) return ref.toLowerCase();
  const remote = remoteOf(options.url, options.allowLocal);
  let out: string;
  try {
    out = (
      await runGit(
        ["ls-remote", "--", remote, ...(ref ? [ref, `refs/tags/${ref}^{}`] : ["HEAD"])],
        {
          cwd: options.home,
          home: options.home,
          signal: options.signal,
          allowFile: options.allowLocal,
          config: transportConfig(options.pin, options.tls),
          timeoutMs: options.timeoutMs,
          onTimeout: () =>
            new AnalysisError("CLONE_TIMEOUT", "the repository host did not answer in time"),
        },
      )
    ).toString("utf8");
  } catch (error) {
    throw classifyGitFailure(error, { ref, host: options.pin?.host, logger: options.logger });
  }
  const lines = out
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t") as [string, string]);
  // A peeled annotated tag ("^{}") names the commit; prefer it, then an exact branch or tag.
  const pick =
    lines.find(([, name]) => name.endsWith("^{}")) ??
    lines.find(
      ([, name]) => name === `refs/heads/${ref}` || name === `refs/tags/${ref}` || name === "HEAD",
    ) ??
    lines[0];
  if (!pick) {
    if (ref)
      throw new AnalysisError(
        "REF_NOT_FOUND",
        `the ref "${ref}" does not exist in this repository`,
      );
    throw new AnalysisError("EMPTY_REPOSITORY", "the repository has no commits");
  }
  return pick[0];
}
