import type { Redis } from "ioredis";
import { QUEUE_NAME } from "./contract.ts";

/**
 * Worker heartbeats for split deployments, where the API runs in another container and cannot
 * hear from the worker over IPC. Each beat is one SET with a TTL: at 5 minutes that is 288
 * commands a day per worker on a per-command-billed Redis. In the combined container the
 * supervisor's IPC is the heartbeat and none is written.
 */

/** Seconds between beats. */
export const HEARTBEAT_INTERVAL_S = 300;
/** A worker whose key is older than this is presumed gone (two beats missed, plus slack). */
const HEARTBEAT_TTL_S = 2 * HEARTBEAT_INTERVAL_S + 60;

function heartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:${QUEUE_NAME}:heartbeat:${workerId}`;
}

/** Writes one beat: the worker's id and the time, expiring on its own. */
export async function beat(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.set(heartbeatKey(prefix, workerId), String(Date.now()), "EX", HEARTBEAT_TTL_S);
}

/**
 * Last beat (epoch ms) of every live worker. SCAN is one command per 100 keys; the API calls
 * this from the cached status route only.
 */
export async function liveWorkers(
  redis: Redis,
  prefix: string,
): Promise<Array<{ id: string; at: number }>> {
  const pattern = heartbeatKey(prefix, "*");
  const found: Array<{ id: string; at: number }> = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 100);
    cursor = next;
    if (keys.length === 0) continue;
    const values = await redis.mget(...keys);
    keys.forEach((key, i) => {
      const at = Number(values[i]);
      if (Number.isFinite(at)) found.push({ id: key.slice(pattern.length - 1), at });
    });
  } while (cursor !== "0");
  return found;
}
