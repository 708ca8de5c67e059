import type { Db } from "../db/index.ts";
import type { Logger } from "../log/index.ts";
import type { Jobs, QueueCounts } from "./jobs.ts";
import type { StreamSlots } from "./stream-slots.ts";
import type { WorkerMonitor, WorkerView } from "./worker-state.ts";

/**
 * `/api/status`: every dependency probed, cached a few seconds so that a dashboard refreshing
 * often (or many at once) costs one Redis PING, one queue count and one `SELECT 1` per period.
 * Anyone may read it, so a failure is told as a short reason; the driver's own message (host
 * names, addresses, user names) goes to the log only.
 */

export const PROBE_FAILURES = [
  "unreachable",
  "connection refused",
  "host not found",
  "timeout",
  "connection lost",
  "auth failed",
  "tls failed",
  "database missing",
  "too many connections",
  "error",
] as const;
export type ProbeFailure = (typeof PROBE_FAILURES)[number];

export interface Probe {
  ok: boolean;
  latencyMs: number | null;
  error?: ProbeFailure;
}

// Node's system error codes, Postgres' SQLSTATEs and Redis' reply prefixes, by what they mean
// to an operator; the first that matches wins.
const FAILURE_RULES: Array<[RegExp, ProbeFailure]> = [
  [
    /^(?:28P01|28000)$|WRONGPASS|NOAUTH|password authentication failed|invalid password/i,
    "auth failed",
  ],
  [/^(?:ENOTFOUND|EAI_AGAIN)$/, "host not found"],
  [/^ECONNREFUSED$/, "connection refused"],
  [/^ETIMEDOUT$|timeout|timed out/i, "timeout"],
  [/^3D000$/, "database missing"],
  [/^53300$|too many (?:connections|clients)/i, "too many connections"],
  [/certificate|SSL|TLS/, "tls failed"],
  [
    /^(?:ECONNRESET|EPIPE|57P0\d)$|Connection terminated|connection is closed|socket hang up/i,
    "connection lost",
  ],
  [/^(?:REDIS_UNAVAILABLE|DATABASE_UNAVAILABLE)$/, "unreachable"],
];

/**
 * What a probe's error means, without its details.
 *
 * @example
 * probeFailure(Object.assign(new Error("getaddrinfo ENOTFOUND db.internal"), { code: "ENOTFOUND" }))
 * // "host not found"
 */
export function probeFailure(error: unknown): ProbeFailure {
  const err = error as { code?: unknown; message?: unknown; errors?: unknown } | null;
  const code = typeof err?.code === "string" ? err.code : "";
  const message = typeof err?.message === "string" ? err.message : "";
  for (const [pattern, failure] of FAILURE_RULES)
    if ((code && pattern.test(code)) || pattern.test(message)) return failure;
  // Node reports a failed connection to every address of a host as one AggregateError.
  const inner = Array.isArray(err?.errors) ? err.errors[0] : undefined;
  return inner ? probeFailure(inner) : "error";
}

export interface StatusReport {
  overall_status: "healthy" | "degraded" | "unhealthy";
  checkedAt: string;
  api: { pid: number; uptimeS: number; rssMb: number; openStreams: number };
  redis: Probe;
  database: Probe;
  worker_ok: boolean | null;
  worker: WorkerView | null;
  /** Split deployments (no supervisor reports here): workers whose heartbeat is fresh. */
  workers: Array<{ id: string; heartbeatAgeS: number }> | null;
  queue: QueueCounts | null;
}

async function probe(
  dependency: "redis" | "database",
  work: () => Promise<unknown>,
  log: Logger,
): Promise<Probe> {
  const started = performance.now();
  try {
    await work();
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    const failure = probeFailure(error);
    log.warn({ dependency, failure, err: error }, `status probe: ${dependency} ${failure}`);
    return { ok: false, latencyMs: null, error: failure };
  }
}

/**
 * @example
 * const status = createStatusProbe({ jobs, db, worker, streams, log }, 5000);
 * const report = await status.get();
 */
export function createStatusProbe(
  deps: { jobs: Jobs; db: Db; worker: WorkerMonitor; streams: StreamSlots; log: Logger },
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
      probe(
        "redis",
        async () => {
          queue = await deps.jobs.counts();
          if (supervised) return;
          const now = Date.now();
          workers = (await deps.jobs.liveWorkers()).map((w) => ({
            id: w.id,
            heartbeatAgeS: Math.round((now - w.at) / 1000),
          }));
        },
        deps.log,
      ),
      probe("database", () => deps.db.query("SELECT 1"), deps.log),
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
        openStreams: deps.streams.open(),
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
