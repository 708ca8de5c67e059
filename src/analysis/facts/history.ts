import type { GitOptions } from "../git.ts";
import { runGit } from "../git.ts";

export type History =
  | {
      available: true;
      commits: number;
      contributors: number;
      firstCommitAt: string;
      lastCommitAt: string;
      commitsLast90Days: number;
      /** False when the window (depth) ended before the first commit: figures are lower bounds. */
      complete: boolean;
      /** How many commits back we looked at most. */
      window: number;
    }
  | { available: false; reason: string };

export interface GitFacts {
  commit: string;
  commitDate: string;
  branch: string | null;
  history: History;
}

export interface GitFactsOptions {
  home: string;
  /** Fetch history from origin first (a shallow clone); false for a local work tree. */
  fetch: boolean;
  allowFile: boolean;
  /** At most this many commits of history are read. */
  maxCommits: number;
  timeoutMs: number;
  config?: readonly string[];
  signal?: AbortSignal;
  now?: Date;
  watch?: GitOptions["watch"];
}

const DAY = 86_400_000;

/**
 * Commit, date and branch of HEAD, and history figures (commits, contributors, first and last
 * commit, commits in the last 90 days) over a bounded window. A shallow clone first fetches that
 * window without file contents (`--filter=blob:none`), which costs little even on big
 * repositories; if the host refuses or is slow, history is marked unavailable with the reason.
 */
export async function gitFacts(dir: string, options: GitFactsOptions): Promise<GitFacts> {
  const git = (args: string[], extra: Partial<GitOptions> = {}) =>
    runGit(args, {
      cwd: dir,
      home: options.home,
      signal: options.signal,
      allowFile: options.allowFile,
      config: options.config,
      ...extra,
    }).then((b) => b.toString("utf8").trim());

  const [commit = "", date = ""] = (await git(["log", "-1", "--format=%H%x09%cI", "HEAD"])).split(
    "\t",
  );
  const head = await git(["rev-parse", "--abbrev-ref", "HEAD"]);
  const branch = head === "HEAD" ? null : head;

  let history: History;
  try {
    if (options.fetch) {
      await git(
        [
          "fetch",
          "-q",
          "--no-tags",
          "--filter=blob:none",
          `--depth=${options.maxCommits}`,
          "origin",
          commit,
        ],
        { timeoutMs: options.timeoutMs, watch: options.watch },
      );
    }
    history = await summarise(
      await git(["log", `--max-count=${options.maxCommits}`, "--format=%aE%x09%ct", "HEAD"], {
        timeoutMs: options.timeoutMs,
      }),
      options.maxCommits,
      options.now ?? new Date(),
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    history = {
      available: false,
      reason: `history could not be read: ${(error as Error).message.slice(0, 200)}`,
    };
  }
  return { commit, commitDate: date, branch, history };
}

function summarise(log: string, window: number, now: Date): History {
  const lines = log.split("\n").filter(Boolean);
  if (lines.length === 0) return { available: false, reason: "no history" };
  const authors = new Set<string>();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let recent = 0;
  const since = now.getTime() - 90 * DAY;
  for (const line of lines) {
    const [email = "", seconds = "0"] = line.split("\t");
    authors.add(email.toLowerCase());
    const at = Number(seconds) * 1000;
    first = Math.min(first, at);
    last = Math.max(last, at);
    if (at >= since) recent++;
  }
  return {
    available: true,
    commits: lines.length,
    contributors: authors.size,
    firstCommitAt: new Date(first).toISOString(),
    lastCommitAt: new Date(last).toISOString(),
    commitsLast90Days: recent,
    complete: lines.length < window,
    window,
  };
}
