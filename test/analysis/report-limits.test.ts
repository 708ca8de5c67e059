import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalysisError,
  type AnalysisOptions,
  analyze,
  type Report,
} from "../../src/analysis/index.ts";
import {
  boundReport,
  clip,
  type DraftReport,
  serialisedBytes,
} from "../../src/analysis/report-limits.ts";
import { createRepo, type TempDir, tempDir } from "./fixtures.ts";

const KB = 1024;

/** A package.json with `count` dependencies named after `prefix`. */
const packageJson = (name: string, count: number, prefix = "dependency") =>
  JSON.stringify({
    name,
    dependencies: Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${prefix}-${name}-${i}`, `^${i}.0.0`]),
    ),
  });

describe("the report bomb: one big package.json in many folders, and many distinct ones", () => {
  let dir: TempDir;
  let repo: string;
  let options: AnalysisOptions;

  beforeAll(() => {
    dir = tempDir("report-bomb");
    // The bomb at small scale: 300 folders with one 93 KB package.json made an 83 MB
    // report; here 80 copies of a 2,000-dependency manifest, and 230 distinct manifests, more
    // than the 200 a report keeps.
    const big = packageJson("big", 2000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`copies/c${String(i).padStart(3, "0")}/package.json`] = big;
    for (let i = 0; i < 230; i++)
      files[`packages/p${String(i).padStart(3, "0")}/package.json`] = packageJson(`p${i}`, 40);
    // And one manifest over the 1 MB cap on a single manifest.
    files["huge/package.json"] = JSON.stringify({ name: "huge", padding: "x".repeat(1024 * KB) });
    repo = createRepo(path.join(dir.path, "repo"), files);
    options = {
      sandboxDir: path.join(dir.path, "sandbox"),
      allowedHosts: ["github.com"],
      allowLocal: true,
      maxRepoBytes: 100 * 1024 * 1024,
      cloneTimeoutMs: 30_000,
      maxReportBytes: 64 * KB,
    };
  });
  afterAll(() => dir.remove());

  it("yields a report under the cap that counts identical manifests once and states every cut", async () => {
    const report = await analyze({ url: repo }, options);
    expect(serialisedBytes(report)).toBeLessThanOrEqual(64 * KB);

    const big = report.manifests.find((m) => m.name === "big");
    expect(big?.path).toBe("copies/c000/package.json");
    expect(big?.copies?.count).toBe(79);
    expect(big?.copies?.paths.length).toBeLessThanOrEqual(10);
    expect(report.manifests.filter((m) => m.name === "big")).toHaveLength(1);
    expect(big?.truncated?.dependencies?.total).toBe(2000);
    expect(big?.dependencies.length).toBe(big?.truncated?.dependencies?.kept);

    // 231 distinct manifests; the reading limit keeps 200, the size cap fewer still.
    expect(report.truncated.manifests?.total).toBe(231);
    expect(report.truncated.manifests?.kept).toBe(report.manifests.length);
    expect(report.manifests.length).toBeLessThan(231);
    expect(report.warnings.some((w) => w.startsWith("the report was cut to its limits"))).toBe(
      true,
    );
  });

  it("fits the default 1 MB cap with every distinct manifest that the reading limit keeps", async () => {
    const { maxReportBytes: _, ...defaults } = options;
    const report = await analyze({ url: repo }, defaults);
    expect(serialisedBytes(report)).toBeLessThanOrEqual(1024 * KB);
    expect(report.truncated.manifests).toEqual({ kept: 200, total: 231 });
    expect(report.manifests.find((m) => m.name === "big")?.truncated?.dependencies).toEqual({
      kept: 500,
      total: 2000,
    });
    expect(report.manifests.some((m) => m.name === "huge")).toBe(false);
    expect(report.warnings).toContainEqual(
      expect.stringMatching(
        /^manifest skipped: huge\/package\.json: \d+ bytes, over the 1048576-byte/,
      ),
    );
  });
});

describe("boundReport", () => {
  const draft = (over: Partial<DraftReport> = {}): DraftReport => ({
    schemaVersion: 3,
    repo: {
      url: "https://github.com/x/y",
      source: "remote",
      ref: null,
      commit: "a".repeat(40),
      commitDate: "2026-01-01T00:00:00Z",
      branch: "main",
    },
    totals: { files: 0, code: 0, comments: 0, blanks: 0, bytes: 0 },
    languages: [],
    excluded: {
      vendored: { files: 0, bytes: 0 },
      generated: { files: 0, bytes: 0 },
      documentation: { files: 0, bytes: 0 },
      binary: { files: 0, bytes: 0 },
      unknown: { files: 0, bytes: 0 },
      tooLarge: { files: 0, bytes: 0 },
      symlinks: 0,
      submodules: 0,
      unreadable: 0,
    },
    structure: { trackedFiles: 0, maxDepth: 0, topLevel: [], largestFiles: [] },
    manifests: [],
    tooling: {
      tests: { directories: [], files: 0, frameworks: [] },
      ci: [],
      containers: { dockerfiles: [], compose: [] },
      license: null,
      docs: {
        readme: null,
        contributing: null,
        security: null,
        changelog: null,
        codeOfConduct: null,
      },
      linters: [],
      formatters: [],
    },
    git: {
      history: { available: false, reason: "no history" },
      churn: { available: false, reason: "no history" },
    },
    hotspots: null,
    ownership: null,
    complexity: { files: [] },
    summary: { status: "skipped", reason: "no API key" },
    timings: { total: 1 },
    warnings: [],
    ...over,
  });

  it("leaves a small report as it is, with nothing marked as cut", () => {
    const report = boundReport(draft(), { maxBytes: 64 * KB });
    expect(report.truncated).toEqual({});
    expect(report.warnings).toEqual([]);
  });

  it("cuts each list to its limit and states kept and total", () => {
    const folders = Array.from({ length: 300 }, (_, i) => ({ path: `d${i}`, files: 1 }));
    const warnings = Array.from({ length: 80 }, (_, i) => `warning ${i} ${"!".repeat(1000)}`);
    const report = boundReport(
      draft({
        structure: { trackedFiles: 300, maxDepth: 2, topLevel: folders, largestFiles: [] },
        warnings,
      }),
      { maxBytes: 1024 * KB },
    );
    expect(report.structure.topLevel).toHaveLength(25);
    expect(report.truncated["structure.topLevel"]).toEqual({ kept: 25, total: 300 });
    expect(report.truncated.warnings).toEqual({ kept: 50, total: 80 });
    expect(report.warnings.every((w) => w.length <= 300)).toBe(true);
    expect(report.warnings.at(-1)).toMatch(/structure\.topLevel 25 of 300.*warnings 50 of 80/);
  });

  it("keeps the top 20 of a ranking, says how many there were, and warns of no cut", () => {
    const files = Array.from({ length: 300 }, (_, i) => ({
      path: `f${i}.ts`,
      language: "TypeScript",
      code: 300 - i,
      complexity: i,
    }));
    const report = boundReport(draft({ complexity: { files } }), { maxBytes: 1024 * KB });
    expect(report.complexity.files).toHaveLength(20);
    expect(report.truncated["complexity.files"]).toEqual({ kept: 20, total: 300 });
    expect(report.warnings).toEqual([]);
    // Cut below its top 20 to fit the size cap, it is a cut like any other.
    const tight = boundReport(draft({ complexity: { files } }), { maxBytes: 3 * KB });
    expect(tight.complexity.files.length).toBeLessThan(20);
    expect(tight.warnings.at(-1)).toMatch(/complexity\.files \d+ of 300/);
  });

  it("fits any report under the cap by halving its largest lists, dependencies before manifests", () => {
    const manifests: Report["manifests"] = Array.from({ length: 50 }, (_, m) => ({
      ecosystem: "npm",
      path: `p${m}/package.json`,
      dependencies: Array.from({ length: 400 }, (_, i) => ({
        name: `dependency-${m}-${i}`,
        constraint: "^1.0.0",
        scope: "runtime",
      })),
    }));
    const before = serialisedBytes(manifests);
    expect(before).toBeGreaterThan(1024 * KB);
    const report = boundReport(draft({ manifests }), { maxBytes: 128 * KB });
    expect(serialisedBytes(report)).toBeLessThanOrEqual(128 * KB);
    expect(report.manifests).toHaveLength(50);
    expect(report.manifests[0]?.truncated?.dependencies?.total).toBe(400);
  });

  it("fails with REPORT_TOO_LARGE when even the report without its lists is over the cap", () => {
    const history = { available: false as const, reason: "x".repeat(200 * KB) };
    const attempt = () =>
      boundReport(draft({ git: { history, churn: history } }), { maxBytes: 64 * KB });
    expect(attempt).toThrow(AnalysisError);
    expect(attempt).toThrow(expect.objectContaining({ code: "REPORT_TOO_LARGE" }));
  });

  it("cuts text with an ellipsis, never between the halves of a surrogate pair", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("ab\u{1F600}def", 4)).toBe("ab…");
    expect(clip("abc", 4)).toBe("abc");
  });
});
