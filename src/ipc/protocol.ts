import { WORKER_ENDS } from "../config/index.ts";
import { z } from "../config/zod.ts";

/**
 * The messages the supervisor and its RepoLens children exchange over Node's IPC channel.
 * Foreign children (issue: the supervisor as a tool) get no channel, so nothing here is
 * required for a child to be supervised; it lets the API answer `/api/health` with the
 * worker's state without a Redis round trip, and the supervisor see that a child still answers.
 */

const exitInfo = z.object({
  code: z.nullable(z.int()),
  signal: z.nullable(z.string()),
  /** Epoch milliseconds. */
  at: z.number(),
  /** How the supervisor classified the end (`src/supervisor/worker-end.ts`); null until it has. */
  cause: z.nullable(z.enum(WORKER_ENDS)),
});
export type ExitInfo = z.infer<typeof exitInfo>;

/**
 * What the worker process says of its own ability to take jobs: `starting` until BullMQ's
 * worker runs and its Redis connections are ready, `reconnecting` while one of them is not,
 * `stopping` once it closes.
 */
const READINESS = ["starting", "ready", "reconnecting", "stopping"] as const;
export type Readiness = (typeof READINESS)[number];

/**
 * The worker's state as the supervisor publishes it: the worker's own readiness while it runs,
 * otherwise the supervisor's view (`backoff` before a restart, `stopped` for good).
 */
export const WORKER_STATES = [...READINESS, "backoff", "stopped"] as const;
export type WorkerStateName = (typeof WORKER_STATES)[number];

/** Why a worker is not ready, for people. */
const reasonText = z.string().check(z.maxLength(500));

const workerState = z.object({
  /** null while the worker is not running (starting, in backoff, stopped). */
  pid: z.nullable(z.int()),
  /** Only `ready` means it can take a job now. */
  state: z.enum(WORKER_STATES),
  /** Why it is not ready, for people (`/api/status`); null when it is. */
  reason: z.nullable(reasonText),
  restarts: z.int().check(z.nonnegative()),
  /** Epoch milliseconds of the running worker's start; null when not running. */
  startedAt: z.nullable(z.number()),
  lastExit: z.nullable(exitInfo),
  rssMb: z.nullable(z.number()),
});
export type WorkerState = z.infer<typeof workerState>;

/** A liveness probe and its answer: `id` pairs them, so a late pong never answers a new ping. */
const probeId = z.int().check(z.nonnegative());
const ping = z.object({ type: z.literal("ping"), id: probeId });
const pong = z.object({ type: z.literal("pong"), id: probeId });

/** Supervisor → child. */
export const supervisorMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("worker-state"), worker: workerState }),
  ping,
]);
export type SupervisorMessage = z.infer<typeof supervisorMessage>;

/** Child → supervisor. */
export const childMessage = z.discriminatedUnion("type", [
  /** The worker finished a job; the supervisor counts them for WORKER_MAX_JOBS. */
  z.object({ type: z.literal("job-done") }),
  /** The API listens: its health path can answer now, and is asked at once. */
  z.object({ type: z.literal("listening") }),
  /** The API found the schema current, or brought it up to date: later starts skip the check. */
  z.object({ type: z.literal("schema-current") }),
  /** The worker's readiness changed; `reason` says why it is not ready. */
  z.object({
    type: z.literal("readiness"),
    state: z.enum(READINESS),
    reason: z.nullable(reasonText),
  }),
  pong,
]);
export type ChildMessage = z.infer<typeof childMessage>;

/** The type of a child's message; undefined when `message` is none. */
export function childMessageType(message: unknown): ChildMessage["type"] | undefined {
  return childMessage.safeParse(message).data?.type;
}

/** The id of a pong, or null when `message` is anything else. */
export function pongOf(message: unknown): number | null {
  const parsed = pong.safeParse(message);
  return parsed.success ? parsed.data.id : null;
}
