import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import {
  type AnalysisJobData,
  type AnalysisProgress,
  type AnalysisQueue,
  type AnalysisStatus,
  analysisProgress,
  analysisReturn,
  dedupeId,
  JOB_NAME,
  liveWorkers,
  requestCancel,
  statusOfJobState,
} from "../queue/index.ts";
import { guard, redisUnavailable } from "./errors.ts";

/**
 * The API's side of the queue: every call fails fast with a 503 while Redis is away (the
 * connection has no offline queue), so no HTTP request waits for Redis to come back.
 */

/** What Redis knows about a job while it still holds it. */
export interface LiveJob {
  id: string;
  data: AnalysisJobData;
  status: AnalysisStatus;
  progress: AnalysisProgress | null;
  attempts: number;
  failedReason: string | undefined;
  commit: string | null;
  cached: boolean;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface Jobs {
  /** The queue itself, for Bull Board. */
  readonly queue: AnalysisQueue;
  /** Adds the job under `id`; when a duplicate won a race, returns that job's id instead. */
  enqueue(id: string, data: AnalysisJobData): Promise<{ id: string; deduplicated: boolean }>;
  get(id: string): Promise<LiveJob | null>;
  /** Removes a queued job; false when a worker holds it by now (it is running). */
  removeQueued(id: string): Promise<boolean>;
  requestCancel(id: string): Promise<void>;
  counts(): Promise<QueueCounts>;
  /** Workers of other containers that beat recently (split deployments), newest first. */
  liveWorkers(): Promise<Array<{ id: string; at: number }>>;
  /** Round-trip time of a PING in ms. */
  ping(): Promise<number>;
}

function toLiveJob(job: Job<AnalysisJobData>, state: string): LiveJob | null {
  const status = statusOfJobState(state, job.failedReason);
  if (!status || !job.id) return null;
  const progress = analysisProgress.safeParse(job.progress);
  const returned = analysisReturn.safeParse(job.returnvalue);
  return {
    id: job.id,
    data: job.data,
    status,
    progress: progress.success ? progress.data : null,
    attempts: job.attemptsMade,
    failedReason: job.failedReason || undefined,
    commit: returned.success ? returned.data.commit : null,
    cached: returned.success ? returned.data.cached : false,
    createdAt: job.timestamp,
    startedAt: job.processedOn ?? null,
    finishedAt: job.finishedOn ?? null,
  };
}

/**
 * @example
 * const jobs = createJobs(redis, queue, env.QUEUE_PREFIX);
 * const live = await jobs.get(id); // throws ApiError 503 REDIS_UNAVAILABLE when Redis is away
 */
export function createJobs(redis: Redis, queue: AnalysisQueue, prefix: string): Jobs {
  const call = <T>(work: () => Promise<T>): Promise<T> => {
    // Checked before touching BullMQ: a Queue waits for "ready" on its own, which would hold
    // the request for as long as Redis is away.
    if (redis.status !== "ready") return Promise.reject(redisUnavailable());
    return guard("redis", work);
  };

  return {
    queue,
    enqueue: (id, data) =>
      call(async () => {
        const job = await queue.add(JOB_NAME, data, {
          jobId: id,
          deduplication: { id: dedupeId(data.repoUrl, data.ref) },
        });
        const actual = job.id ?? id;
        return { id: actual, deduplicated: actual !== id };
      }),
    get: (id) =>
      call(async () => {
        const job = (await queue.getJob(id)) as Job<AnalysisJobData> | undefined;
        if (!job) return null;
        return toLiveJob(job, await job.getState());
      }),
    removeQueued: (id) =>
      call(async () => {
        // BullMQ refuses to remove a job a worker has locked; it returns 0 or throws.
        try {
          return (await queue.remove(id)) === 1;
        } catch (error) {
          if (/locked/i.test(String(error))) return false;
          throw error;
        }
      }),
    requestCancel: (id) => call(() => requestCancel(redis, prefix, id)),
    counts: () =>
      call(async () => {
        const c = await queue.getJobCounts("waiting", "active", "completed", "failed", "delayed");
        return {
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          completed: c.completed ?? 0,
          failed: c.failed ?? 0,
          delayed: c.delayed ?? 0,
        };
      }),
    liveWorkers: () =>
      call(async () => (await liveWorkers(redis, prefix)).sort((a, b) => b.at - a.at)),
    ping: () =>
      call(async () => {
        const started = performance.now();
        await redis.ping();
        return Math.round((performance.now() - started) * 10) / 10;
      }),
  };
}
