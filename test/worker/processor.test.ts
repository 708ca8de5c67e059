import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Job, Queue, QueueEvents, Worker, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { REPORT_SCHEMA_VERSION } from "../../src/analysis/report.ts";
import { loadConfig, type WorkerEnd } from "../../src/config/index.ts";
import {
  createPool,
  type Db,
  findAnalysis,
  runMigrations,
  upsertAnalysis,
} from "../../src/db/index.ts";
import {
  type AnalysisJobData,
  type AnalysisReturn,
  createRedis,
  eventStreamKey,
  jobOptions,
  parseFailure,
  QUEUE_NAME,
} from "../../src/queue/index.ts";
import { createPipeline } from "../../src/worker/pipeline.ts";
import {
  createProcessor,
  type Pipeline,
  type ProcessorDeps,
  progressReporter,
} from "../../src/worker/processor.ts";
import {
  deathCountKey,
  registerWorker,
  releaseJobsOfDeadWorkers,
} from "../../src/worker/recovery.ts";
import { isRunning } from "../../src/worker/sandbox/index.ts";
import { descendantsOf } from "../../src/worker/sandbox/process-tree.ts";
import { createRepo, type TempDir, tempDir } from "../analysis/fixtures.ts";
import {
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";

const log = pino({ level: "silent" });
const env = {
  ...loadConfig({ MAX_RETRY_ATTEMPTS: "2", RETRY_BACKOFF_MS: "10" }),
  JOB_TIMEOUT_MS: 2000,
};

let database: TestDatabase;
let db: Db;
let redis: Redis;
beforeAll(async () => {
  database = await createTestDatabase("worker");
  db = await createPool({ url: database.url });
  await runMigrations(db);
  redis = createRedis({ REDIS_URL: redisUrl() }, "blocking", "test");
});
afterAll(async () => {
  await db.end();
  await database.drop();
  redis.disconnect();
});

type Analyze = Pipeline["analyze"];
/** What a commit check finds for every URL here: its redirects checked, its host pinned. */
const CHECKED = {
  url: "https://github.com/a/moved",
  pin: { host: "github.com", addresses: ["140.82.121.4"] },
};
const fakePipeline = (analyze: Analyze, commit = "c0ffee"): Pipeline => ({
  resolveCommit: async () => ({ commit, checked: CHECKED }),
  checkRemote: async () => CHECKED,
  analyze,
  classify: (error) => {
    const e = error as Error & { code?: string; permanent?: boolean };
    return {
      code: e.code ?? "ANALYSIS_FAILED",
      message: e.message,
      permanent: e.permanent ?? false,
    };
  },
});

interface Harness {
  queue: Queue<AnalysisJobData, AnalysisReturn>;
  worker: Worker<AnalysisJobData, AnalysisReturn>;
  events: QueueEvents;
  prefix: string;
  submit(repoUrl: string, force?: boolean): Promise<Job<AnalysisJobData, AnalysisReturn>>;
}
let harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses) {
    await h.worker.close(true);
    await h.events.close();
    await h.queue.obliterate({ force: true }).catch(() => undefined);
    await h.queue.close();
  }
  harnesses = [];
});

async function harness(
  pipeline: Pipeline,
  prefix = uniquePrefix("worker"),
  deps: Partial<ProcessorDeps> = {},
  workerOptions: Partial<WorkerOptions> = {},
): Promise<Harness> {
  const connection = { url: redisUrl() };
  const queue = new Queue<AnalysisJobData, AnalysisReturn>(QUEUE_NAME, {
    connection,
    prefix,
    defaultJobOptions: jobOptions(env),
  });
  const processor = createProcessor({
    env,
    db,
    log,
    pipeline,
    wasCancelled: async () => false,
    ...deps,
  });
  // The events are read from the stream's end as it is before the worker starts, as the API's
  // event hub does: a reader left at its default (`$`) starts at its first XREAD, one round trip
  // after it is "ready", and misses a job that a worker finishes meanwhile (one already queued
  // under this prefix, handed back or orphaned), so that waitUntilFinished waits for nothing.
  const [last] = await redis.xrevrange(eventStreamKey(prefix), "+", "-", "COUNT", 1);
  const worker = new Worker<AnalysisJobData, AnalysisReturn>(QUEUE_NAME, processor, {
    connection,
    prefix,
    ...workerOptions,
  });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix, lastEventId: last?.[0] ?? "0" });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
  const h: Harness = {
    queue,
    worker,
    events,
    prefix,
    async submit(repoUrl, force = false) {
      const job = await queue.add(
        "analyze",
        { repoUrl, ref: null, force, requestedAt: Date.now() },
        { jobId: randomUUID() },
      );
      await upsertAnalysis(db, {
        id: job.id as string,
        repoUrl,
        ref: null,
        status: "queued",
        force,
      });
      return job;
    },
  };
  harnesses.push(h);
  return h;
}

const report = {
  schemaVersion: REPORT_SCHEMA_VERSION,
  totals: { files: 2 },
  languages: [{ name: "TypeScript", code: 10 }],
};

describe("progress reporting", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the first update at once, then at most one per 2 s, each time the latest", () => {
    const sent: string[] = [];
    const progress = progressReporter((p) => sent.push(`${p.step}:${p.percentage}`));
    progress.report("cloning", 0);
    progress.report("cloning", 100);
    progress.report("scanning", 10);
    vi.advanceTimersByTime(1999);
    expect(sent).toEqual(["cloning:0"]);
    progress.report("scanning", 50);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(["cloning:0", "scanning:25"]);
    // Quiet for longer than the interval: the next update goes out at once.
    vi.advanceTimersByTime(5000);
    progress.report("dependencies", 0);
    expect(sent).toEqual(["cloning:0", "scanning:25", "dependencies:33"]);
  });

  it("never repeats or goes back, and stop() drops what is still waiting", () => {
    const sent: string[] = [];
    const progress = progressReporter((p) => sent.push(`${p.step}:${p.percentage}`));
    progress.report("scanning", 50);
    progress.report("scanning", 50);
    vi.advanceTimersByTime(2000);
    progress.report("scanning", 20);
    vi.advanceTimersByTime(2000);
    // A new step at the percentage already sent still goes out: it names what runs now.
    progress.report("scanning", 100);
    vi.advanceTimersByTime(2000);
    progress.report("dependencies", 0);
    progress.report("summary", 100);
    progress.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(["scanning:25", "scanning:33", "dependencies:33"]);
  });
});

describe("worker processor (a fake pipeline, real BullMQ, Redis and Postgres)", () => {
  it("a job reports its steps, and its report lands in Postgres once", async () => {
    const h = await harness(
      fakePipeline(async (_url, _ref, { onStep }) => {
        onStep("cloning", 0);
        onStep("scanning", 50);
        onStep("summary", 100);
        return { commit: "abc", report };
      }),
    );
    const seen: number[] = [];
    h.events.on("progress", ({ data }) => seen.push((data as { percentage: number }).percentage));
    const job = await h.submit("https://github.com/a/one");
    const result = await job.waitUntilFinished(h.events, 10_000);
    expect(result).toEqual({ commit: "abc", cached: false });
    // A job shorter than the progress interval sends its first update only; its end says the rest.
    expect(seen).toEqual([0]);
    expect(await findAnalysis(db, job.id as string)).toMatchObject({
      status: "completed",
      commit: "abc",
      report,
      attempts: 1,
    });
  });

  it("a completed analysis of the same repo at the same commit is reused unless force", async () => {
    let runs = 0;
    const checks: unknown[] = [];
    const h = await harness(
      fakePipeline(async (_url, _ref, { checked }) => {
        runs += 1;
        checks.push(checked);
        return { commit: "c0ffee", report };
      }),
    );
    const first = await h.submit("https://github.com/a/cached");
    await first.waitUntilFinished(h.events, 10_000);
    const second = await h.submit("https://github.com/a/cached");
    expect(await second.waitUntilFinished(h.events, 10_000)).toEqual({
      commit: "c0ffee",
      cached: true,
    });
    expect(await findAnalysis(db, second.id as string)).toMatchObject({
      status: "completed",
      cachedFrom: first.id,
      report,
    });
    const forced = await h.submit("https://github.com/a/cached", true);
    expect(await forced.waitUntilFinished(h.events, 10_000)).toEqual({
      commit: "c0ffee",
      cached: false,
    });
    expect(runs).toBe(2);
    // The worker's redirect check goes to the analysis, with the commit's lookup or, for a
    // forced run, alone.
    expect(checks).toEqual([CHECKED, CHECKED]);
  });

  it("a permanent failure fails at once with its code; a transient one is retried", async () => {
    let calls = 0;
    const h = await harness(
      fakePipeline(async (url) => {
        calls += 1;
        if (url.endsWith("missing"))
          throw Object.assign(new Error("no such repository"), {
            code: "REPO_NOT_FOUND",
            permanent: true,
          });
        if (calls < 3)
          throw Object.assign(new Error("connection reset"), {
            code: "GIT_FAILED",
            permanent: false,
          });
        return { commit: "abc", report };
      }),
    );
    const missing = await h.submit("https://github.com/a/missing");
    await expect(missing.waitUntilFinished(h.events, 10_000)).rejects.toThrow(
      "REPO_NOT_FOUND: no such repository",
    );
    expect((await h.queue.getJob(missing.id as string))?.attemptsMade).toBe(1);
    expect(await findAnalysis(db, missing.id as string)).toMatchObject({
      status: "failed",
      error: { code: "REPO_NOT_FOUND", message: "no such repository" },
    });

    const flaky = await h.submit("https://github.com/a/flaky");
    expect(await flaky.waitUntilFinished(h.events, 10_000)).toEqual({
      commit: "abc",
      cached: false,
    });
    expect(await findAnalysis(db, flaky.id as string)).toMatchObject({
      status: "completed",
      attempts: 2,
      error: null,
    });
  });

  it("a running job is cancelled cooperatively and recorded as cancelled", async () => {
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const h = await harness(
      fakePipeline(
        (_url, _ref, { signal }) =>
          new Promise((_, reject) => {
            signal.addEventListener("abort", () => reject(new Error("aborted")));
            markStarted();
          }),
      ),
    );
    const job = await h.submit("https://github.com/a/slow");
    await started;
    expect(h.worker.cancelJob(job.id as string, "cancelled by request")).toBe(true);
    await expect(job.waitUntilFinished(h.events, 10_000)).rejects.toThrow(/^CANCELLED/);
    expect(await findAnalysis(db, job.id as string)).toMatchObject({
      status: "cancelled",
      error: { code: "CANCELLED" },
    });
  });

  it("JOB_TIMEOUT_MS stops a job that runs too long, without a retry", async () => {
    const h = await harness(
      fakePipeline(
        (_url, _ref, { signal }) =>
          new Promise((_, reject) => {
            signal.throwIfAborted();
            signal.addEventListener("abort", () => reject(new Error("aborted")));
          }),
      ),
    );
    const job = await h.submit("https://github.com/a/endless");
    await expect(job.waitUntilFinished(h.events, 10_000)).rejects.toThrow(
      /^JOB_TIMEOUT: the analysis took longer than 2 s/,
    );
    expect((await h.queue.getJob(job.id as string))?.attemptsMade).toBe(1);
  });
});

describe("recovery of a dead worker's job", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "repolens-workers-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * A worker that took `repoUrl` (or, without it, the job waiting) and died: what SIGKILL leaves
   * behind is the lock (60 s) and the active job, nobody renewing either, and its record in the
   * registry with a pid that is gone.
   */
  async function deadWorkerWithJob(prefix: string, repoUrl?: string) {
    const stuck = await harness(
      fakePipeline(() => new Promise(() => undefined)),
      prefix,
    );
    await registerWorker(dir, stuck.worker.id);
    await writeFile(path.join(dir, stuck.worker.id), "999999999");
    if (repoUrl) await stuck.submit(repoUrl);
    const job = await lockedBy(stuck);
    await stuck.worker.close(true);
    return { job, deadId: stuck.worker.id };
  }

  /** The job `h`'s worker has taken (it may have taken it before anyone could listen). */
  async function lockedBy(h: Harness): Promise<Job> {
    return vi.waitFor(
      async () => {
        for (const job of await h.queue.getActive()) {
          const token = await redis.get(`${h.prefix}:${QUEUE_NAME}:${job.id}:lock`);
          if (token?.startsWith(`${h.worker.id}:`)) return job;
        }
        throw new Error("the worker has taken no job yet");
      },
      { timeout: 5000, interval: 20 },
    );
  }

  const release = (
    next: Harness,
    prefix: string,
    dead: readonly string[],
    cause: WorkerEnd,
    maxDeaths: number,
    failed: string[] = [],
  ) =>
    releaseJobsOfDeadWorkers({
      queue: next.queue,
      redis,
      prefix,
      dir,
      dead,
      cause,
      maxDeaths,
      log,
      onFailed: async (_job, reason) => {
        failed.push(reason);
      },
    });

  it("the next worker of the container hands the job back at once, without waiting for the lock to expire", async () => {
    const prefix = uniquePrefix("recovery");
    const { job, deadId } = await deadWorkerWithJob(prefix, "https://github.com/a/orphan");
    const next = await harness(
      fakePipeline(async () => ({ commit: "abc", report })),
      prefix,
    );
    const registry = await registerWorker(dir, next.worker.id);
    expect(registry.dead).toEqual([deadId]);
    // The dead worker's lock, still held: it would hand the job over only when it expires.
    const lockLeftMs = await redis.pttl(`${prefix}:${QUEUE_NAME}:${job.id}:lock`);
    expect(lockLeftMs).toBeGreaterThan(0);
    const lockExpiresAt = Date.now() + lockLeftMs;
    expect(await release(next, prefix, registry.dead, "killed", 3)).toEqual([job.id]);
    expect(await job.waitUntilFinished(next.events, 10_000)).toEqual({
      commit: "abc",
      cached: false,
    });
    expect((await next.queue.getJob(job.id as string))?.finishedOn).toBeLessThan(lockExpiresAt);
    // A worker whose process still runs (this test process) is never taken for dead.
    expect((await registerWorker(dir, "third")).dead).toEqual([]);
  });

  it.each([
    ["out-of-memory", "out-of-memory"],
    ["crashed", "out-of-memory"],
    ["unknown", "unknown"],
  ] as const)(
    "a job whose workers keep dying (%s, then %s) is failed at the limit instead of released forever",
    async (firstCause, secondCause) => {
      const prefix = uniquePrefix("recovery");
      const first = await deadWorkerWithJob(prefix, "https://github.com/a/oom");
      const next = await harness(
        fakePipeline(async () => ({ commit: "abc", report })),
        prefix,
      );
      await next.worker.pause();
      const failed: string[] = [];
      const id = first.job.id as string;
      expect(await release(next, prefix, [first.deadId], firstCause, 2, failed)).toEqual([id]);
      // The count expires on its own, so a job Redis has forgotten leaves nothing behind.
      expect(await redis.ttl(deathCountKey(prefix, id))).toBeGreaterThan(0);
      const second = await deadWorkerWithJob(prefix);
      expect(second.job.id).toBe(id);
      expect(await release(next, prefix, [second.deadId], secondCause, 2, failed)).toEqual([]);
      expect(await next.queue.getJobState(id)).toBe("failed");
      expect(parseFailure(failed[0]).code).toBe("WORKER_DIED");
      expect(failed[0]).toMatch(/died 2 times/);
    },
  );

  it("a job whose workers are killed from outside many times is released every time, at no Redis cost", async () => {
    const prefix = uniquePrefix("recovery");
    const next = await harness(
      fakePipeline(async () => ({ commit: "abc", report })),
      prefix,
    );
    await next.worker.pause();
    const failed: string[] = [];
    let id: string | undefined;
    for (const cause of ["killed", "recycled", "killed", "killed", "recycled", "killed"] as const) {
      const dead = await deadWorkerWithJob(prefix, id ? undefined : "https://github.com/a/chaos");
      id ??= dead.job.id as string;
      expect(dead.job.id).toBe(id);
      expect(await release(next, prefix, [dead.deadId], cause, 2, failed)).toEqual([id]);
    }
    expect(failed).toEqual([]);
    expect(await next.queue.getJobState(id as string)).toBe("waiting");
    expect(await redis.exists(deathCountKey(prefix, id as string))).toBe(0);
    // A kill does not wipe out what earlier deaths the job caused.
    const dead = await deadWorkerWithJob(prefix);
    expect(await release(next, prefix, [dead.deadId], "out-of-memory", 2, failed)).toEqual([id]);
    expect(await redis.get(deathCountKey(prefix, id as string))).toBe("1");
  });
});

describe("each analysis in a process of its own (the real pipeline and sandbox)", () => {
  const FIXTURE = fileURLToPath(new URL("./fixtures/sandboxed.ts", import.meta.url));
  let sandboxDir: TempDir;
  beforeAll(() => {
    sandboxDir = tempDir("worker-sandbox");
  });
  afterAll(() => {
    sandboxDir.remove();
  });

  const pipelineEnv = (vars: Record<string, string> = {}) => ({
    ...loadConfig({ SANDBOX_DIR: sandboxDir.path, ALLOW_LOCAL_REPOS: "true", ...vars }),
    JOB_TIMEOUT_MS: env.JOB_TIMEOUT_MS,
  });
  /**
   * A forced job for the fixture in `mode`: a local path (ALLOW_LOCAL_REPOS), so that the
   * worker's redirect check, made for a forced run too, asks no network.
   */
  const misbehavingUrl = (mode: string) => `file:///misbehaving/${mode}`;
  /** A pipeline whose analysis process is the misbehaving fixture, in the mode the URL names. */
  const misbehaving = (vars: Record<string, string> = {}) =>
    createPipeline(pipelineEnv(vars), log, { entry: FIXTURE });

  /**
   * For the tests whose analysis ends some other way (a cancel, a stop, its memory, a crash):
   * the suite's 2 s JOB_TIMEOUT_MS would race a Node process's start on a busy machine. Still
   * bounded, so that an analysis a failed test left behind does not busy-loop for long.
   */
  const untimed = { env: { ...env, JOB_TIMEOUT_MS: 30_000 } };

  /** Analysis processes (the fixture's) still running below this test process. */
  const analysisProcesses = () =>
    descendantsOf(process.pid)
      .map((p) => p.pid)
      .filter((pid) => isRunning(pid) && commandLine(pid).includes(FIXTURE));

  /** The job folders left in SANDBOX_DIR. */
  const jobFolders = () => readdirSync(sandboxDir.path).filter((name) => name.startsWith("job-"));

  // A test that failed before its analysis ended must not leave it to the next test's count.
  afterEach(() => {
    for (const pid of analysisProcesses()) process.kill(pid, "SIGKILL");
  });

  /** Resolves once the job's analysis runs: its first progress update reached Redis. */
  async function running(h: Harness, id: string): Promise<void> {
    await vi.waitFor(
      async () => expect((await h.queue.getJob(id))?.progress).toMatchObject({ step: "cloning" }),
      { timeout: 10_000, interval: 50 },
    );
  }

  async function failureOf(h: Harness, job: Job) {
    await expect(job.waitUntilFinished(h.events, 20_000)).rejects.toThrow();
    const stored = await h.queue.getJob(job.id as string);
    return {
      failure: parseFailure(stored?.failedReason),
      attempts: stored?.attemptsMade,
      row: await findAnalysis(db, job.id as string),
    };
  }

  it("a killed analysis's clone is removed with its job's folder", async () => {
    const h = await harness(misbehaving());
    const job = await h.submit(misbehavingUrl("litter"), true);
    expect((await failureOf(h, job)).failure.code).toBe("JOB_TIMEOUT");
    expect(jobFolders()).toEqual([]);
  });

  it("JOB_TIMEOUT_MS stops an analysis stuck in a busy loop, and its process is gone", async () => {
    const h = await harness(misbehaving());
    const job = await h.submit(misbehavingUrl("busy"), true);
    const { failure, attempts, row } = await failureOf(h, job);
    expect(failure).toEqual({
      code: "JOB_TIMEOUT",
      message: "the analysis took longer than 2 s and was stopped",
    });
    expect(attempts).toBe(1);
    expect(row).toMatchObject({ status: "failed", error: { code: "JOB_TIMEOUT" } });
    expect(analysisProcesses()).toEqual([]);
  });

  it("while an analysis busy-loops, the worker's event loop is free: it renews the job's lock", async () => {
    // Renewed every 2 s: a lock of a few hundred ms can lapse on a busy machine whose one core
    // the busy loop already holds, which says nothing about the worker's event loop.
    const h = await harness(misbehaving(), undefined, untimed, { lockDuration: 4000 });
    const job = await h.submit(misbehavingUrl("busy"), true);
    await running(h, job.id as string);
    const lock = `${h.prefix}:${QUEUE_NAME}:${job.id}:lock`;
    let last = await redis.pttl(lock);
    expect(last).toBeGreaterThan(0);
    // A renewal sets the lock's time to live back up, between two readings; a blocked loop
    // would let it run out. Compared with the reading before, not the first: read just after
    // the lock was set, the first is the whole duration, which a renewal only equals.
    await vi.waitFor(
      async () => {
        const ttl = await redis.pttl(lock);
        const renewed = ttl > last;
        last = ttl;
        expect(renewed).toBe(true);
      },
      { timeout: 10_000, interval: 20 },
    );
    h.worker.cancelJob(job.id as string);
    await expect(job.waitUntilFinished(h.events, 10_000)).rejects.toThrow(/^CANCELLED/);
  });

  it("a cancel request stops an analysis stuck in a busy loop, and the job ends cancelled", async () => {
    const h = await harness(misbehaving(), undefined, untimed);
    const job = await h.submit(misbehavingUrl("busy"), true);
    await running(h, job.id as string);
    expect(h.worker.cancelJob(job.id as string, "cancelled by request")).toBe(true);
    const { failure, row } = await failureOf(h, job);
    expect(failure.code).toBe("CANCELLED");
    expect(row).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    expect(analysisProcesses()).toEqual([]);
  });

  it("an analysis over ANALYSIS_MAX_MB fails its job at once with ANALYSIS_OUT_OF_MEMORY", async () => {
    const h = await harness(misbehaving({ ANALYSIS_MAX_MB: "128" }), undefined, untimed);
    const job = await h.submit(misbehavingUrl("heap"), true);
    const { failure, attempts, row } = await failureOf(h, job);
    expect(failure).toEqual({
      code: "ANALYSIS_OUT_OF_MEMORY",
      message: "the analysis of this repository needed more than 128 MB of memory and was stopped",
    });
    expect(attempts).toBe(1);
    expect(row).toMatchObject({ status: "failed", error: { code: "ANALYSIS_OUT_OF_MEMORY" } });
  });

  it("an analysis process that crashes fails its job at once with ANALYSIS_CRASHED", async () => {
    const h = await harness(misbehaving(), undefined, untimed);
    const job = await h.submit(misbehavingUrl("exit"), true);
    const { failure, attempts } = await failureOf(h, job);
    expect(failure).toEqual({
      code: "ANALYSIS_CRASHED",
      message: "the analysis process ended unexpectedly (exit code 3)",
    });
    expect(attempts).toBe(1);
  });

  it("with a spare, the next job's process waits before the job, again once the queue is drained, and close() ends it", async () => {
    const pipeline = createPipeline(pipelineEnv(), log, { entry: FIXTURE, spare: true });
    try {
      pipeline.warm();
      const [ahead] = await vi.waitFor(() => {
        const waiting = analysisProcesses();
        expect(waiting).toHaveLength(1);
        return waiting;
      });
      const h = await harness(pipeline, undefined, untimed);
      // As the worker's main wires it.
      h.worker.on("drained", () => pipeline.warm());
      const job = await h.submit(misbehavingUrl("exit"), true);
      expect((await failureOf(h, job)).failure.code).toBe("ANALYSIS_CRASHED");
      // The job took the waiting process (it exited, as the mode says); one for the next waits.
      await vi.waitFor(() => {
        const waiting = analysisProcesses();
        expect(waiting).toHaveLength(1);
        expect(waiting).not.toContain(ahead);
      });
      pipeline.close();
      await vi.waitFor(() => expect(analysisProcesses()).toEqual([]));
    } finally {
      pipeline.close();
    }
  });

  it("a stopping worker kills the analysis and hands its job back; the next worker runs it", async () => {
    const prefix = uniquePrefix("handback");
    const stopping = new AbortController();
    const first = await harness(misbehaving(), prefix, { ...untimed, stopping: stopping.signal });
    const job = await first.submit(misbehavingUrl("busy"), true);
    const id = job.id as string;
    await running(first, id);
    stopping.abort(new Error("SIGTERM"));
    await first.worker.close();
    expect(await first.queue.getJobState(id)).toBe("waiting");
    expect((await first.queue.getJob(id))?.attemptsMade).toBe(0);
    expect(await findAnalysis(db, id)).toMatchObject({ status: "queued", error: null });
    expect(analysisProcesses()).toEqual([]);

    const next = await harness(
      fakePipeline(async () => ({ commit: "abc", report })),
      prefix,
    );
    expect(await job.waitUntilFinished(next.events, 10_000)).toEqual({
      commit: "abc",
      cached: false,
    });
    expect(await findAnalysis(db, id)).toMatchObject({ status: "completed", attempts: 1 });
  });

  it("a package.json string with NUL and a lone surrogate is stored, cleaned to U+FFFD", async () => {
    const repo = tempDir("nul-repo");
    try {
      createRepo(repo.path, {
        // The JSON escapes, as a hostile package.json would write them.
        "package.json": '{"name":"nul\\u0000name","dependencies":{"half\\ud800":"1.0.0"}}',
        "index.js": "module.exports = 1;\n",
      });
      // The real analysis: a Node process to start and a clone, longer than the suite's 2 s.
      const h = await harness(createPipeline(pipelineEnv(), log), undefined, untimed);
      const job = await h.submit(pathToFileURL(repo.path).href, true);
      await job.waitUntilFinished(h.events, 30_000);
      const row = await findAnalysis(db, job.id as string);
      expect(row?.status).toBe("completed");
      expect((row?.report as { manifests?: unknown[] } | undefined)?.manifests).toEqual([
        expect.objectContaining({
          name: "nul\uFFFDname",
          dependencies: [expect.objectContaining({ name: "half\uFFFD" })],
        }),
      ]);
      // The analysis removed its sandbox, the worker the job's folder.
      expect(jobFolders()).toEqual([]);
    } finally {
      repo.remove();
    }
  });

  it("a report Postgres still refuses fails its job at once with REPORT_NOT_STORABLE, analysed once", async () => {
    let runs = 0;
    // The cleaning is bypassed for the completed write, so real Postgres sees what it refuses.
    const refusing: Db = Object.assign(Object.create(db) as Db, {
      query: (text: string, values?: unknown[]) =>
        db.query(
          text,
          values?.[3] === "completed" ? values.with(11, '{"name":"a\\u0000b"}') : values,
        ),
    });
    const h = await harness(
      fakePipeline(async () => {
        runs += 1;
        return { commit: "abc", report };
      }),
      undefined,
      { db: refusing },
    );
    const job = await h.submit("https://github.com/a/unstorable", true);
    const { failure, attempts, row } = await failureOf(h, job);
    expect(failure).toEqual({
      code: "REPORT_NOT_STORABLE",
      message:
        "the report could not be stored: it contains a character the database cannot store (22P05)",
    });
    expect(attempts).toBe(1);
    expect(runs).toBe(1);
    expect(row).toMatchObject({ status: "failed", error: { code: "REPORT_NOT_STORABLE" } });
  });
});

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}
