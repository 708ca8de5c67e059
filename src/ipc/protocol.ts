import { z } from "zod";
import { WORKER_ENDS } from "../config/index.ts";

/**
 * The messages the supervisor and its RepoLens children exchange over Node's IPC channel.
 * Foreign children (issue: the supervisor as a tool) get no channel, so nothing here is
 * required for a child to be supervised; it only lets the API answer `/api/health` with the
 * worker's state without a Redis round trip.
 */

export const exitInfo = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** Epoch milliseconds. */
  at: z.number(),
  /** How the supervisor classified the end (`src/supervisor/worker-end.ts`); null until it has. */
  cause: z.enum(WORKER_ENDS).nullable(),
});
export type ExitInfo = z.infer<typeof exitInfo>;

export const workerState = z.object({
  /** null while the worker is not running (starting, in backoff, stopped). */
  pid: z.number().int().nullable(),
  restarts: z.number().int().nonnegative(),
  /** Epoch milliseconds of the running worker's start; null when not running. */
  startedAt: z.number().nullable(),
  lastExit: exitInfo.nullable(),
  rssMb: z.number().nullable(),
});
export type WorkerState = z.infer<typeof workerState>;

/** Supervisor → child. */
export const supervisorMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("worker-state"), worker: workerState }),
]);
export type SupervisorMessage = z.infer<typeof supervisorMessage>;

/** Child → supervisor. */
export const childMessage = z.discriminatedUnion("type", [
  /** The worker finished a job; the supervisor counts them for WORKER_MAX_JOBS. */
  z.object({ type: z.literal("job-done") }),
]);
export type ChildMessage = z.infer<typeof childMessage>;
