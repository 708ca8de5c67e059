import { pathToFileURL } from "node:url";
import type { Logger } from "pino";
import { AnalysisError } from "./errors.ts";
import { assertFileCount } from "./file-count.ts";
import { type GitOptions, runGit } from "./git.ts";
import { classifyGitFailure } from "./git-failure.ts";
import { directorySize } from "./sandbox.ts";

export interface CloneOptions {
  /** A normalised https URL, or with `allowLocal` a local path or file:// URL. */
  url: string;
  /** Branch, tag or full commit sha; null for the default branch. */
  ref: string | null;
  /** Where the work tree goes; must not exist yet. */
  dest: string;
  /** HOME for git (the job's sandbox). */
  home: string;
  timeoutMs: number;
  /** Disk quota for the clone in bytes, enforced while git writes. */
  maxBytes: number;
  /** Most entries (files, symlinks, submodules) the tree may have, counted before checkout. */
  maxFiles: number;
  allowLocal: boolean;
  /** Checked DNS answers to pin for this host, so git cannot be sent elsewhere in between. */
  pin?: Pin;
  /** PEM file of the certificate authorities git trusts for https, instead of the system's. */
  caFile?: string;
  signal?: AbortSignal;
  logger?: Logger;
  /** How often the quota is checked, in ms; default 250 (slower when walking takes long). */
  pollMs?: number;
}

export interface CloneResult {
  commit: string;
  /** The branch checked out; null when a tag or commit was asked for. */
  branch: string | null;
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

/** A host and the addresses it resolved to when checked. */
export interface Pin {
  host: string;
  addresses: readonly string[];
}

/**
 * The `-c` settings every git command that talks to the remote must carry: the checked DNS
 * answers pinned (`http.curloptResolve`), so no later lookup can send git elsewhere, and the CA
 * bundle to verify the host with. One list, so clone, fetch, history fetch and ls-remote agree.
 *
 * @example
 * transportConfig({ host: "github.com", addresses: ["140.82.121.4"] })
 * // ["http.curloptResolve=github.com:443:140.82.121.4"]
 */
export function transportConfig(pin: Pin | undefined, caFile?: string): string[] {
  const config = caFile ? [`http.sslCAInfo=${caFile}`] : [];
  if (!pin || pin.addresses.length === 0) return config;
  const list = pin.addresses.map((a) => (a.includes(":") ? `[${a}]` : a)).join(",");
  return [...config, `http.curloptResolve=${pin.host}:443:${list}`];
}

/**
 * Makes a shallow, single-branch, hook-free copy of one ref of a repository, with a wall-clock
 * timeout and a disk quota enforced while git runs: either kills git's process group and fails
 * with CLONE_TIMEOUT or REPO_TOO_LARGE. The objects come first, without a checkout; the tree's
 * entries are counted (TOO_MANY_FILES past `maxFiles`) and only then written out, so a tree of
 * a million empty files is refused having cost its pack, not its inodes. The caller owns
 * `dest`'s sandbox and removes it.
 *
 * @example
 * const { commit } = await cloneRepository({ url, ref: null, dest: box.repo, home: box.home,
 *   timeoutMs: 120_000, maxBytes: 200 * 2 ** 20, allowLocal: false, signal });
 */
export async function cloneRepository(options: CloneOptions): Promise<CloneResult> {
  const { ref, dest, maxBytes } = options;
  const remote = remoteOf(options.url, options.allowLocal);
  const deadline = Date.now() + options.timeoutMs;
  const quota = quotaWatcher(dest, maxBytes, options.pollMs ?? 250);
  const gitOptions = (): Omit<GitOptions, "cwd"> => ({
    home: options.home,
    signal: options.signal,
    allowFile: options.allowLocal,
    // A symlink in a hostile tree becomes a plain file holding its target: nothing in the
    // sandbox can point outside it. The index still records it as a link, and we skip it.
    config: ["core.symlinks=false", ...transportConfig(options.pin, options.caFile)],
    timeoutMs: Math.max(1, deadline - Date.now()),
    onTimeout: () =>
      new AnalysisError(
        "CLONE_TIMEOUT",
        `cloning took longer than ${Math.round(options.timeoutMs / 1000)} s`,
      ),
  });
  const git = (args: string[], cwd: string) => runGit(args, { ...gitOptions(), cwd, watch: quota });
  const failure = { ref, host: options.pin?.host, logger: options.logger };

  try {
    if (ref && SHA.test(ref)) {
      // A commit cannot be named by --branch: fetch exactly that commit into an empty repository.
      await git(["init", "-q", "--template=", dest], options.home);
      await git(["remote", "add", "origin", remote], dest);
      await git(["fetch", "-q", "--depth", "1", "--no-tags", "origin", ref], dest);
    } else {
      const branch = ref ? ["--branch", ref] : [];
      await git(
        [
          "clone",
          "-q",
          "--depth",
          "1",
          "--single-branch",
          "--no-tags",
          "--no-recurse-submodules",
          "--no-checkout",
          "--template=",
          ...branch,
          "--",
          remote,
          dest,
        ],
        options.home,
      );
    }
  } catch (error) {
    throw classifyGitFailure(error, failure);
  }

  const fetched = ref && SHA.test(ref) ? "FETCH_HEAD" : "HEAD";
  let commit: string;
  try {
    commit = (await git(["rev-parse", "--verify", "-q", `${fetched}^{commit}`], dest))
      .toString("utf8")
      .trim();
  } catch {
    throw new AnalysisError("EMPTY_REPOSITORY", "the repository has no commits");
  }
  const files = await assertFileCount(commit, options.maxFiles, { ...gitOptions(), cwd: dest });
  // -f: after --no-checkout the index is empty, and a plain checkout would leave it so. HEAD
  // by name keeps the branch checked out (a tag stays detached).
  await git(
    ["checkout", "-q", "-f", ...(fetched === "HEAD" ? ["HEAD"] : ["--detach", commit])],
    dest,
  ).catch((error: unknown) => {
    throw classifyGitFailure(error, failure);
  });

  // A checkout that finished between two polls is measured once more: the quota holds either way.
  const size = await directorySize(dest);
  if (size > maxBytes) throw tooLarge(maxBytes, size);

  const head = (await git(["rev-parse", "--abbrev-ref", "HEAD"], dest)).toString("utf8").trim();
  options.logger?.debug({ commit, ref, files }, "clone finished");
  return { commit, branch: head === "HEAD" ? null : head };
}

function tooLarge(maxBytes: number, size: number): AnalysisError {
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  return new AnalysisError(
    "REPO_TOO_LARGE",
    `the repository is larger than the ${mb(maxBytes)} MB limit (${mb(size)} MB when stopped)`,
  );
}

/**
 * Polls the size of `dir` while git writes and kills git once it exceeds `maxBytes`. The walk
 * costs time on big trees, so the next poll waits at least twice as long as the last walk took.
 */
export function quotaWatcher(dir: string, maxBytes: number, pollMs: number): GitOptions["watch"] {
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
  caFile?: string;
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
          config: transportConfig(options.pin, options.caFile),
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
