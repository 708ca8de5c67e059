import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLogParser } from "../../src/analysis/facts/changes.ts";
import { busFactor } from "../../src/analysis/facts/hotspots.ts";
import { type AnalysisOptions, analyze } from "../../src/analysis/index.ts";
import {
  branchTokens,
  compileBranches,
  countBranches,
} from "../../src/analysis/languages/complexity.ts";
import { compileSyntax, countLines } from "../../src/analysis/languages/count.ts";
import { SYNTAX } from "../../src/analysis/languages/syntax.ts";
import { completion, fakeApi, GOOD, settings, userMessage } from "./fake-openai.ts";
import { localAnalysisOptions, type TempDir, tempDir, writeFiles } from "./fixtures.ts";
import { KNOWN_HOTSPOTS, KNOWN_OWNERSHIP } from "./known-history.ts";

/** Branch points of a text in a language, as the scanner counts them. */
function complexity(language: string, text: string): number | undefined {
  const syntax = compileSyntax(
    SYNTAX[language] ?? { line: [], block: [], nested: false, strings: [] },
    branchTokens(language),
  );
  return countLines(Buffer.from(text), syntax).complexity;
}

// Hand-counted: 6 branch points, and as many decoys in comments and strings.
const CORE_TS = [
  "// if (commented) && never counted",
  'const s = "if (x) && y";',
  "export function f(a: boolean, b: boolean, c: boolean, d: () => boolean, y: number[]) {",
  "  if (a && b) {", // if, &&
  "    for (const x of y) console.log(x);", // for
  "  } else if (c) {", // else, if
  "    while(d()) {}", // while(
  "  }",
  "  const t = `for (s) && switch (x)`;",
  "  /* switch (x) { case 1: } */",
  "  return t;",
  "}",
  "",
].join("\n");

// Hand-counted: 6 branch points; "elif" is not also an "if".
const UTIL_PY = [
  "def f(x, y):",
  '    """if this were code, and, or"""',
  "    # if a comment",
  "    if x and y:", // if, and
  "        return 1",
  "    elif x or y:", // elif, or
  "        pass",
  "    else:", // else:
  '        s = "for x in y"',
  "    for i in range(3):", // for
  "        pass",
  "",
].join("\n");

describe("complexity, scc-style", () => {
  it("counts a language's branch keywords and operators in code, never in comments or strings", () => {
    expect(complexity("TypeScript", CORE_TS)).toBe(6);
    expect(complexity("Python", UTIL_PY)).toBe(6);
    expect(complexity("Go", "select {\ncase <-c:\n}\nif x != nil { go f() }\n")).toBe(5);
  });

  it("counts a token only where a word starts: elif, iffy and a&&b are not extra branches", () => {
    expect(complexity("Python", "elif x:\n")).toBe(1);
    expect(complexity("JavaScript", "iffy(a&&b);\n")).toBe(0);
    expect(complexity("Ruby", "x = elsewhere\nif a\n  b\nelse\n  c\nend\n")).toBe(2);
  });

  it("leaves complexity unmeasured for a language without branch tokens", () => {
    expect(branchTokens("Markdown")).toBeUndefined();
    expect(complexity("CSS", "a { color: red; }\n")).toBeUndefined();
  });

  it("counts 1 MB of branch tokens, and 1 MB without a single space, in linear time", () => {
    const dense = Buffer.from("if ".repeat(350_000));
    const branches = compileBranches(branchTokens("C") ?? []);
    expect(countBranches(dense, 0, dense.length, branches)).toBe(350_000);
    const glued = Buffer.from("ifif".repeat(262_144));
    expect(countBranches(glued, 0, glued.length, branches)).toBe(0);
    expect(complexity("C", `/*${"if ".repeat(350_000)}*/`)).toBe(0);
  });
});

describe("the change log parser", () => {
  const log = Buffer.from(
    "\x01" +
      "b".repeat(40) +
      "\tgrace@example.com\t1700000300\tGrace\0" +
      "\nsrc/a.ts\0other.txt\0" +
      "\x01" +
      "c".repeat(40) +
      "\tADA@example.com\t1700000200\tAda Lovelace\0" +
      "\x01" +
      "a".repeat(40) +
      "\tada@example.com\t1700000100\tAda\0" +
      "\nsrc/a.ts\0src/b.ts\0",
  );

  it("tallies commits per author and per tracked file, whatever the chunks", () => {
    const whole = new ChangeLogParser(new Set(["src/a.ts", "src/b.ts"]), new Set());
    whole.push(log);
    const bytewise = new ChangeLogParser(new Set(["src/a.ts", "src/b.ts"]), new Set());
    for (let i = 0; i < log.length; i++) bytewise.push(log.subarray(i, i + 1));
    for (const changes of [whole.end(), bytewise.end()]) {
      expect(changes.commits).toBe(3);
      expect(changes.authors.get("ada@example.com")).toEqual({ name: "Ada Lovelace", commits: 2 });
      expect(changes.files.get("src/a.ts")?.commits).toBe(2);
      expect(changes.files.has("other.txt")).toBe(false);
      expect(changes.times).toEqual([1_700_000_300_000, 1_700_000_200_000, 1_700_000_100_000]);
    }
  });

  it("lists no files for a commit at the shallow boundary, whose diff is the whole tree", () => {
    const parser = new ChangeLogParser(
      new Set(["src/a.ts", "src/b.ts"]),
      new Set(["a".repeat(40)]),
    );
    parser.push(log);
    const changes = parser.end();
    expect(changes.commits).toBe(3);
    expect(changes.files.get("src/a.ts")?.commits).toBe(1);
    expect(changes.files.has("src/b.ts")).toBe(false);
  });

  it("holds no more than a path's worth of a 1 MB token without a separator", () => {
    const parser = new ChangeLogParser(new Set(["x"]), new Set());
    parser.push(Buffer.from(`\x01${"d".repeat(40)}\ta@b\t1700000000\tA\0\nx\0`));
    for (let i = 0; i < 16; i++) parser.push(Buffer.alloc(64 * 1024, 0x78));
    parser.push(Buffer.from("\0x\0"));
    expect(parser.end().files.get("x")?.commits).toBe(2);
  });

  it("computes the bus factor as the fewest people covering half the commits", () => {
    expect(busFactor([])).toBe(0);
    expect(busFactor([6, 3, 1])).toBe(1);
    expect(busFactor([2, 2, 2])).toBe(2);
    expect(busFactor([1, 1, 1, 1, 1])).toBe(3);
  });
});

const AUTHORS = {
  ada: ["Ada", "ada@example.com"],
  grace: ["Grace", "grace@example.com"],
  linus: ["Linus", "linus@example.com"],
} as const;

describe("hotspots and ownership of a repository with a known history", () => {
  let dir: TempDir;
  let repo: string;
  let options: AnalysisOptions;

  beforeAll(() => {
    dir = tempDir("hotspots");
    repo = path.join(dir.path, "repo");
    mkdirSync(repo);
    let day = 0;
    const commit = (who: keyof typeof AUTHORS, files: Record<string, string>) => {
      const [name, email] = AUTHORS[who];
      const date = `2026-01-${String(++day).padStart(2, "0")}T12:00:00Z`;
      writeFiles(repo, files);
      const env = {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
        GIT_COMMITTER_DATE: date,
      };
      for (const args of [
        ["add", "-A"],
        ["commit", "-q", "-m", `change ${day}`],
      ])
        execFileSync("git", args, { cwd: repo, env, stdio: "ignore" });
    };
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
    // Six commits, two each; src/core.ts changed by four (Grace twice), src/util.py by two.
    commit("ada", {
      "src/core.ts": "export const v = 1;\n",
      "src/util.py": "x = 1\n",
      "README.md": "# x\n",
    });
    commit("grace", { "src/core.ts": "export const v = 2;\n" });
    commit("linus", { "src/core.ts": "export const v = 3;\n" });
    commit("ada", { "src/util.py": UTIL_PY });
    commit("grace", { "src/core.ts": CORE_TS });
    commit("linus", { "README.md": "# y\n" });
    options = localAnalysisOptions(dir.path);
  });
  afterAll(() => dir.remove());

  it("ranks files by churn × complexity with both figures, and names who owns them", async () => {
    const report = await analyze({ directory: repo }, options);
    expect(report.git.churn).toEqual({ available: true, commits: 6 });
    expect(report.hotspots).toEqual(KNOWN_HOTSPOTS);
    expect(report.ownership).toEqual(KNOWN_OWNERSHIP);
    expect(report.languages.find((l) => l.name === "TypeScript")?.complexity).toBe(6);
    expect(report.languages.find((l) => l.name === "Python")?.complexity).toBe(6);
    expect(report.complexity.files).toEqual([
      { path: "src/core.ts", language: "TypeScript", code: 10, complexity: 6 },
      { path: "src/util.py", language: "Python", code: 9, complexity: 6 },
    ]);
  });

  it("counts only the window: the boundary commit of a shallow history adds no churn", async () => {
    const report = await analyze({ directory: repo }, { ...options, historyCommits: 3 });
    // Commits 6, 5 and 4; commit 4 is the boundary, its tree is not a change.
    expect(report.git.churn).toEqual({ available: true, commits: 3 });
    expect(report.hotspots?.map((h) => [h.path, h.commits])).toEqual([["src/core.ts", 1]]);
    expect(report.ownership).toMatchObject({ commits: 3, contributors: 3, busFactor: 2 });
  });

  it("gives the summary model these figures and drops its claim that contradicts one", async () => {
    const answer = {
      ...GOOD,
      risks: [
        "The bus factor is 4, so knowledge is spread.",
        "src/core.ts: 4 commits, complexity 6.",
      ],
    };
    const api = await fakeApi(() => ({ status: 200, body: completion(JSON.stringify(answer)) }));
    const report = await analyze(
      { directory: repo },
      { ...options, summary: settings(api.baseURL) },
    );
    const digest = userMessage(api.requests[0]);
    expect(digest).toContain("- Ownership: bus factor 2; Ada 2 commits (33.33%)");
    expect(digest).toContain("src/core.ts 4 commits, complexity 6, bus factor 1");
    expect(report.summary).toMatchObject({
      status: "completed",
      risks: ["src/core.ts: 4 commits, complexity 6."],
      dropped: [
        {
          field: "risks",
          text: "The bus factor is 4, so knowledge is spread.",
          claim: "bus factor is 4",
        },
      ],
    });
    expect(report.warnings).toContainEqual(expect.stringMatching(/1 claim\(s\) dropped/));
  });

  it("reports hotspots and ownership as null, with the reason, when the history is unavailable", async () => {
    // No time at all: a limit of 1 ms let a fresh-clone CI run read this small history whole,
    // its log held since the clone and done before its limit was checked.
    const report = await analyze({ directory: repo }, { ...options, historyTimeoutMs: 0 });
    expect(report.git.history.available).toBe(false);
    expect(report.hotspots).toBeNull();
    expect(report.ownership).toBeNull();
    expect(report.git.churn).toEqual({
      available: false,
      reason: expect.stringContaining("history could not be read"),
    });
    // Complexity needs no history.
    expect(report.complexity.files).toHaveLength(2);
  });
});
