import { type GitOptions, OFFLINE_CONFIG, runGit } from "../git.ts";

type MonthCount = { month: string; commits: number };

type History =
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
      /**
       * Commits per calendar month (UTC), oldest first, for a chart: the months from the first
       * commit read to the last, at most the last MONTHS_SHOWN of them, empty months included.
       */
      commitsPerMonth: MonthCount[];
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
  allowFile: boolean;
  /** At most this many commits of history are read. */
  maxCommits: number;
  timeoutMs: number;
  signal?: AbortSignal;
  now?: Date;
}

const DAY = 86_400_000;

/**
 * Commit, date and branch of HEAD, and history figures (commits, contributors, first and last
 * commit, commits in the last 90 days) over a bounded window, from the commits the clone
 * brought (see cloneRepository: a window of `maxCommits`, without file contents). Read
 * offline; if the log fails, history is marked unavailable with the reason.
 */
export async function gitFacts(dir: string, options: GitFactsOptions): Promise<GitFacts> {
  const git = (args: string[], extra: Partial<GitOptions> = {}) =>
    runGit(args, {
      cwd: dir,
      home: options.home,
      signal: options.signal,
      allowFile: options.allowFile,
      config: OFFLINE_CONFIG,
      ...extra,
    }).then((b) => b.toString("utf8").trim());

  const [commit = "", date = ""] = (await git(["log", "-1", "--format=%H%x09%cI", "HEAD"])).split(
    "\t",
  );
  const head = await git(["rev-parse", "--abbrev-ref", "HEAD"]);
  const branch = head === "HEAD" ? null : head;

  let history: History;
  try {
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

/** The most months `commitsPerMonth` holds: two years, a small chart's worth. */
export const MONTHS_SHOWN = 24;

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** Counts per month over the last MONTHS_SHOWN months up to `last`, none left out. */
function perMonth(times: number[], first: number, last: number): MonthCount[] {
  const end = new Date(last);
  const months: string[] = [];
  for (let back = MONTHS_SHOWN - 1; back >= 0; back--) {
    const month = monthOf(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back, 1));
    if (month >= monthOf(first)) months.push(month);
  }
  const counts = new Map(months.map((m) => [m, 0]));
  for (const at of times) {
    const month = monthOf(at);
    const n = counts.get(month);
    if (n !== undefined) counts.set(month, n + 1);
  }
  return months.map((month) => ({ month, commits: counts.get(month) ?? 0 }));
}

function summarise(log: string, window: number, now: Date): History {
  const lines = log.split("\n").filter(Boolean);
  if (lines.length === 0) return { available: false, reason: "no history" };
  const authors = new Set<string>();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let recent = 0;
  const since = now.getTime() - 90 * DAY;
  const times: number[] = [];
  for (const line of lines) {
    const [email = "", seconds = "0"] = line.split("\t");
    authors.add(email.toLowerCase());
    const at = Number(seconds) * 1000;
    times.push(at);
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
    commitsPerMonth: perMonth(times, first, last),
  };
}
