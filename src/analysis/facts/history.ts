import { type GitOptions, OFFLINE_CONFIG, runGit } from "../git.ts";
import { type Changes, type ChangesOptions, readChanges } from "./changes.ts";

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

/**
 * HEAD, and the history window: its figures and, when it could be read, who changed which
 * files over it.
 */
export type GitFacts = {
  commit: string;
  commitDate: string;
  branch: string | null;
} & (
  | { history: Extract<History, { available: true }>; changes: Changes }
  | { history: Extract<History, { available: false }>; changes?: undefined }
);

export type GitFactsOptions = Omit<ChangesOptions, "paths"> & {
  /** The files whose changes are tallied (the tip's files); none by default. */
  paths?: ReadonlySet<string>;
  now?: Date;
  /** HEAD's commit, date and branch when the caller knows them, as the clone does: git is not asked. */
  head?: Head;
};

type Head = Pick<GitFacts, "commit" | "commitDate" | "branch">;

const DAY = 86_400_000;

/**
 * Commit, date and branch of HEAD, and history figures (commits, contributors, first and last
 * commit, commits in the last 90 days) over a bounded window, from the commits the clone
 * brought (see cloneRepository: a window of `maxCommits`, without file contents). The figures
 * and the changes of `paths` come from one read of the log (readChanges), offline; if it
 * fails, history is marked unavailable with the reason.
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

  const { paths = new Set<string>(), now = new Date(), head: known, ...read } = options;
  const head = known ?? (await currentHead(git));

  try {
    const changes = await readChanges(dir, { ...read, paths });
    const history = summarise(changes, options.maxCommits, now);
    return history.available ? { ...head, history, changes } : { ...head, history };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const reason = `history could not be read: ${(error as Error).message.slice(0, 200)}`;
    return { ...head, history: { available: false, reason } };
  }
}

async function currentHead(git: (args: string[]) => Promise<string>): Promise<Head> {
  const [commit = "", commitDate = ""] = (
    await git(["log", "-1", "--format=%H%x09%cI", "HEAD"])
  ).split("\t");
  const branch = await git(["rev-parse", "--abbrev-ref", "HEAD"]);
  return { commit, commitDate, branch: branch === "HEAD" ? null : branch };
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

function summarise(changes: Changes, window: number, now: Date): History {
  const { times } = changes;
  if (times.length === 0) return { available: false, reason: "no history" };
  const since = now.getTime() - 90 * DAY;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const at of times) {
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  return {
    available: true,
    commits: times.length,
    contributors: changes.authors.size,
    firstCommitAt: new Date(first).toISOString(),
    lastCommitAt: new Date(last).toISOString(),
    commitsLast90Days: times.filter((at) => at >= since).length,
    complete: times.length < window,
    window,
    commitsPerMonth: perMonth(times, first, last),
  };
}
