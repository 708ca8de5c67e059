import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deepTree, longLine, manyManifests } from "../../scripts/lib/hostile-corpus.ts";
import { type AnalysisOptions, analyze } from "../../src/analysis/index.ts";
import { localAnalysisOptions, type TempDir, tempDir } from "./fixtures.ts";

/**
 * The cases of `npm run bench:hostile` that no other suite builds, at a small scale: each one
 * completes with a bounded report that says what it left out. (The report bomb, the manifest
 * bombs, the empty-file bomb and the NUL manifest have suites of their own: report-limits,
 * manifests, clone-limits and the worker's processor.)
 */
describe("the hostile corpus, small", () => {
  let dir: TempDir;
  let options: AnalysisOptions;
  beforeAll(() => {
    dir = tempDir("hostile-corpus");
    options = { ...localAnalysisOptions(dir.path), maxFileBytes: 1024 * 1024 };
  });
  afterAll(() => dir.remove());

  it("a file 256 folders deep is counted, and its manifest read", async () => {
    const repo = deepTree(path.join(dir.path, "deep"), { depth: 256 });
    const report = await analyze({ url: repo }, options);
    expect(report.languages.find((l) => l.name === "TypeScript")).toMatchObject({ files: 1 });
    expect(report.manifests).toHaveLength(1);
    expect(report.manifests[0]?.path.split("/")).toHaveLength(257);
    expect(report.structure.maxDepth).toBeGreaterThanOrEqual(256);
  });

  it("one line over the file size limit is listed, not read, and the report says so", async () => {
    const repo = longLine(path.join(dir.path, "line"), { bytes: 2 * 1024 * 1024 });
    const report = await analyze({ url: repo }, options);
    expect(report.excluded.tooLarge.files).toBe(1);
    expect(report.totals.code).toBe(0);
    expect(report.warnings.some((w) => /not counted/.test(w))).toBe(true);
  });

  it("thousands of distinct manifests are cut to the report's limit, the cut stated", async () => {
    const repo = manyManifests(path.join(dir.path, "many"), { manifests: 1000 });
    const report = await analyze({ url: repo }, options);
    expect(report.manifests).toHaveLength(200);
    expect(report.truncated).toMatchObject({ manifests: { kept: 200, total: 1000 } });
    expect(report.warnings.some((w) => /manifests 200 of 1000/.test(w))).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThan(1024 * 1024);
  });
});
