import { compareText } from "../text-order.ts";
import type { Changes } from "./changes.ts";

/** A contributor and their commits; `share` is the percentage of the whole they were counted in. */
interface Owner {
  name: string;
  commits: number;
  share: number;
}

export interface Ownership {
  /** Commits of the window. */
  commits: number;
  /** Distinct authors of those commits. */
  contributors: number;
  /** The fewest authors who together made at least half of the commits. */
  busFactor: number;
  /** Every author, most commits first (the report keeps the first few). */
  owners: Owner[];
}

export interface Hotspot {
  path: string;
  language: string;
  /** Commits of the window that changed the file (churn). */
  commits: number;
  /** Branch points of the file today (see languages/complexity.ts). */
  complexity: number;
  /** commits × complexity: what ranks the list. */
  score: number;
  /** Distinct authors of those commits. */
  authors: number;
  /** The fewest of them who made at least half of those commits. */
  busFactor: number;
  /** The authors with most commits to it, at most {@link OWNERS_PER_HOTSPOT}. */
  owners: Owner[];
}

/** A file as measured today, for ranking. */
export interface MeasuredFile {
  path: string;
  language: string;
  complexity: number;
}

/** How many owners each hotspot names; its `authors` says how many there are in all. */
const OWNERS_PER_HOTSPOT = 3;

/**
 * The bus factor of a set of contributors: the fewest people who together made at least half
 * of the commits (0 for no commits). Counts in any order.
 *
 * @example
 * busFactor([6, 3, 1]); // 1: the first made 6 of 10
 * busFactor([4, 3, 3]); // 2
 */
export function busFactor(counts: readonly number[]): number {
  const sorted = [...counts].sort((a, b) => b - a);
  const total = sorted.reduce((sum, n) => sum + n, 0);
  let covered = 0;
  for (let i = 0; i < sorted.length; i++) {
    covered += sorted[i] as number;
    if (covered * 2 >= total) return i + 1;
  }
  return 0;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;

/** Authors by commits, most first, ties by name: the order never depends on the log's. */
function ranked(
  counts: Iterable<[string, number]>,
  nameOf: (key: string) => string,
  total: number,
): Owner[] {
  return [...counts]
    .map(([key, commits]) => ({ name: nameOf(key), commits, share: percent(commits, total) }))
    .sort((a, b) => b.commits - a.commits || compareText(a.name, b.name));
}

/**
 * Who made the window's commits: every author with their share, and the bus factor.
 *
 * @example
 * ownershipOf(changes); // { commits: 10, contributors: 3, busFactor: 1, owners: [{ name: "Ada", commits: 6, share: 60 }, ...] }
 */
export function ownershipOf(changes: Changes): Ownership {
  const counts = [...changes.authors].map(([key, a]) => [key, a.commits] as [string, number]);
  return {
    commits: changes.commits,
    contributors: changes.authors.size,
    busFactor: busFactor(counts.map(([, n]) => n)),
    owners: ranked(counts, (key) => changes.authors.get(key)?.name ?? key, changes.commits),
  };
}

/**
 * Files ranked by churn × complexity, highest first (ties: more commits, then path), each
 * with both figures and its own bus factor and owners. Files never changed in the window, or
 * with no branch points, are no hotspots.
 *
 * @example
 * rankHotspots(changes, [{ path: "src/app.ts", language: "TypeScript", complexity: 40 }]);
 * // [{ path: "src/app.ts", commits: 12, complexity: 40, score: 480, busFactor: 1, ... }]
 */
export function rankHotspots(changes: Changes, files: readonly MeasuredFile[]): Hotspot[] {
  const nameOf = (key: string) => changes.authors.get(key)?.name ?? key;
  const spots: Hotspot[] = [];
  for (const file of files) {
    const tally = changes.files.get(file.path);
    if (!tally || file.complexity === 0) continue;
    spots.push({
      path: file.path,
      language: file.language,
      commits: tally.commits,
      complexity: file.complexity,
      score: tally.commits * file.complexity,
      authors: tally.authors.size,
      busFactor: busFactor([...tally.authors.values()]),
      owners: ranked(tally.authors, nameOf, tally.commits).slice(0, OWNERS_PER_HOTSPOT),
    });
  }
  return spots.sort(
    (a, b) => b.score - a.score || b.commits - a.commits || compareText(a.path, b.path),
  );
}
