import type { Report } from "../report.ts";
import type { ScannedFile } from "../scan/index.ts";
import { type ChangesOptions, readChanges } from "./changes.ts";
import type { GitFacts } from "./history.ts";
import { ownershipOf, rankHotspots } from "./hotspots.ts";

/** A source file whose complexity was measured, with what ranks it. */
export interface Measured {
  path: string;
  language: string;
  code: number;
  complexity: number;
}

/** The source files whose complexity was measured (their language has branch tokens). */
export function measuredFiles(files: readonly ScannedFile[]): Measured[] {
  const out: Measured[] = [];
  for (const f of files) {
    const complexity = f.lines?.complexity;
    if (f.category !== "source" || complexity === undefined || !f.language) continue;
    out.push({ path: f.path, language: f.language, code: f.lines?.code ?? 0, complexity });
  }
  return out;
}

export type Activity = Pick<Report, "hotspots" | "ownership"> & { churn: Report["git"]["churn"] };

/**
 * Hotspots and ownership from the history already fetched (a local `git log`, no second
 * fetch). Without history, or when the log fails, both are null and `churn` says why.
 *
 * @example
 * const { hotspots, ownership, churn } = await historyActivity(repo, git, measuredFiles(scan.files),
 *   { home, allowFile: false, maxCommits: 1000, timeoutMs: 30_000, signal });
 */
export async function historyActivity(
  root: string,
  git: GitFacts,
  measured: readonly Measured[],
  options: Omit<ChangesOptions, "paths">,
): Promise<Activity> {
  if (!git.history.available)
    return {
      churn: { available: false, reason: git.history.reason },
      hotspots: null,
      ownership: null,
    };
  try {
    const changes = await readChanges(root, {
      ...options,
      paths: new Set(measured.map((f) => f.path)),
    });
    return {
      churn: { available: true, commits: changes.commits },
      hotspots: rankHotspots(changes, measured),
      ownership: ownershipOf(changes),
    };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return {
      churn: {
        available: false,
        reason: `the files each commit changed could not be read: ${(error as Error).message.slice(0, 200)}`,
      },
      hotspots: null,
      ownership: null,
    };
  }
}
