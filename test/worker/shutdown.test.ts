import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createPool,
  type Db,
  findAnalysis,
  runMigrations,
  upsertAnalysis,
} from "../../src/db/index.ts";
import { type AnalysisJobData, QUEUE_NAME } from "../../src/queue/index.ts";
import { descendantsOf, isRunning } from "../../src/worker/sandbox/process-tree.ts";
import { createRepo, git, type TempDir, tempDir } from "../analysis/fixtures.ts";
import { Observed, ROOT } from "../helpers/processes.ts";
import {
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";

/**
 * The worker process itself (src/worker/main.ts) asked to stop while an analysis is stuck: a
 * clone that waits forever on a repository whose object is a FIFO, the way a stalled host
 * would. It used to wait for the job; now it kills the analysis and hands the job back.
 */

let scratch: TempDir;
let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  scratch = tempDir("worker-shutdown");
  database = await createTestDatabase("worker_shutdown");
  db = await createPool({ url: database.url });
  await runMigrations(db);
});
afterAll(async () => {
  await db.end();
  await database.drop();
  scratch.remove();
});

/** A repository whose clone blocks for good: one of its objects is a FIFO nobody writes. */
function stallingRepository(dir: string): string {
  createRepo(dir, { "a.txt": "hello\n" });
  const blob = git(dir, "rev-parse", "HEAD:a.txt");
  const object = path.join(dir, ".git/objects", blob.slice(0, 2), blob.slice(2));
  rmSync(object);
  execFileSync("mkfifo", [object]);
  return dir;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

describe("worker shutdown", () => {
  it("SIGTERM kills a stuck analysis and its git, hands the job back to the queue and exits 0", async () => {
    const repo = stallingRepository(path.join(scratch.path, "repo"));
    const prefix = uniquePrefix("shutdown");
    const queue = new Queue<AnalysisJobData>(QUEUE_NAME, {
      connection: { url: redisUrl() },
      prefix,
    });
    const worker = new Observed(
      spawn(process.execPath, [path.join(ROOT, "src/worker/main.ts")], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          REDIS_URL: redisUrl(),
          DATABASE_URL: database.url,
          QUEUE_PREFIX: prefix,
          SANDBOX_DIR: path.join(scratch.path, "sandbox"),
          ALLOW_LOCAL_REPOS: "true",
          LOG_LEVEL: "info",
        },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    try {
      await worker.waitFor((l) => l.msg === "worker is waiting for jobs", 30_000, "worker ready");
      const id = randomUUID();
      const repoUrl = pathToFileURL(repo).href;
      await upsertAnalysis(db, { id, repoUrl, ref: null, status: "queued", force: true });
      await queue.add(
        "analyze",
        { repoUrl, ref: null, force: true, requestedAt: Date.now() },
        { jobId: id, attempts: 3 },
      );

      // The clone runs, and waits on the FIFO: the analysis process and its gits.
      const stuck = await vi.waitFor(
        () => {
          const below = descendantsOf(worker.pid).filter((p) => commandLine(p.pid).includes(repo));
          if (below.length === 0) throw new Error("no git is cloning the repository yet");
          return descendantsOf(worker.pid).map((p) => p.pid);
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(await queue.getJobState(id)).toBe("active");

      process.kill(worker.pid, "SIGTERM");
      expect(await worker.waitExit(15_000)).toEqual({ code: 0, signal: null });
      expect(stuck.filter(isRunning)).toEqual([]);
      expect(await queue.getJobState(id)).toBe("waiting");
      expect((await queue.getJob(id))?.attemptsMade).toBe(0);
      expect(await findAnalysis(db, id)).toMatchObject({ status: "queued", error: null });
      // Nothing of the analysis is left in the sandbox either.
      expect(
        readdirSync(path.join(scratch.path, "sandbox")).filter((n) => n.startsWith("job-")),
      ).toEqual([]);
    } finally {
      worker.cleanup();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  }, 60_000);
});
