import { spawn } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { databaseUrl, redisUrl } from "../helpers/services.ts";

const root = path.resolve(import.meta.dirname, "../..");

/** Two npm installs (from the local cache) and a TypeScript build, on a shared 2-core machine. */
const TIMEOUT_MS = 600_000;

interface Summary {
  ok: boolean;
  timings: Record<string, number>;
}

it(
  "the image's steps, replayed without Docker, give a container that is healthy with its worker and stops cleanly on SIGTERM",
  async () => {
    const child = spawn(
      process.execPath,
      ["scripts/prod-install-check.ts", "--redis", redisUrl(), "--postgres", databaseUrl()],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(stderr, stdout).toBe("");
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Summary;
    expect(summary.ok).toBe(true);
    expect(summary.timings["start → healthy with worker"]).toBeGreaterThan(0);
    // Stopped on its own with code 0: the check itself SIGKILLs at Render's 30 s and fails, so
    // `ok` holds the bound, and this test asserts no time of its own.
    expect(summary.timings["SIGTERM → exit"]).toBeGreaterThanOrEqual(0);
  },
  TIMEOUT_MS,
);
