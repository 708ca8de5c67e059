import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { gitFacts, MONTHS_SHOWN } from "../../src/analysis/facts/history.ts";
import { createRepo, tempDir } from "./fixtures.ts";

const scratch = tempDir("history-months");
afterAll(() => scratch.remove());

function commitAt(dir: string, iso: string): void {
  execFileSync("git", ["commit", "-q", "--allow-empty", "-m", iso], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso },
  });
}

/** Dates the last commit (createRepo's) at `iso`, author and committer. */
function amendTo(dir: string, iso: string): void {
  execFileSync("git", ["commit", "-q", "--amend", "--allow-empty", "-m", iso, "--date", iso], {
    cwd: dir,
    env: { ...process.env, GIT_COMMITTER_DATE: iso },
  });
}

const facts = (dir: string) =>
  gitFacts(dir, {
    home: scratch.path,
    allowFile: true,
    maxCommits: 1000,
    timeoutMs: 30_000,
    now: new Date("2026-11-30T00:00:00Z"),
  });

describe("commits per month, for the report's history chart", () => {
  it("counts each month from the first commit to the last, empty months included", async () => {
    const dir = createRepo(`${scratch.path}/young`, { a: "1" });
    amendTo(dir, "2026-08-03T10:00:00Z");
    commitAt(dir, "2026-08-20T10:00:00Z");
    commitAt(dir, "2026-10-01T10:00:00Z");
    const { history } = await facts(dir);
    expect(history.available && history.commitsPerMonth).toEqual([
      { month: "2026-08", commits: 2 },
      { month: "2026-09", commits: 0 },
      { month: "2026-10", commits: 1 },
    ]);
  });

  it("holds at most the last two years of an old history", async () => {
    const dir = createRepo(`${scratch.path}/old`, { a: "1" });
    // Every commit dated: createRepo's own is made now, whose month moves with the calendar.
    amendTo(dir, "2010-01-15T10:00:00Z");
    commitAt(dir, "2026-11-02T10:00:00Z");
    commitAt(dir, "2026-11-20T10:00:00Z");
    const { history } = await facts(dir);
    const months = history.available ? history.commitsPerMonth : [];
    expect(months).toHaveLength(MONTHS_SHOWN);
    expect(months.at(-1)).toEqual({ month: "2026-11", commits: 2 });
    expect(months[0]?.month).toBe("2024-12");
  });
});
