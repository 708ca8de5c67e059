import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AnalysisOptions,
  analyze,
  checkRemote,
  resolveCommit,
  sweepSandbox,
} from "../../src/analysis/index.ts";
import { createRepo, git, processesIn, type TempDir, tempDir, writeFiles } from "./fixtures.ts";

// Hand-counted: each file's code / comment / blank lines are in the comments beside it.
const FILES = {
  // TypeScript: code 3, comments 3, blank 1
  "src/app.ts": [
    "// entry point",
    "/* a block",
    "   comment */",
    "",
    'const url = "http://example.com/*not a comment*/";',
    "export function main() { return url; } // trailing",
    "main();",
  ].join("\n"),
  // Python: code 3, comments 3 (docstring x2, #), blank 1
  "tool/run.py": [
    '"""Run the tool.',
    'Second line."""',
    "",
    "import sys  # code",
    "# note",
    "print(sys.argv)",
    'x = "#"',
  ].join("\n"),
  // Go: code 5, comments 1, blank 1
  "cmd/main.go": [
    "package main",
    "",
    "// main prints",
    "func main() {",
    "\ts := `// raw",
    "string`",
    "}",
  ].join("\n"),
  // Shell via shebang, no extension: code 2 (the #! line and echo), comments 1
  "bin/build": '#!/bin/sh\n# build it\necho $# "$1"\n',
  // Vendored and generated: listed apart, not in the totals.
  "vendor/lib/dep.js": "var a = 1;\n",
  "package-lock.json": "{}\n",
  // Binary: a NUL byte in the first 8000 bytes.
  "assets/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]),
  // Over the per-file size limit used below (2 KB).
  "data/big.txt": "x".repeat(4096),
  // A symlink pointing outside the tree: never followed.
  secrets: { symlink: "/etc/passwd" },
  "package.json": JSON.stringify({
    name: "fixture",
    version: "1.0.0",
    workspaces: ["packages/*"],
    dependencies: { hono: "^4.0.0" },
    devDependencies: { vitest: "^3.0.0" },
  }),
  "requirements-dev.txt": "pytest>=8\n# comment\n-r requirements.txt\n",
  "requirements.txt": "requests[socks]==2.32.0 ; python_version > '3.8'\nflask\n",
  LICENSE:
    "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software...",
  "README.md": "# Fixture\n",
  ".github/workflows/ci.yml": "on: push\n",
  Dockerfile: "FROM node:24\n",
  "test/app.test.ts": "import { it } from 'vitest';\nit('works', () => {});\n",
};

describe("analyze() on a repository built by the test", () => {
  let dir: TempDir;
  let repo: string;
  let sandbox: string;
  let options: AnalysisOptions;

  beforeAll(() => {
    dir = tempDir("analyze");
    repo = createRepo(path.join(dir.path, "repo"), FILES);
    // A file name that is not valid UTF-8 must still be read and counted.
    writeFileSync(Buffer.from(path.join(repo, "caf\xe9.js"), "latin1"), "let a = 1;\n");
    // A submodule entry (a gitlink) whose contents must not be fetched.
    writeFiles(repo, {
      ".gitmodules": '[submodule "sub"]\n\tpath = sub\n\turl = https://github.com/x/y\n',
    });
    git(repo, "add", "-A");
    git(repo, "update-index", "--add", "--cacheinfo", `160000,${"a".repeat(40)},sub`);
    git(repo, "commit", "-q", "-m", "more");
    sandbox = path.join(dir.path, "sandbox");
    options = {
      sandboxDir: sandbox,
      allowedHosts: ["github.com"],
      allowLocal: true,
      maxRepoBytes: 50 * 1024 * 1024,
      cloneTimeoutMs: 30_000,
      maxFileBytes: 2048,
    };
  });
  afterAll(() => dir.remove());

  it("counts code, comment and blank lines per language exactly as hand-counted", async () => {
    const report = await analyze({ url: repo }, options);
    const lang = (name: string) => report.languages.find((l) => l.name === name);
    expect(lang("TypeScript")).toMatchObject({ files: 2, code: 5, comments: 3, blanks: 1 });
    expect(lang("Python")).toMatchObject({ files: 1, code: 3, comments: 3, blanks: 1 });
    expect(lang("Go")).toMatchObject({ files: 1, code: 5, comments: 1, blanks: 1 });
    // The #! line is code (an interpreter directive), as cloc counts it.
    expect(lang("Shell")).toMatchObject({ files: 1, code: 2, comments: 1, blanks: 0 });
    expect(lang("JavaScript")).toMatchObject({ files: 1, code: 1 }); // the latin-1 named file
    const sum = report.languages.reduce((a, l) => a + l.code, 0);
    expect(report.totals.code).toBe(sum);
  });

  it("keeps vendored, generated, binary, oversized files, symlinks and submodules out of the totals", async () => {
    const report = await analyze({ url: repo }, options);
    // Linguist's vendor rules also cover .github/ and .gitmodules.
    expect(report.excluded.vendored.files).toBe(3);
    expect(report.excluded.generated.files).toBe(1);
    expect(report.excluded.binary.files).toBe(1);
    expect(report.excluded.tooLarge).toEqual({ files: 1, bytes: 4096 });
    expect(report.excluded.symlinks).toBe(1);
    expect(report.excluded.submodules).toBe(1);
    expect(report.warnings.some((w) => w.includes("not counted"))).toBe(true);
    // Nothing of /etc/passwd reached the report.
    expect(JSON.stringify(report)).not.toContain("root:");
  });

  it("reads manifests with constraints and scopes, tooling and the license", async () => {
    const report = await analyze({ url: repo }, options);
    const npm = report.manifests.find((m) => m.path === "package.json");
    expect(npm?.workspaces).toEqual(["packages/*"]);
    expect(npm?.dependencies).toEqual([
      { name: "hono", constraint: "^4.0.0", scope: "runtime" },
      { name: "vitest", constraint: "^3.0.0", scope: "dev" },
    ]);
    const reqs = report.manifests.find((m) => m.path === "requirements.txt");
    expect(reqs?.dependencies).toEqual([
      { name: "requests", constraint: "==2.32.0", scope: "runtime" },
      { name: "flask", constraint: "*", scope: "runtime" },
    ]);
    expect(report.manifests.find((m) => m.path === "requirements-dev.txt")?.dependencies).toEqual([
      { name: "pytest", constraint: ">=8", scope: "dev" },
    ]);
    expect(report.tooling.license).toEqual({ spdx: "MIT", path: "LICENSE" });
    expect(report.tooling.ci).toEqual(["GitHub Actions"]);
    expect(report.tooling.containers.dockerfiles).toEqual(["Dockerfile"]);
    expect(report.tooling.tests.frameworks).toContain("Vitest");
    expect(report.tooling.docs.readme).toBe("README.md");
  });

  it("reports commit, branch and history of the clone, and removes its sandbox", async () => {
    const report = await analyze({ url: repo }, options);
    expect(report.repo.commit).toBe(git(repo, "rev-parse", "HEAD"));
    expect(report.repo.commitDate).toBe(git(repo, "log", "-1", "--format=%cI", "HEAD"));
    expect(report.repo.branch).toBe("main");
    expect(report.git.history).toMatchObject({
      available: true,
      commits: 2,
      contributors: 1,
      complete: true,
    });
    expect(report.structure.largestFiles[0]?.path).toBe("data/big.txt");
    expect(readdirSync(sandbox)).toEqual([]);
    expect(report.summary).toEqual({
      status: "skipped",
      reason: expect.stringContaining("no API key"),
    });
  });

  it("reports the commit date git prints, also for a date written in a form of git's own", async () => {
    // An offset of "+01" (git reads it as one minute): the scan's reader leaves it to git.
    const odd = createRepo(path.join(dir.path, "odd-date"), { "a.txt": "a\n" });
    const commit = execFileSync(
      "git",
      ["hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
      {
        cwd: odd,
        input: `tree ${git(odd, "rev-parse", "HEAD^{tree}")}\nauthor A <a@b> 1700000000 +0000\ncommitter C <c@d> 1700000000 +01\n\nodd\n`,
      },
    )
      .toString()
      .trim();
    git(odd, "update-ref", "HEAD", commit);
    const report = await analyze({ url: odd }, options);
    expect(report.repo.commit).toBe(commit);
    expect(report.repo.commitDate).toBe("2023-11-14T22:14:20+00:01");
    expect(report.repo.commitDate).toBe(git(odd, "log", "-1", "--format=%cI", "HEAD"));
  });

  it("says in a warning how many files Linguist's content rules gave up on, past their CPU budget", async () => {
    // .al files of blank lines: Linguist's AL rules read on from every line start, some 20 ms a
    // file here; 200 of them are several times the scan's second of CPU, and each is far enough
    // from the rules' 500 ms timeout that a loaded machine still runs the first ones.
    const files: Record<string, string> = { "a-real.mod": "NEURON {\n  SUFFIX hh\n}\n" };
    for (let i = 0; i < 200; i++) files[`blank${i}.al`] = "\n".repeat(3072);
    const slow = createRepo(path.join(dir.path, "slow-rules"), files);
    const report = await analyze({ url: slow }, { ...options, maxFileBytes: 1 << 20 });
    const warning = report.warnings.find((w) => w.includes("content rules"));
    const skipped = Number(warning?.match(/^(\d+) files/)?.[1]);
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(200);
    // The first file's rules ran before the budget was spent.
    expect(report.languages.map((l) => l.name)).toContain("NMODL");
  });

  it("analyses a local repository's committed HEAD from a clone, with ALLOW_LOCAL_REPOS off", async () => {
    // An uncommitted edit: the clone never sees it.
    writeFileSync(path.join(repo, "cmd/main.go"), "package main\n");
    try {
      const report = await analyze({ directory: repo }, { ...options, allowLocal: false });
      expect(report.repo).toMatchObject({ source: "local", url: repo, branch: "main" });
      expect(report.languages.find((l) => l.name === "Go")?.code).toBe(5);
      expect(report.git.history).toMatchObject({ available: true });
      expect(readdirSync(sandbox)).toEqual([]);
    } finally {
      git(repo, "checkout", "-q", "--", "cmd/main.go");
    }
  });

  it("fails with GIT_FAILED, naming a file, on a local repository whose store lacks its contents", async () => {
    // A blob-less clone of the repository: its trees name blobs it never fetched.
    const partial = path.join(dir.path, "partial");
    git(repo, "config", "uploadpack.allowFilter", "true");
    git(
      dir.path,
      "-c",
      "protocol.file.allow=always",
      "clone",
      "-q",
      "--filter=blob:none",
      "--no-checkout",
      `file://${repo}`,
      partial,
    );
    const failure = analyze({ directory: partial }, options);
    await expect(failure).rejects.toMatchObject({ code: "GIT_FAILED" });
    await expect(failure).rejects.toThrow(/the object store has no file contents for "/);
    expect(readdirSync(sandbox)).toEqual([]);
  });

  it("reports progress through the five steps in order", async () => {
    const steps: string[] = [];
    await analyze({ url: repo }, options, {
      onProgress: (step, pct) => pct === 100 && steps.push(step),
    });
    expect(steps).toEqual(["cloning", "scanning", "dependencies", "git", "summary"]);
  });

  it("cancelled while it scans, stops the history's git too, and leaves nothing behind", async () => {
    // The history's log starts with the scan: a cancellation then reaches two gits at once.
    const controller = new AbortController();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      await expect(
        analyze({ url: repo }, options, {
          signal: controller.signal,
          onProgress: (step) => step === "scanning" && controller.abort(),
        }),
      ).rejects.toMatchObject({ code: "CANCELLED" });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    expect(rejections).toEqual([]);
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesIn(sandbox)).toEqual([]);
  });

  it("refuses a local path unless local repositories are enabled", async () => {
    await expect(analyze({ url: repo }, { ...options, allowLocal: false })).rejects.toMatchObject({
      code: "INVALID_URL",
      permanent: true,
    });
  });

  it("fails with REF_NOT_FOUND, REPO_NOT_FOUND and EMPTY_REPOSITORY, permanently", async () => {
    await expect(analyze({ url: repo, ref: "no-such-branch" }, options)).rejects.toMatchObject({
      code: "REF_NOT_FOUND",
      permanent: true,
    });
    await expect(analyze({ url: path.join(dir.path, "missing") }, options)).rejects.toMatchObject({
      code: "REPO_NOT_FOUND",
    });
    const empty = path.join(dir.path, "empty");
    git(dir.path, "init", "-q", empty);
    await expect(analyze({ url: empty }, options)).rejects.toMatchObject({
      code: "EMPTY_REPOSITORY",
      permanent: true,
    });
    expect(readdirSync(sandbox)).toEqual([]);
  });

  it("resolves the commit of a ref without cloning, for the worker's cache", async () => {
    // A local path: no host, so no redirect check to hand on.
    expect(await resolveCommit({ url: repo }, options)).toEqual({
      commit: git(repo, "rev-parse", "HEAD"),
    });
    expect(await resolveCommit({ url: repo, ref: "main" }, options)).toEqual({
      commit: git(repo, "rev-parse", "HEAD"),
    });
    await expect(resolveCommit({ url: repo, ref: "nope" }, options)).rejects.toMatchObject({
      code: "REF_NOT_FOUND",
    });
    expect(await checkRemote({ url: repo }, options)).toBeUndefined();
  });

  it("clones a commit given by its sha", async () => {
    const first = git(repo, "rev-list", "--max-parents=0", "HEAD");
    git(repo, "config", "uploadpack.allowAnySHA1InWant", "true");
    const report = await analyze({ url: repo, ref: first }, options);
    expect(report.repo.commit).toBe(first);
    expect(report.repo.branch).toBeNull();
  });

  it("never runs hooks, not even ones a user's global git config would add", async () => {
    const home = path.join(dir.path, "home");
    const marker = path.join(dir.path, "hook-ran");
    writeFiles(home, {
      "hooks/post-checkout": `#!/bin/sh\ntouch ${marker}\n`,
      ".gitconfig": `[core]\n\thooksPath = ${home}/hooks\n`,
    });
    chmodSync(path.join(home, "hooks/post-checkout"), 0o755);
    const saved = { HOME: process.env.HOME, GIT_CONFIG_GLOBAL: process.env.GIT_CONFIG_GLOBAL };
    process.env.HOME = home;
    process.env.GIT_CONFIG_GLOBAL = path.join(home, ".gitconfig");
    try {
      // Control: a plain clone with this environment does run the hook.
      execFileSync("git", ["clone", "-q", repo, path.join(dir.path, "control")], {
        env: process.env,
      });
      expect(existsSync(marker)).toBe(true);
      rmSync(marker);
      await analyze({ url: repo }, options);
      expect(existsSync(marker)).toBe(false);
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.GIT_CONFIG_GLOBAL === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved.GIT_CONFIG_GLOBAL;
    }
  });

  it("sweeps job directories a crashed worker left behind, and nothing else", async () => {
    writeFiles(sandbox, {
      "job-1-dead/repo/a.txt": "x",
      "trash-old/job-0/b.txt": "y",
      "keep.txt": "mine",
    });
    const sweep = await sweepSandbox(sandbox);
    expect(sweep.count).toBe(1);
    // Moved out of the way at once: a job may start before the deletion ends.
    expect(readdirSync(sandbox).filter((n) => n.startsWith("job-"))).toEqual([]);
    await sweep.removed;
    expect(readdirSync(sandbox)).toEqual(["keep.txt"]);
  });
});
