import type { Redis } from "ioredis";
import { QUEUE_NAME } from "./contract.ts";

/**
 * Cancelling a running job across processes. BullMQ's `worker.cancelJob(id)` aborts the
 * processor's signal but only inside the worker's own process, so the API tells the worker
 * through Redis: a flag (for a worker that has not yet looked) plus a pub/sub message (for one
 * that is running the job now). A subscribed, idle connection sends no commands.
 */

/** How long a cancel flag outlives the request; longer than any job may run. */
const CANCEL_FLAG_TTL_S = 60 * 60;

function cancelChannel(prefix: string): string {
  return `${prefix}:${QUEUE_NAME}:cancel`;
}

function cancelFlagKey(prefix: string, jobId: string): string {
  return `${prefix}:${QUEUE_NAME}:cancel:${jobId}`;
}

/**
 * Asks whichever worker runs `jobId` to stop: two commands, sent in one round trip.
 *
 * @example
 * await requestCancel(redis, env.QUEUE_PREFIX, id);
 */
export async function requestCancel(redis: Redis, prefix: string, jobId: string): Promise<void> {
  // A pipeline, not MULTI: MULTI and EXEC would be billed as two more commands.
  const replies = await redis
    .pipeline()
    .set(cancelFlagKey(prefix, jobId), "1", "EX", CANCEL_FLAG_TTL_S)
    .publish(cancelChannel(prefix), jobId)
    .exec();
  const failed = replies?.find(([error]) => error)?.[0];
  if (failed) throw failed;
}

/** For the worker, once when a job starts: was it cancelled before we subscribed or looked? */
export async function isCancelRequested(
  redis: Redis,
  prefix: string,
  jobId: string,
): Promise<boolean> {
  return (await redis.exists(cancelFlagKey(prefix, jobId))) === 1;
}

/**
 * For the worker: calls `onCancel(jobId)` for every cancel request, typically
 * `(id) => worker.cancelJob(id, "cancelled by request")`. `subscriber` must be a `blocking`
 * connection of its own (a subscribed connection cannot send other commands). Resolves once
 * subscribed; the returned function unsubscribes.
 *
 * @example
 * const stop = await onCancelRequest(createRedis(env, "blocking"), prefix, (id) =>
 *   worker.cancelJob(id, "cancelled by request"),
 * );
 */
export async function onCancelRequest(
  subscriber: Redis,
  prefix: string,
  onCancel: (jobId: string) => void,
): Promise<() => Promise<void>> {
  const channel = cancelChannel(prefix);
  const listener = (from: string, message: string) => {
    if (from === channel) onCancel(message);
  };
  subscriber.on("message", listener);
  await subscriber.subscribe(channel);
  return async () => {
    subscriber.off("message", listener);
    await subscriber.unsubscribe(channel);
  };
}
