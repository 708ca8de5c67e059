import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { ChildMessage, Readiness } from "../ipc/protocol.ts";
import { HEARTBEAT_INTERVAL_S } from "../queue/index.ts";

/**
 * The worker's ability to take jobs, told to whoever vouches for it: the supervisor over IPC in
 * the combined container, Redis heartbeats in a split deployment (ROLE=worker), which are then
 * written only while the worker is ready. Nothing here sends a Redis command of its own.
 */

export interface ReadinessFacts {
  /** BullMQ's worker has fetched from the queue at least once (a job, or found it empty). */
  consuming: boolean;
  /** `worker.close()` has begun. */
  closing: boolean;
  /** Connections that are not ready, as `name: ioredis status`. */
  down: string[];
}

/**
 * @example
 * readinessOf({ consuming: true, closing: false, down: ["worker: reconnecting"] });
 * // { state: "reconnecting", reason: "Redis connection lost (worker: reconnecting)" }
 */
export function readinessOf(facts: ReadinessFacts): { state: Readiness; reason: string | null } {
  if (facts.closing) return { state: "stopping", reason: "the worker is closing" };
  if (facts.down.length > 0) {
    const which = facts.down.join(", ");
    return facts.consuming
      ? { state: "reconnecting", reason: `Redis connection lost (${which})` }
      : { state: "starting", reason: `connecting to Redis (${which})` };
  }
  if (!facts.consuming) return { state: "starting", reason: "waiting for its first fetch" };
  return { state: "ready", reason: null };
}

export interface ReadinessOptions {
  worker: Pick<Worker, "on">;
  /** Every connection the worker needs to take and finish a job. */
  connections: Redis[];
  /** Where a change is told (the supervisor's IPC); called once per change. */
  send: (message: ChildMessage) => void;
  /** Split deployments: writes one heartbeat; called on becoming ready and while ready. */
  heartbeat?: () => Promise<void>;
  heartbeatIntervalMs?: number;
}

/**
 * Follows the worker's and its connections' events and reports each change of readiness.
 *
 * @example
 * reportReadiness({ worker, connections: [connection, commands], send: (m) => process.send?.(m) });
 */
export function reportReadiness(options: ReadinessOptions): { state(): Readiness } {
  const { worker, connections, send, heartbeat } = options;
  const facts: ReadinessFacts = { consuming: false, closing: false, down: [] };
  let current: Readiness | null = null;
  let beating: NodeJS.Timeout | undefined;

  const update = () => {
    // "wait" is a lazy connection not yet asked to connect: not a loss.
    facts.down = connections
      .filter((redis) => redis.status !== "ready" && redis.status !== "wait")
      .map((redis) => `${redis.options.connectionName ?? "redis"}: ${redis.status}`);
    const next = readinessOf(facts);
    if (next.state === current) return;
    current = next.state;
    send({ type: "readiness", ...next });
    clearInterval(beating);
    if (heartbeat && next.state === "ready") {
      const beat = () => void heartbeat().catch(() => undefined);
      beat();
      beating = setInterval(beat, options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_S * 1000);
      beating.unref();
    }
  };

  const consuming = () => {
    facts.consuming = true;
    update();
  };
  worker.on("drained", consuming);
  worker.on("active", consuming);
  worker.on("closing", () => {
    facts.closing = true;
    update();
  });
  // ioredis emits its new status as an event; each one may change the answer.
  for (const redis of connections) {
    for (const status of ["ready", "close", "reconnecting", "end", "connecting"] as const)
      redis.on(status, update);
  }
  update();
  return { state: () => current ?? "starting" };
}
