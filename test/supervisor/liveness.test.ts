import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateRepo } from "../../scripts/lib/repos.ts";
import { getAnalysis, startService, submitOk } from "../../scripts/lib/service.ts";
import {
  alive,
  FIXTURES,
  freePort,
  type LogLine,
  type Observed,
  startSupervisor,
} from "../helpers/processes.ts";
import {
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";

/**
 * The watchdog: a child that is alive for the kernel but answers nothing (SIGSTOP) is SIGKILLed
 * with its whole group and restarted, for RepoLens's own children and for foreign ones.
 */

// 4 s, not less: under a full suite on two cores a healthy child can miss a shorter deadline.
const LIVENESS = { LIVENESS_TIMEOUT_MS: 4000, LIVENESS_INTERVAL_MS: 250 };
const BACKOFF_MAX_MS = 400;
/** The longest a hung child may take to be replaced: its deadline, a probe, the backoff, slack. */
const REPLACED_WITHIN_MS =
  LIVENESS.LIVENESS_TIMEOUT_MS + LIVENESS.LIVENESS_INTERVAL_MS + BACKOFF_MAX_MS + 3000;
const FAST = {
  RESTART_BACKOFF_MS: "200",
  RESTART_BACKOFF_MAX_MS: String(BACKOFF_MAX_MS),
  SHUTDOWN_TIMEOUT_MS: "3000",
  LIVENESS_TIMEOUT_MS: String(LIVENESS.LIVENESS_TIMEOUT_MS),
  LIVENESS_INTERVAL_MS: String(LIVENESS.LIVENESS_INTERVAL_MS),
};

let scratch: string;
let database: TestDatabase;
let running: Observed[] = [];
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "repolens-liveness-"));
  database = await createTestDatabase("liveness");
});
afterEach(() => {
  for (const s of running) {
    // A stopped child cannot even die of SIGKILL's group delivery until it is continued.
    s.cleanup();
  }
  running = [];
});
afterAll(async () => {
  await database.drop();
  await rm(scratch, { recursive: true, force: true });
});

function supervise(args: string[], env: Record<string, string>): Observed {
  const s = startSupervisor(args, { ...FAST, ...env });
  running.push(s);
  return s;
}

const started = (svc: string) => (l: LogLine) => l.msg === `${svc} started`;
const restartedAfter = (svc: string, pid: unknown) => (l: LogLine) =>
  started(svc)(l) && l.childPid !== pid;

/** True once no process is left in the group (SIGKILL reaches stopped processes too). */
function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

async function stopAndExpectReplaced(s: Observed, svc: string): Promise<LogLine> {
  const first = await s.waitFor(started(svc), 30_000);
  const pid = first.childPid as number;
  // Before its first answer a child has API_START_TIMEOUT_MS, as a process still loading.
  await s.waitFor(
    (l) => l.childPid === pid && l.msg === `${svc} answers its liveness probes`,
    30_000,
  );
  process.kill(pid, "SIGSTOP");
  const second = await s.waitFor(
    restartedAfter(svc, pid),
    REPLACED_WITHIN_MS,
    `a new ${svc} after the first stopped answering`,
  );
  expect(
    s.lines.find((l) => l.child === svc && String(l.msg).startsWith(`${svc} stopped answering`)),
  ).toMatchObject({ childPid: pid, timeoutMs: LIVENESS.LIVENESS_TIMEOUT_MS });
  expect(alive(pid)).toBe(false);
  // Its grandchildren, reparented, are reaped a moment later.
  await expect
    .poll(() => groupGone(pid), { timeout: 2000, message: "no process is left in the old group" })
    .toBe(true);
  return second;
}

/** GET http://127.0.0.1:port<path> answers 200 within a second. */
async function answers(port: number, pathname: string): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}${pathname}`, {
    signal: AbortSignal.timeout(1000),
  }).catch(() => null);
  return response?.status === 200;
}

describe("RepoLens's own children that stop answering are replaced", () => {
  const own = async () => {
    const port = await freePort();
    const s = supervise([], {
      PORT: String(port),
      REDIS_URL: redisUrl(),
      DATABASE_URL: database.url,
      SANDBOX_DIR: path.join(scratch, `sandbox-${port}`),
      QUEUE_PREFIX: uniquePrefix("live"),
      LOG_LEVEL: "info",
    });
    return { s, port };
  };

  it("a SIGSTOPped idle worker: a new worker within the deadline plus backoff, the old group gone, the end counted as hung", async () => {
    const { s, port } = await own();
    await s.waitFor((l) => l.msg === "worker is ready", 30_000, "the first worker to be ready");
    const second = await stopAndExpectReplaced(s, "worker");
    expect(s.lines).toContainEqual(expect.objectContaining({ msg: "worker ended: hung" }));
    await s.waitFor(
      (l) => l.msg === "worker is ready" && s.lines.indexOf(l) > s.lines.indexOf(second),
      30_000,
      "the new worker to be ready",
    );
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as {
      worker_ok: boolean;
      worker: { lastExit: { cause: string } };
    };
    expect(health.worker.lastExit.cause).toBe("hung");
  }, 90_000);

  it("a SIGSTOPped API: a new API, and /api/health answers again", async () => {
    const { s, port } = await own();
    await s.waitFor((l) => l.msg === "supervisor is up", 30_000);
    await stopAndExpectReplaced(s, "api");
    await expect
      .poll(() => answers(port, "/api/health"), {
        timeout: 30_000,
        message: "/api/health answers again",
      })
      .toBe(true);
  }, 90_000);
});

describe("foreign children that stop answering are replaced", () => {
  const api = `python3 ${FIXTURES}/api.py`;
  const worker = (env = "") => `env ${env} MODE=steady sh ${FIXTURES}/worker.sh`;

  it("a SIGSTOPped foreign API (--api): a new one, answering its health path again", async () => {
    const port = await freePort();
    const s = supervise(["--api", api, "--health-path", "/health"], { PORT: String(port) });
    await s.waitFor((l) => l.msg === "api is ready", 15_000);
    await stopAndExpectReplaced(s, "api");
    await expect
      .poll(() => answers(port, "/health"), { timeout: 15_000, message: "/health answers again" })
      .toBe(true);
  }, 60_000);

  it("a SIGSTOPped foreign worker with --worker-health: replaced, and told its predecessor hung", async () => {
    const beat = path.join(scratch, `beat-${Date.now()}`);
    const s = supervise(
      [
        "--worker",
        worker(`BEAT_FILE=${beat}`),
        "--worker-health",
        `test -n "$(find ${beat} -newermt '-1 seconds')"`,
      ],
      {},
    );
    await s.waitFor((l) => l.svc === "worker" && String(l.msg).startsWith("worker up"));
    const second = await stopAndExpectReplaced(s, "worker");
    const up = await s.waitFor(
      (l) =>
        l.svc === "worker" && l.pid === second.childPid && String(l.msg).startsWith("worker up"),
    );
    expect(String(up.msg)).toMatch(/previous=hung$/);
  }, 60_000);

  it("a SIGSTOPped foreign worker without a health command is seen stopped by its process state", async () => {
    const s = supervise(["--worker", worker()], {});
    await stopAndExpectReplaced(s, "worker");
    expect(s.lines.find((l) => String(l.msg).startsWith("worker stopped answering"))?.probe).toBe(
      "process state",
    );
  }, 60_000);
});

describe("a worker that hangs while it runs a job", () => {
  it("is replaced, and the new worker completes the job", async () => {
    const repo = generateRepo(path.join(scratch, "mid-job"), 4000, 20);
    const service = await startService({
      redisUrl: redisUrl(),
      databaseUrl: database.url,
      dir: scratch,
      env: FAST,
    });
    try {
      const id = await submitOk(service, { repoUrl: repo });
      await expect
        .poll(async () => (await getAnalysis(service, id)).status, {
          timeout: 30_000,
          message: "the job is running",
        })
        .toBe("active");
      const pid = service.workerPid();
      // Until its first answer a worker has API_START_TIMEOUT_MS (30 s), as a process still
      // loading, not LIVENESS_TIMEOUT_MS: a busy machine can start the job before the answer.
      await service.observed.waitFor(
        (l) => l.childPid === pid && l.msg === "worker answers its liveness probes",
        30_000,
        "the worker's first answer to a liveness probe",
      );
      process.kill(pid, "SIGSTOP");
      await service.observed.waitFor(
        (l) => l.msg === "worker ended: hung",
        REPLACED_WITHIN_MS,
        "the hung worker to be ended",
      );
      await expect
        .poll(async () => (await getAnalysis(service, id)).status, {
          timeout: 60_000,
          message: "the job to finish",
        })
        .toBeOneOf(["completed", "failed", "cancelled"]);
      expect((await getAnalysis(service, id)).status).toBe("completed");
      // The new worker took the job back from the hung one, counting the death against it.
      expect(service.observed.lines).toContainEqual(
        expect.objectContaining({
          msg: "released the jobs of a dead worker",
          previousWorker: "hung",
          released: [id],
        }),
      );
      expect(service.workerPid()).not.toBe(pid);
      await expect
        .poll(() => groupGone(pid), {
          timeout: 2000,
          message: "no process is left in the old group",
        })
        .toBe(true);
    } finally {
      await service.stop();
    }
  }, 120_000);
});
