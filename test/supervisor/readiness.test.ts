import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type OwnRedis, startOwnRedis } from "../../scripts/lib/redis-server.ts";
import { liveWorkers } from "../../src/queue/index.ts";
import { freePort, type Observed, startSupervisor } from "../helpers/processes.ts";
import { createTestDatabase, type TestDatabase, uniquePrefix } from "../helpers/services.ts";

/**
 * `worker_ok` means the worker can take a job now: RepoLens's own API and worker under the
 * supervisor, on a redis-server of the test's own that the test stops and starts.
 */

interface Health {
  worker_ok: boolean | null;
  worker: { pid: number | null; state: string } | null;
}

let scratch: string;
let database: TestDatabase;
let redis: OwnRedis;
let running: Observed[] = [];
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "repolens-readiness-"));
  database = await createTestDatabase("readiness");
  redis = await startOwnRedis();
});
afterEach(() => {
  for (const s of running) s.cleanup();
  running = [];
});
afterAll(async () => {
  await redis.stop("SIGKILL");
  await database.drop();
  await rm(scratch, { recursive: true, force: true });
});

async function supervise(): Promise<{ s: Observed; port: number }> {
  const port = await freePort();
  const s = startSupervisor([], {
    PORT: String(port),
    REDIS_URL: redis.url,
    DATABASE_URL: database.url,
    SANDBOX_DIR: path.join(scratch, `sandbox-${port}`),
    QUEUE_PREFIX: uniquePrefix("ready"),
    SHUTDOWN_TIMEOUT_MS: "5000",
    RESTART_BACKOFF_MS: "200",
    LOG_LEVEL: "info",
  });
  running.push(s);
  await s.waitFor((l) => l.msg === "api is ready", 30_000, "the API to answer");
  return { s, port };
}

async function health(port: number): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  // The container stays up while only Redis or the worker is unwell: a restart cannot mend Redis.
  expect(response.status).toBe(200);
  return (await response.json()) as Health;
}

async function reason(port: number): Promise<string | null> {
  const status = (await (await fetch(`http://127.0.0.1:${port}/api/status`)).json()) as {
    worker: { reason: string | null } | null;
  };
  return status.worker?.reason ?? null;
}

describe("worker_ok tells whether the worker can take a job", () => {
  it("goes false within 5 s of Redis stopping, with the reason, and true within 5 s of its return", async () => {
    const { port } = await supervise();
    await expect
      .poll(async () => (await health(port)).worker_ok === true, {
        timeout: 20_000,
        message: "worker_ok",
      })
      .toBe(true);

    await redis.stop();
    await expect
      .poll(async () => (await health(port)).worker_ok === false, {
        timeout: 5000,
        message: "worker_ok is false",
      })
      .toBe(true);
    const down = await health(port);
    // The process is there; it just cannot reach the queue.
    expect(down.worker).toMatchObject({ pid: expect.any(Number), state: "reconnecting" });
    expect(await reason(port)).toMatch(/Redis connection lost/);

    await redis.start();
    await expect
      .poll(async () => (await health(port)).worker_ok === true, {
        timeout: 5000,
        message: "worker_ok is true again",
      })
      .toBe(true);
    expect((await health(port)).worker?.state).toBe("ready");
  }, 60_000);

  it("a worker that is running but not yet consuming is not worker_ok", async () => {
    await redis.stop();
    const { s, port } = await supervise();
    await s.waitFor((l) => l.msg === "worker started", 20_000);
    await expect
      .poll(async () => (await health(port)).worker?.pid != null, {
        timeout: 10_000,
        message: "the worker process is reported",
      })
      .toBe(true);
    const starting = await health(port);
    expect(starting).toMatchObject({ worker_ok: false, worker: { state: "starting" } });
    // /api/status caches its report a few seconds.
    await expect
      .poll(async () => /connecting to Redis/.test((await reason(port)) ?? ""), {
        timeout: 10_000,
        message: "the status says the worker is connecting to Redis",
      })
      .toBe(true);
    expect((await health(port)).worker_ok).toBe(false);

    await redis.start();
    await expect
      .poll(async () => (await health(port)).worker_ok === true, {
        timeout: 15_000,
        message: "worker_ok",
      })
      .toBe(true);
    // It became ready by consuming: BullMQ's first fetch came before the supervisor heard "ready".
    expect(s.lines.some((l) => l.msg === "worker is ready")).toBe(true);
  }, 60_000);
});

describe("split deployments (ROLE=worker) keep the meaning through heartbeats", () => {
  it("a supervised ROLE=worker writes its heartbeat once ready, for an API in another container", async () => {
    const prefix = uniquePrefix("split");
    const port = await freePort();
    const s = startSupervisor([], {
      ROLE: "worker",
      PORT: String(port),
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      SANDBOX_DIR: path.join(scratch, `sandbox-${port}`),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: "info",
    });
    running.push(s);
    const client = new Redis(redis.url);
    try {
      await s.waitFor((l) => l.msg === "worker is ready", 30_000, "the worker to be ready");
      await expect
        .poll(async () => (await liveWorkers(client, prefix)).length === 1, {
          timeout: 5000,
          message: "one heartbeat in Redis",
        })
        .toBe(true);
    } finally {
      client.disconnect();
    }
  }, 60_000);
});
