import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnalysisOptions, analyze } from "../../src/analysis/index.ts";
import { createRepo, type TempDir, tempDir } from "./fixtures.ts";

/** Processes whose command line mentions `needle`: git children that outlived a kill. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmd.includes(needle)) found.push(`${pid} ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

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
    expect(processesMentioning(sandbox)).toEqual([]);
  });

  it("kills a clone that runs past its timeout, with its whole process group, and cleans up", async () => {
    const error = await analyze({ url: repo }, { ...options, cloneTimeoutMs: 150 }).catch((e) => e);
    expect(error).toMatchObject({ code: "CLONE_TIMEOUT", permanent: false });
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesMentioning(sandbox)).toEqual([]);
  });

  it("cancels a running clone when the signal aborts", async () => {
    const controller = new AbortController();
    const running = analyze({ url: repo }, options, {
      signal: controller.signal,
      onProgress: (step, pct) => {
        if (step === "cloning" && pct === 0) setTimeout(() => controller.abort(), 50);
      },
    });
    await expect(running).rejects.toMatchObject({ code: "CANCELLED" });
    expect(readdirSync(sandbox)).toEqual([]);
    expect(processesMentioning(sandbox)).toEqual([]);
  });
});
