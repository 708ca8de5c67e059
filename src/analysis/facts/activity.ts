import type { Report } from "../report.ts";
import type { ScannedFile } from "../scan/index.ts";
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
 * Hotspots and ownership from the changes read with the history (gitFacts, given the measured
 * files' paths): no second read of the log. Without history, all are null and `churn` says why.
 *
 * @example
 * const { hotspots, ownership, churn } = historyActivity(git, measuredFiles(scan.files));
 */
export function historyActivity(git: GitFacts, measured: readonly Measured[]): Activity {
  if (git.changes === undefined)
    return {
      churn: { available: false, reason: git.history.reason },
      hotspots: null,
      ownership: null,
    };
  return {
    churn: { available: true, commits: git.changes.commits },
    hotspots: rankHotspots(git.changes, measured),
    ownership: ownershipOf(git.changes),
  };
}
