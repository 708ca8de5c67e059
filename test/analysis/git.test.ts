import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runGit, spawnGit } from "../../src/analysis/git.ts";
import { holdGits } from "../../src/analysis/git-hold.ts";
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

describe("gits held by one shell (forked now, run later)", () => {
  const dir: TempDir = tempDir("held-git");
  afterAll(() => dir.remove());
  const HEAD = ["rev-parse", "HEAD"];

  it("runs one when told, in a repository made after it was forked", async () => {
    const repo = path.join(dir.path, "later");
    const [held] = holdGits([{ args: HEAD }], { cwd: repo, home: dir.path });
    createRepo(repo, { "a.txt": "a\n" });
    const out = await runGit(HEAD, { cwd: repo, home: dir.path, timeoutMs: 10_000, held });
    expect(out.toString().trim()).toBe(git(repo, "rev-parse", "HEAD"));
    await held?.dispose();
    expect(processesIn(repo)).toEqual([]);
  });

  it("never runs a git let go unrun", async () => {
    const empty = path.join(dir.path, "empty");
    mkdirSync(empty);
    const held = holdGits([{ args: ["init", "-q"] }, { args: HEAD }], {
      cwd: empty,
      home: dir.path,
    });
    await Promise.all(held.map((one) => one.dispose()));
    expect(existsSync(path.join(empty, ".git"))).toBe(false);
    expect(processesIn(empty)).toEqual([]);
  });

  it("gives each its own output, input, stderr and exit, its arguments quoted as they are", async () => {
    const repo = createRepo(path.join(dir.path, "four"), { "a.txt": "a\n" });
    const tip = git(repo, "rev-parse", "HEAD");
    const format = ["log", "-1", '--format=it\'s $HOME `x` "%H"\\'];
    const [reader, log, bad, count] = holdGits(
      [
        { args: ["cat-file", "--batch-command"], stdin: true },
        { args: format },
        { args: ["rev-parse", "no-such-ref"] },
        { args: ["rev-list", "--count", "HEAD"], config: ["core.abbrev=12"] },
      ],
      { cwd: repo, home: dir.path },
    );
    const session = spawnGit(["cat-file", "--batch-command"], {
      cwd: repo,
      home: dir.path,
      held: reader,
    });
    const read: Buffer[] = [];
    session.stdout.on("data", (chunk: Buffer) => read.push(chunk));
    session.stdin.end("info HEAD\n");
    const options = { cwd: repo, home: dir.path };
    const [logged, counted, failed] = await Promise.all([
      runGit(format, { ...options, held: log }),
      runGit(["rev-list", "--count", "HEAD"], { ...options, held: count }),
      runGit(["rev-parse", "no-such-ref"], { ...options, held: bad }).catch((e: unknown) => e),
    ]);
    expect(logged.toString()).toBe(`it's $HOME \`x\` "${tip}"\\\n`);
    expect(counted.toString()).toBe("1\n");
    expect(failed).toMatchObject({ name: "GitExitError", exitCode: 128 });
    expect((failed as Error).message).toContain("no-such-ref");
    expect(await session.exited).toMatchObject({ exitCode: 0 });
    expect(Buffer.concat(read).toString()).toMatch(new RegExp(`^${tip} commit \\d+\n$`));
    await Promise.all([reader, log, bad, count].map((held) => held?.dispose()));
    expect(processesIn(repo)).toEqual([]);
  });

  it("kills one past its limit and lets the others run", async () => {
    const repo = createRepo(path.join(dir.path, "limit"), { "a.txt": "a\n" });
    const waits = ["hash-object", "--stdin"];
    const [stuck, after] = holdGits([{ args: waits, stdin: true }, { args: HEAD }], {
      cwd: repo,
      home: dir.path,
    });
    await expect(
      runGit(waits, { cwd: repo, home: dir.path, timeoutMs: 300, held: stuck }),
    ).rejects.toMatchObject({
      code: "GIT_FAILED",
      message: "git hash-object took longer than 300 ms",
    });
    const out = await runGit(HEAD, { cwd: repo, home: dir.path, held: after });
    expect(out.toString().trim()).toBe(git(repo, "rev-parse", "HEAD"));
    await Promise.all([stuck, after].map((held) => held?.dispose()));
    expect(processesIn(repo)).toEqual([]);
  });

  it("fails as runGit does on its run's signal, and every one on the shell's", async () => {
    const repo = createRepo(path.join(dir.path, "cancel"), { "a.txt": "a\n" });
    const waits = ["hash-object", "--stdin"];
    const [one] = holdGits([{ args: HEAD }], { cwd: repo, home: dir.path });
    await expect(
      runGit(HEAD, { cwd: repo, home: dir.path, held: one, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: "CANCELLED" });
    const stop = new AbortController();
    const [running, unrun] = holdGits([{ args: waits, stdin: true }, { args: HEAD }], {
      cwd: repo,
      home: dir.path,
      signal: stop.signal,
    });
    const stuck = runGit(waits, { cwd: repo, home: dir.path, held: running });
    setTimeout(() => stop.abort(), 100);
    await expect(stuck).rejects.toMatchObject({ code: "CANCELLED" });
    await expect(runGit(HEAD, { cwd: repo, home: dir.path, held: unrun })).rejects.toMatchObject({
      code: "CANCELLED",
    });
    await Promise.all([one, running, unrun].map((held) => held?.dispose()));
    expect(processesIn(repo)).toEqual([]);
  });

  it("fails each with the reason when the shell cannot start, and refuses other arguments", async () => {
    const [held] = holdGits([{ args: HEAD }], {
      cwd: dir.path,
      home: path.join(dir.path, "no-such-home"),
    });
    expect(() => held?.start(["rev-parse", "main"])).toThrow(
      "git rev-parse HEAD is held, not git rev-parse main",
    );
    await expect(runGit(HEAD, { cwd: dir.path, home: dir.path, held })).rejects.toMatchObject({
      code: "GIT_FAILED",
      message: expect.stringContaining("git could not be started"),
    });
  });
});
