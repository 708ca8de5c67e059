import {
  type DefaultJobOptions,
  Queue,
  QueueEvents,
  type QueueOptions,
  type WorkerOptions,
} from "bullmq";
import type { Redis } from "ioredis";
import type { Env } from "../config/index.ts";
import { type AnalysisJobData, QUEUE_NAME } from "./contract.ts";

/**
 * BullMQ settings for a remote, per-command-billed Redis. An idle worker's cost is dominated by
 * its blocking poll and its stalled-job check, an idle API's by nothing at all (it holds no
 * QueueEvents unless an SSE client listens).
 */

/** Completed and failed jobs stay in Redis this long (Postgres keeps history after that). */
export const JOB_RETENTION_S = 24 * 60 * 60;
/** ...and no more than this many of each, so a busy day cannot fill a 256 MB free tier. */
const JOB_RETENTION_COUNT = 1000;
/**
 * Approximate length the queue's event stream is trimmed to (BullMQ's default is 10 000). SSE
 * clients only follow live events, so a short stream is enough and keeps Redis memory small.
 */
export const EVENT_STREAM_MAX_LEN = 1000;

/**
 * Per-job defaults: attempts with exponential backoff (RETRY_BACKOFF_MS, 2x, 4x, ...), and
 * bounded retention. Eviction is evaluated when another job finishes, at no extra command.
 */
export function jobOptions(env: Pick<Env, "MAX_RETRY_ATTEMPTS" | "RETRY_BACKOFF_MS">) {
  return {
    attempts: env.MAX_RETRY_ATTEMPTS,
    backoff: { type: "exponential", delay: env.RETRY_BACKOFF_MS },
    removeOnComplete: { age: JOB_RETENTION_S, count: JOB_RETENTION_COUNT },
    removeOnFail: { age: JOB_RETENTION_S, count: JOB_RETENTION_COUNT },
  } satisfies DefaultJobOptions;
}

export type AnalysisQueue = Queue<AnalysisJobData>;

export interface QueueSettings {
  /** BullMQ key prefix (QUEUE_PREFIX); tests use a unique one each. */
  prefix: string;
  env: Pick<Env, "MAX_RETRY_ATTEMPTS" | "RETRY_BACKOFF_MS">;
}

/**
 * The `repo-analysis` queue on a connection the caller owns (BullMQ does not close a connection
 * it was given; close it after `queue.close()`).
 *
 * @example
 * const queue = createQueue(createRedis(env, "command"), { prefix: env.QUEUE_PREFIX, env });
 */
export function createQueue(connection: Redis, settings: QueueSettings): AnalysisQueue {
  const options: QueueOptions = {
    connection,
    prefix: settings.prefix,
    defaultJobOptions: jobOptions(settings.env),
    streams: { events: { maxLen: EVENT_STREAM_MAX_LEN } },
  };
  return new Queue<AnalysisJobData>(QUEUE_NAME, options);
}

/**
 * A QueueEvents reader (XREAD BLOCK on the event stream). Each read is one command, issued
 * every `blockingTimeoutMs` while nothing happens, so open one only while someone listens.
 * `template` is copied, never used itself: pass {@link createReaderTemplate}'s client. The
 * Redis version is not checked here (one INFO each time a reader opens): the worker's and the
 * API's queue connections check it once at start.
 */
export function createQueueEvents(
  template: Redis,
  prefix: string,
  options: { lastEventId?: string; blockingTimeoutMs?: number } = {},
): QueueEvents {
  return new QueueEvents(QUEUE_NAME, {
    connection: template,
    prefix,
    skipVersionCheck: true,
    lastEventId: options.lastEventId,
    blockingTimeout: options.blockingTimeoutMs ?? 10_000,
  });
}

/** The key of the queue's event stream, for reading the last event id before subscribing. */
export function eventStreamKey(prefix: string): string {
  return `${prefix}:${QUEUE_NAME}:events`;
}

/**
 * Worker settings for the BullMQ Worker of `src/worker`. Spread into its options together
 * with a `blocking` connection.
 *
 * @example
 * new Worker(QUEUE_NAME, processor, { connection, prefix, ...workerOptions(env) });
 */
export function workerOptions(
  env: Pick<Env, "WORKER_CONCURRENCY">,
): Omit<WorkerOptions, "connection"> {
  return {
    concurrency: env.WORKER_CONCURRENCY,
    // Seconds an idle worker blocks (BZPOPMIN) before asking again. A new job wakes it at
    // once through BullMQ's marker key, so a long wait costs no latency: 300 s means about
    // 290 commands a day while idle instead of ~17 000 with the default 5 s.
    drainDelay: 300,
    // The stalled-job check runs even when idle. Every 5 minutes (default 30 s) is ~290
    // commands a day; a crashed worker's job is picked up again within lockDuration + 5 min.
    stalledInterval: 300_000,
    // A running job renews its lock every lockDuration / 2. 60 s (default 30 s) halves those
    // commands during a job; the worker never blocks its event loop that long (the analysis and
    // git run in child processes).
    lockDuration: 60_000,
    // A job whose worker died once is retried; twice means it likely kills workers (OOM).
    maxStalledCount: 1,
  };
}
