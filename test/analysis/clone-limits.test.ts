import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AnalysisOptions, analysisOptionsFromEnv, analyze } from "../../src/analysis/index.ts";
import { loadConfig } from "../../src/config/index.ts";
import { cloneClosed, createRepo, git, processesIn, type TempDir, tempDir } from "./fixtures.ts";

describe("clone limits", () => {
  let dir: TempDir;
  let repo: string;
  let options: AnalysisOptions;
  let sandbox: string;

  beforeAll(() => {
    dir = tempDir("limits");
    // 40 MB that does not compress: big enough that cloning takes a while.
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 8; i++) files[`blob${i}.bin`] = randomBytes(5 * 1024 * 1024);
    repo = createRepo(path.join(dir.path, "big"), files);
    sandbox = path.join(dir.path, "sandbox");
    options = {
      sandboxDir: sandbox,
      allowedHosts: [],
      allowLocal: true,
      maxRepoBytes: 500 * 1024 * 1024,
      cloneTimeoutMs: 60_000,
    };
  }, 60_000);
  afterAll(() => dir.remove());

  it("stops a clone that exceeds the disk quota with REPO_TOO_LARGE and removes its files", async () => {
    const error = await analyze({ url: repo }, { ...options, maxRepoBytes: 2 * 1024 * 1024 }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "REPO_TOO_LARGE", permanent: true });
    expect(error.message).toMatch(/larger than the 2\.0 MB limit/);
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesIn(sandbox)).toEqual([]);
  });

  it("refuses a tip whose files unpack past the quota, from their sizes, before any is read", async () => {
    // 40 MB of zeros packs into about 40 KB: what is stored stays far under the quota, and
    // only the tree's sizes tell what a checkout would have written.
    const bomb = createRepo(path.join(dir.path, "zip-bomb"), {
      "zeros.bin": Buffer.alloc(40 * 1024 * 1024),
    });
    const dest = path.join(dir.path, "zip-bomb-clone");
    const error = await cloneClosed({
      url: bomb,
      ref: null,
      dest,
      home: dir.path,
      timeoutMs: 60_000,
      maxBytes: 2 * 1024 * 1024,
      maxFiles: 1000,
      depth: 1000,
      allowLocal: true,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "REPO_TOO_LARGE", permanent: true });
    expect(error.message).toMatch(/larger than the 2\.0 MB limit \(40\.\d MB when stopped\)/);
    expect(readdirSync(dest)).toEqual([".git"]);
  });

  it("kills a clone that runs past its timeout, with its whole process group, and cleans up", async () => {
    const error = await analyze({ url: repo }, { ...options, cloneTimeoutMs: 150 }).catch((e) => e);
    expect(error).toMatchObject({ code: "CLONE_TIMEOUT", permanent: false });
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesIn(sandbox)).toEqual([]);
  });

  it("cancels a running clone when the signal aborts", async () => {
    const controller = new AbortController();
    const running = analyze({ url: repo }, options, {
      signal: controller.signal,
      onProgress: (step, pct) => {
        // Aborted once git is seen running in the sandbox: a clone in flight, not one to come.
        if (step === "cloning" && pct === 0)
          void vi
            .waitFor(
              () => {
                if (processesIn(sandbox).length === 0) throw new Error("no git yet");
              },
              { timeout: 10_000, interval: 5 },
            )
            .finally(() => controller.abort());
      },
    });
    await expect(running).rejects.toMatchObject({ code: "CANCELLED" });
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesIn(sandbox)).toEqual([]);
  });
});

/**
 * A repository whose tree holds `count` empty files, built with git's plumbing (one blob,
 * `count` names) so that making it costs no inodes.
 */
function emptyFileBomb(dir: string, count: number): string {
  const repo = createRepo(dir, { "README.md": "bomb\n" });
  const blob = git(repo, "hash-object", "-w", "--stdin");
  const lines = Array.from({ length: count }, (_, i) => `100644 blob ${blob}\tf${i}`).join("\n");
  const tree = execFileSync("git", ["mktree"], { cwd: repo, input: `${lines}\n` })
    .toString()
    .trim();
  const commit = git(repo, "commit-tree", tree, "-m", "bomb");
  git(repo, "update-ref", "refs/heads/main", commit);
  return repo;
}

describe("file-count limit (MAX_FILES)", () => {
  let dir: TempDir;
  let bomb: string;
  let small: string;
  let sha: string;

  beforeAll(() => {
    dir = tempDir("files");
    bomb = emptyFileBomb(path.join(dir.path, "bomb"), 60_000);
    sha = git(bomb, "rev-parse", "HEAD");
    small = emptyFileBomb(path.join(dir.path, "small"), 2000);
  }, 60_000);
  afterAll(() => dir.remove());

  const clone = (dest: string, ref: string | null, maxFiles: number, url = bomb, shared = false) =>
    cloneClosed({
      url,
      ref,
      dest: path.join(dir.path, dest),
      home: dir.path,
      timeoutMs: 60_000,
      maxBytes: 500 * 1024 * 1024,
      maxFiles,
      depth: 1000,
      allowLocal: true,
      shared,
    });

  it("refuses an empty-file bomb with TOO_MANY_FILES before fetching a single file's contents", async () => {
    // 60,000 empty files: about 1 MB of git objects, far inside any byte quota.
    const error = await clone("default", null, 50_000).catch((e) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_FILES", permanent: true });
    expect(error.message).toMatch(
      /more than 50,000 files, the MAX_FILES limit; it was stopped before its contents were fetched$/,
    );
    expect(readdirSync(path.join(dir.path, "default"))).toEqual([".git"]);
    // Refused having fetched its commits and trees only: not one file's contents.
    const objects = git(
      path.join(dir.path, "default"),
      "cat-file",
      "--batch-all-objects",
      "--batch-check=%(objecttype)",
    );
    expect(objects).toMatch(/^tree$/m);
    expect(objects).not.toMatch(/^blob$/m);
  });

  it("applies the same count to a commit fetched by its sha", async () => {
    const error = await clone("by-sha", sha, 50_000).catch((e) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_FILES" });
    expect(readdirSync(path.join(dir.path, "by-sha"))).toEqual([".git"]);
  });

  // The CLI's local directory: no blob is fetched, so the sized listing counts, and stops git.
  it("refuses the bomb in a local directory too, and takes MAX_FILES files from one", async () => {
    const error = await clone("shared", null, 50_000, bomb, true).catch((e) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_FILES", permanent: true });
    // The count of its history ran beside the listing, and is over too.
    expect(processesIn(path.join(dir.path, "shared"))).toEqual([]);
    // Nothing was fetched from a local directory, but its files were all there to be read.
    expect(error.message).toMatch(
      /more than 50,000 files, the MAX_FILES limit; it was stopped before its contents were read$/,
    );
    const result = await clone("shared-at-limit", null, 2000, small, true);
    expect(result.tip).toHaveLength(2000);
    await expect(clone("shared-over", null, 1999, small, true)).rejects.toMatchObject({
      code: "TOO_MANY_FILES",
    });
  });

  // Until issue #20 the clone checked these files out; now their blobs are fetched into the
  // object store, where the scan reads them, and no file is written.
  it("takes a tree of exactly MAX_FILES files, on its branch, its blobs stored and no file written", async () => {
    const result = await clone("at-limit", null, 2000, small);
    expect(result.branch).toBe("main");
    const dest = path.join(dir.path, "at-limit");
    expect(readdirSync(dest)).toEqual([".git"]);
    const tip = git(dest, "ls-tree", "-r", "--format=%(objectname)", "HEAD").split("\n");
    const stored = execFileSync("git", ["cat-file", "--batch-check=%(objecttype)"], {
      cwd: dest,
      input: `${tip.join("\n")}\n`,
    }).toString();
    expect(stored.trim().split("\n")).toEqual(tip.map(() => "blob"));
    // Cut off: a blob it lacks is an error now, never a fetch.
    expect(git(dest, "config", "--list")).not.toMatch(/remote\.origin|partialclone/i);
  });

  it("takes MAX_FILES from the environment, 40,000 by default", () => {
    expect(analysisOptionsFromEnv(loadConfig({})).maxFiles).toBe(40_000);
    expect(analysisOptionsFromEnv(loadConfig({ MAX_FILES: "1000" })).maxFiles).toBe(1000);
    expect(() => loadConfig({ MAX_FILES: "0" })).toThrow(/MAX_FILES/);
  });

  it("fails an analysis of the bomb with TOO_MANY_FILES and leaves nothing behind", async () => {
    const sandbox = path.join(dir.path, "sandbox");
    const error = await analyze(
      { url: bomb },
      {
        sandboxDir: sandbox,
        allowedHosts: [],
        allowLocal: true,
        maxRepoBytes: 500 * 1024 * 1024,
        cloneTimeoutMs: 60_000,
        maxFiles: 1000,
      },
    ).catch((e) => e);
    expect(error).toMatchObject({ code: "TOO_MANY_FILES" });
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesIn(sandbox)).toEqual([]);
  });
});
