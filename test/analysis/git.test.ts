import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { holdGit, runGit } from "../../src/analysis/git.ts";
import { createRepo, git, processesIn, type TempDir, tempDir } from "./fixtures.ts";

describe("a git command's time limit", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fails a command that ended past its limit, even when its exit was seen before the timer", async () => {
    // On a busy machine git's exit and the timer fall due in one turn of the event loop, in
    // either order. A timer that never fires stands for the order where the exit comes first.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await expect(
      runGit(["--version"], { cwd: process.cwd(), home: tmpdir(), timeoutMs: 1 }),
    ).rejects.toMatchObject({ code: "GIT_FAILED", message: "git --version took longer than 1 ms" });
  });

  it("returns what a command wrote when it ends within its limit", async () => {
    const out = await runGit(["--version"], {
      cwd: process.cwd(),
      home: tmpdir(),
      timeoutMs: 10_000,
    });
    expect(out.toString()).toMatch(/^git version /);
  });
});

describe("a held git (forked now, run later)", () => {
  const dir: TempDir = tempDir("held-git");
  afterAll(() => dir.remove());

  it("runs when told, in a repository made after it was forked", async () => {
    const repo = path.join(dir.path, "later");
    const held = holdGit(["rev-parse", "HEAD"], { cwd: repo, home: dir.path });
    createRepo(repo, { "a.txt": "a\n" });
    const out = await held.run({ timeoutMs: 10_000 });
    expect(out.toString().trim()).toBe(git(repo, "rev-parse", "HEAD"));
    await held.dispose();
    expect(processesIn(repo)).toEqual([]);
  });

  it("never runs git when let go unrun", async () => {
    const empty = path.join(dir.path, "empty");
    mkdirSync(empty);
    const held = holdGit(["init", "-q"], { cwd: empty, home: dir.path });
    await held.dispose();
    expect(existsSync(path.join(empty, ".git"))).toBe(false);
    expect(processesIn(empty)).toEqual([]);
  });

  it("fails as runGit does: git's exit, or its run's signal", async () => {
    const repo = createRepo(path.join(dir.path, "repo"), { "a.txt": "a\n" });
    const bad = holdGit(["rev-parse", "no-such-ref"], { cwd: repo, home: dir.path });
    await expect(bad.run({})).rejects.toMatchObject({ name: "GitExitError", exitCode: 128 });
    const cancelled = holdGit(["rev-parse", "HEAD"], { cwd: repo, home: dir.path });
    await expect(cancelled.run({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "CANCELLED",
    });
    await Promise.all([bad.dispose(), cancelled.dispose()]);
    expect(processesIn(repo)).toEqual([]);
  });
});
