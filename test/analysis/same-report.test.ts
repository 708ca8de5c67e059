import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/index.ts";
import { git, localAnalysisOptions, type TempDir, tempDir } from "./fixtures.ts";
import { historyRepo } from "./history-repo.ts";
import expected from "./same-report.expected.json" with { type: "json" };

// A generated repository with a real history (320 commits, merges, renames with and without
// edits, deletions, six authors, fixed dates), served to every test of this file.
let dir: TempDir;
let bare: string;

beforeAll(() => {
  dir = tempDir("same-report");
  bare = historyRepo(dir.path, { files: 40, commits: 320 });
});
afterAll(() => dir?.remove());

/**
 * The report of that repository against the one the analysis made before its clone and its
 * history fetch became one blob-less partial clone (issue #20): saved in
 * same-report.expected.json by the two-fetch code, every figure but the timings and the
 * temporary URL. A window of 250 commits, so the history is cut at a shallow boundary too.
 */
describe("the report of one fetch is the report of two", () => {
  it("gives the languages, history, churn, hotspots and ownership the two fetches gave", async () => {
    const options = { ...localAnalysisOptions(dir.path), historyCommits: 250 };
    mkdirSync(options.sandboxDir, { recursive: true });
    const { timings, summary, repo, ...report } = await analyze({ url: bare }, options);
    const { url, ...where } = repo;
    expect(url).toBe(bare);
    expect(summary.status).toBe("skipped");
    expect(timings.clone).toBeGreaterThan(0);
    expect({ repo: where, ...report }).toEqual(expected);
  });
});

/** Every file under `dir` with its size and modification time: what a write would change. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => {
      const stat = statSync(path.join(dir, name));
      return `${name} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

/** The .git folder of the clone made by the one analysis running in `sandboxDir`. */
function runningClone(sandboxDir: string): string {
  const [job] = readdirSync(sandboxDir);
  return path.join(sandboxDir, job as string, "repo", ".git");
}

/**
 * The CLI's local directory is cloned sharing its object store (what `git clone --shared`
 * makes, written by local-clone.ts), which brings the whole history: the window must end where
 * the fetch over file:// ended it, at the same shallow edge. Two windows: one of 10 commits, where the edge is a commit of the
 * window whose files must not count as changed (without the edge the report differs), and one
 * of 14, where merges put two commits on the edge.
 */
describe("a local directory's report is that of its clone over file://", () => {
  it.each([
    [10, 1],
    [14, 2],
  ])(
    "reads the objects in place, cuts a window of %i commits at the same edge (%i) and writes nothing into the directory",
    async (window, edge) => {
      const options = { ...localAnalysisOptions(dir.path), historyCommits: window };
      mkdirSync(options.sandboxDir, { recursive: true });
      const before = snapshot(bare);
      let clone: { alternates: string; packs: string[]; edge: string[] } | undefined;
      const local = await analyze({ directory: bare }, options, {
        onProgress: (step) => {
          if (step !== "scanning" || clone) return;
          const store = runningClone(options.sandboxDir);
          clone = {
            alternates: readFileSync(path.join(store, "objects/info/alternates"), "utf8"),
            packs: readdirSync(path.join(store, "objects/pack")),
            edge: readFileSync(path.join(store, "shallow"), "utf8").split("\n").filter(Boolean),
          };
        },
      });
      expect(clone).toMatchObject({ alternates: `${bare}/objects\n`, packs: [] });
      expect(clone?.edge).toHaveLength(edge);
      expect(snapshot(bare)).toEqual(before);

      const served = await analyze({ url: `file://${bare}` }, options);
      const { timings: _a, repo: localRepo, ...localReport } = local;
      const { timings: _b, repo: servedRepo, ...servedReport } = served;
      expect(localRepo).toEqual({ ...servedRepo, url: bare, source: "local" });
      expect(localReport.git.history).toMatchObject({ commits: window, complete: false, window });
      expect(localReport).toEqual(servedReport);
    },
  );

  it("cuts a detached HEAD's window without copying its objects either", async () => {
    const work = path.join(dir.path, "detached");
    git(dir.path, "clone", "-q", bare, work);
    git(work, "checkout", "-q", "--detach", "HEAD~1");
    const options = { ...localAnalysisOptions(dir.path), historyCommits: 10 };
    mkdirSync(options.sandboxDir, { recursive: true });
    let packs: string[] | undefined;
    const report = await analyze({ directory: work }, options, {
      onProgress: (step) => {
        if (step === "scanning")
          packs ??= readdirSync(path.join(runningClone(options.sandboxDir), "objects/pack"));
      },
    });
    // Without the tip offered as had (a detached HEAD is no ref), the window came as a pack.
    expect(packs).toEqual([]);
    expect(report.repo).toMatchObject({ branch: null, commit: git(work, "rev-parse", "HEAD") });
    expect(report.git.history).toMatchObject({ commits: 10, complete: false });
  });
});
