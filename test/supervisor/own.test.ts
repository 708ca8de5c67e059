import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  alive,
  freePort,
  type LogLine,
  type Observed,
  startSupervisor,
} from "../helpers/processes.ts";
import {
  canConnect,
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";

/** RepoLens's own API and worker under the supervisor, as `npm start` runs them. */

let scratch: string;
let database: TestDatabase;
let running: Observed[] = [];
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "repolens-own-"));
  // As root the embedded Postgres runs as the postgres user, who must be able to reach its data.
  await chmod(scratch, 0o755);
  database = await createTestDatabase("own");
});
afterEach(() => {
  for (const s of running) s.cleanup();
  running = [];
});
afterAll(async () => {
  await database.drop();
  await rm(scratch, { recursive: true, force: true });
});

const started = (svc: string) => (l: LogLine) => l.msg === `${svc} started`;

async function own(env: Record<string, string>): Promise<{ s: Observed; port: number }> {
  const port = await freePort();
  const s = startSupervisor([], {
    PORT: String(port),
    SANDBOX_DIR: path.join(scratch, `sandbox-${port}`),
    QUEUE_PREFIX: uniquePrefix("own"),
    SHUTDOWN_TIMEOUT_MS: "10000",
    RESTART_BACKOFF_MS: "200",
    RSS_SAMPLE_MS: "500",
    LOG_LEVEL: "info",
    ...env,
  });
  running.push(s);
  return { s, port };
}

async function health(port: number): Promise<Record<string, unknown>> {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("the supervisor running RepoLens's own API and worker", () => {
  it("on embedded defaults, /api/health answers worker_ok; Redis and Postgres go away with the supervisor", async () => {
    const { s, port } = await own({
      REDIS_URL: "",
      DATABASE_URL: "",
      EMBEDDED_PG_DIR: path.join(scratch, "pg"),
    });
    const redisPid = (await s.waitFor(started("redis"), 20_000)).childPid as number;
    const postgresPid = (await s.waitFor(started("postgres"), 60_000)).childPid as number;
    await s.waitFor((l) => l.msg === "supervisor is up", 60_000, "the supervisor to be up");
    await s.waitFor((l) => l.svc === "worker" && l.msg === "worker is waiting for jobs", 20_000);
    await expect
      .poll(async () => (await health(port)).worker_ok === true, {
        timeout: 10_000,
        message: "worker_ok is true",
      })
      .toBe(true);
    // The worker, starting while the API waits to build its service, migrates the new database.
    expect(
      s.lines.find((l) => l.svc === "worker" && String(l.msg).startsWith("applied")),
    ).toBeDefined();

    process.kill(s.pid, "SIGTERM");
    const exit = await s.waitExit(20_000);
    expect(exit.code).toBe(0);
    expect(alive(redisPid)).toBe(false);
    expect(alive(postgresPid)).toBe(false);
  }, 120_000);

  it("ROLE=worker runs only the worker and opens no port", async () => {
    const { s, port } = await own({
      ROLE: "worker",
      REDIS_URL: redisUrl(),
      DATABASE_URL: database.url,
    });
    const workerPid = (await s.waitFor(started("worker"), 30_000)).childPid as number;
    await s.waitFor((l) => l.svc === "worker" && l.msg === "worker is waiting for jobs", 30_000);
    expect(s.lines.some(started("api"))).toBe(false);
    expect(await canConnect("127.0.0.1", port)).toBe(false);
    // The V8 limits that bench:memory measured reach the child (docs/PERFORMANCE.md, figure 3).
    const argv = readFileSync(`/proc/${workerPid}/cmdline`, "utf8").split("\0");
    expect(argv).toEqual(
      expect.arrayContaining(["--max-semi-space-size=1", "--max-old-space-size=192"]),
    );
    process.kill(s.pid, "SIGTERM");
    expect((await s.waitExit(15_000)).code).toBe(0);
  }, 60_000);

  it("/api/health reports a SIGKILLed worker's exit and restart without any Redis or SQL round trip", async () => {
    const { s, port } = await own({ REDIS_URL: redisUrl(), DATABASE_URL: database.url });
    const first = await s.waitFor(started("worker"), 30_000);
    await expect
      .poll(async () => (await health(port)).worker_ok === true, {
        timeout: 10_000,
        message: "worker_ok is true",
      })
      .toBe(true);
    const waiting = (pid: unknown) => (l: LogLine) =>
      l.svc === "worker" && l.pid === pid && l.msg === "worker is waiting for jobs";
    expect((await s.waitFor(waiting(first.childPid), 10_000)).previousWorker).toBe("unknown");
    process.kill(first.childPid as number, "SIGKILL");
    const second = await s.waitFor((l) => started("worker")(l) && l.restarts === 1, 10_000);
    // The new worker knows its predecessor was killed from outside, not by its job.
    expect((await s.waitFor(waiting(second.childPid), 10_000)).previousWorker).toBe("killed");
    await expect
      .poll(
        async () => {
          const body = await health(port);
          const worker = body.worker as {
            restarts: number;
            lastExit: { signal: string | null; cause: string | null } | null;
          };
          return (
            body.worker_ok === true &&
            worker.restarts === 1 &&
            worker.lastExit?.signal === "SIGKILL" &&
            worker.lastExit.cause === "killed"
          );
        },
        { timeout: 10_000, message: "health shows the restart" },
      )
      .toBe(true);
    process.kill(s.pid, "SIGTERM");
    expect((await s.waitExit(15_000)).code).toBe(0);
  }, 60_000);

  const schemaChecked = (svc: string, pid: unknown) => (l: LogLine) =>
    l.svc === svc &&
    l.pid === pid &&
    (l.msg === "schema is up to date" || String(l.msg).startsWith("applied"));
  const currentSaid = (l: LogLine) =>
    l.svc === "supervisor" && l.msg === "the schema is current: later starts skip its check";
  const toldCurrent = (pid: unknown) =>
    readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes("REPOLENS_SCHEMA_CURRENT=1");

  it("once the API and the worker found the schema current, their restarts are told to skip the check", async () => {
    const fresh = await createTestDatabase("own_schema_current");
    try {
      const { s, port } = await own({ REDIS_URL: redisUrl(), DATABASE_URL: fresh.url });
      const api = await s.waitFor(started("api"), 30_000);
      const worker = await s.waitFor(started("worker"), 30_000);
      expect(toldCurrent(api.childPid)).toBe(false);
      expect(toldCurrent(worker.childPid)).toBe(false);
      await s.waitFor(schemaChecked("worker", worker.childPid), 30_000, "the worker's check");
      // A health answer that says the worker is ready makes the API build, and check.
      await expect.poll(async () => (await health(port)).worker_ok, { timeout: 10_000 }).toBe(true);
      await s.waitFor(schemaChecked("api", api.childPid), 30_000, "the API's check");
      // The worker was ready first: its readiness is what said so.
      expect(s.lines.filter(currentSaid)).toEqual([expect.objectContaining({ child: "worker" })]);

      process.kill(api.childPid as number, "SIGKILL");
      const api2 = await s.waitFor((l) => started("api")(l) && l.restarts === 1, 20_000);
      expect(toldCurrent(api2.childPid)).toBe(true);
      process.kill(worker.childPid as number, "SIGKILL");
      const worker2 = await s.waitFor((l) => started("worker")(l) && l.restarts === 1, 20_000);
      expect(toldCurrent(worker2.childPid)).toBe(true);
      await expect.poll(async () => (await health(port)).worker_ok, { timeout: 20_000 }).toBe(true);
      expect(s.lines.some(schemaChecked("api", api2.childPid))).toBe(false);
      expect(s.lines.some(schemaChecked("worker", worker2.childPid))).toBe(false);

      process.kill(s.pid, "SIGTERM");
      expect((await s.waitExit(15_000)).code).toBe(0);
    } finally {
      await fresh.drop();
    }
  }, 90_000);

  it("ROLE=api: the API's own word that the schema is current reaches its restart", async () => {
    const fresh = await createTestDatabase("own_schema_current_api");
    try {
      const { s } = await own({ ROLE: "api", REDIS_URL: redisUrl(), DATABASE_URL: fresh.url });
      const api = await s.waitFor(started("api"), 30_000);
      expect(toldCurrent(api.childPid)).toBe(false);
      await s.waitFor(schemaChecked("api", api.childPid), 30_000, "the API's check");
      // The API's IPC message, not its log line, is what the supervisor acts on.
      expect(await s.waitFor(currentSaid, 10_000)).toMatchObject({ child: "api" });
      process.kill(api.childPid as number, "SIGKILL");
      const api2 = await s.waitFor((l) => started("api")(l) && l.restarts === 1, 20_000);
      expect(toldCurrent(api2.childPid)).toBe(true);
      expect(s.lines.filter(currentSaid)).toHaveLength(1);
      process.kill(s.pid, "SIGTERM");
      expect((await s.waitExit(15_000)).code).toBe(0);
    } finally {
      await fresh.drop();
    }
  }, 60_000);
});
