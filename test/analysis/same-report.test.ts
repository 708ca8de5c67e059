import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/index.ts";
import { localAnalysisOptions, type TempDir, tempDir } from "./fixtures.ts";
import { historyRepo } from "./history-repo.ts";
import expected from "./same-report.expected.json" with { type: "json" };

/**
 * The report of a generated repository with a real history (320 commits, merges, renames with
 * and without edits, deletions, six authors, fixed dates), against the one the analysis made
 * before its clone and its history fetch became one blob-less partial clone (issue #20): saved
 * in same-report.expected.json by the two-fetch code, every figure but the timings and the
 * temporary URL. A window of 250 commits, so the history is cut at a shallow boundary too.
 */
describe("the report of one fetch is the report of two", () => {
  let dir: TempDir;
  let bare: string;

  beforeAll(() => {
    dir = tempDir("same-report");
    bare = historyRepo(dir.path, { files: 40, commits: 320 });
  });
  afterAll(() => dir?.remove());

  it("gives the languages, history, churn, hotspots and ownership the two fetches gave", async () => {
    const options = { ...localAnalysisOptions(dir.path), historyCommits: 250 };
    mkdirSync(options.sandboxDir);
    const { timings, summary, repo, ...report } = await analyze({ url: bare }, options);
    const { url, ...where } = repo;
    expect(url).toBe(bare);
    expect(summary.status).toBe("skipped");
    expect(timings.clone).toBeGreaterThan(0);
    expect({ repo: where, ...report }).toEqual(expected);
  });
});
