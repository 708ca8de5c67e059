import { tmpdir } from "node:os";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runGit } from "../../src/analysis/git.ts";

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
