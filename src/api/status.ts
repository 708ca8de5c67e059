import type { Db } from "../db/index.ts";
import type { Jobs, QueueCounts } from "./jobs.ts";
import type { WorkerMonitor, WorkerView } from "./worker-state.ts";

/**
 * `/api/status`: every dependency probed, cached a few seconds so that a dashboard refreshing
 * often (or many at once) costs one Redis PING, one queue count and one `SELECT 1` per period.
 */

export interface Probe {
  ok: boolean;
  latencyMs: number | null;
  error?: string;
}

export interface StatusReport {
  overall_status: "healthy" | "degraded" | "unhealthy";
  checkedAt: string;
  api: { pid: number; uptimeS: number; rssMb: number };
  redis: Probe;
  database: Probe;
  worker_ok: boolean | null;
  worker: WorkerView | null;
  /** Split deployments (no supervisor reports here): workers whose heartbeat is fresh. */
  workers: Array<{ id: string; heartbeatAgeS: number }> | null;
  queue: QueueCounts | null;
}

async function probe(work: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  try {
    await work();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return {
      ok: false,
      latencyMs: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * @example
 * const status = createStatusProbe({ jobs, db, worker }, 5000);
 * const report = await status.get();
 */
export function createStatusProbe(
  deps: { jobs: Jobs; db: Db; worker: WorkerMonitor },
  ttlMs = 5_000,
) {
  let cached: { at: number; report: Promise<StatusReport> } | null = null;

  async function measure(): Promise<StatusReport> {
    let queue: QueueCounts | null = null;
    // Assigned inside the probe below; `as` keeps TypeScript from narrowing it to null here.
    let workers = null as StatusReport["workers"];
    // Only without a supervisor's IPC report (ROLE=api) are heartbeats worth a SCAN.
    const supervised = deps.worker.workerOk() !== null;
    const [redis, database] = await Promise.all([
      probe(async () => {
        queue = await deps.jobs.counts();
        if (supervised) return;
        const now = Date.now();
        workers = (await deps.jobs.liveWorkers()).map((w) => ({
          id: w.id,
          heartbeatAgeS: Math.round((now - w.at) / 1000),
        }));
      }),
      probe(() => deps.db.query("SELECT 1")),
    ]);
    const workerOk = supervised ? deps.worker.workerOk() : workers ? workers.length > 0 : null;
    const overall =
      !redis.ok || !database.ok ? "unhealthy" : workerOk === false ? "degraded" : "healthy";
    return {
      overall_status: overall,
      checkedAt: new Date().toISOString(),
      api: {
        pid: process.pid,
        uptimeS: Math.round(process.uptime()),
        rssMb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
      },
      redis,
      database,
      worker_ok: workerOk,
      worker: deps.worker.view(),
      workers,
      queue,
    };
  }

  return {
    get(): Promise<StatusReport> {
      const now = Date.now();
      // The promise is cached, so concurrent callers during a probe share it too.
      if (!cached || now - cached.at >= ttlMs) cached = { at: now, report: measure() };
      return cached.report;
    },
  };
}

export type StatusProbe = ReturnType<typeof createStatusProbe>;
