import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Job, type Queue, UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { failureMessage, QUEUE_NAME } from "../queue/index.ts";

/**
 * Getting a dead worker's job running again in seconds rather than after BullMQ's lock expiry
 * plus a stalled check (minutes, with the intervals chosen for Upstash's billing).
 *
 * Each worker process records its BullMQ worker id and pid in a folder on the container's own
 * disk while it runs and removes it when it closes cleanly. A worker process that starts and
 * finds another id there whose process is gone knows that worker died. Every active job whose lock token starts with a
 * dead id — BullMQ's tokens are `<worker id>:<n>` — is moved back to wait with that token, which
 * BullMQ's own script checks, so a job locked by a live worker elsewhere is never touched.
 */

export interface WorkerRegistry {
  /** Removes this worker's record: call after `worker.close()` succeeded. */
  unregister(): Promise<void>;
  /** Ids of workers of this container that died without unregistering. */
  readonly dead: readonly string[];
}

/**
 * Records `workerId` under `dir` and returns the ids of dead workers found there: those whose
 * recorded process is gone (so a second live worker on the same host is never taken for dead).
 */
export async function registerWorker(dir: string, workerId: string): Promise<WorkerRegistry> {
  await mkdir(dir, { recursive: true });
  const dead: string[] = [];
  for (const name of await readdir(dir)) {
    if (name === workerId) continue;
    const pid = Number(await readFile(path.join(dir, name), "utf8").catch(() => ""));
    if (!processAlive(pid)) dead.push(name);
  }
  const own = path.join(dir, workerId);
  await writeFile(own, String(process.pid));
  return {
    dead,
    unregister: () => rm(own, { force: true }),
  };
}

/**
 * Moves the active jobs of dead workers back to wait and forgets those workers. Costs one LRANGE
 * plus a GET per active job, once per worker start.
 */
export async function releaseJobsOfDeadWorkers(options: {
  queue: Queue;
  redis: Redis;
  prefix: string;
  dir: string;
  dead: readonly string[];
  /** A job started this many times already is failed instead: it probably kills workers (OOM). */
  maxStarts: number;
  log: Logger;
  /** Records a job failed here in history, as the processor would have. */
  onFailed: (job: Job, failedReason: string) => Promise<void>;
}): Promise<string[]> {
  const { queue, redis, prefix, dir, dead, maxStarts, log, onFailed } = options;
  if (dead.length === 0) return [];
  const released: string[] = [];
  for (const job of await queue.getActive()) {
    if (!job.id) continue;
    const token = await redis.get(`${prefix}:${QUEUE_NAME}:${job.id}:lock`);
    if (!token || !dead.some((id) => token.startsWith(`${id}:`))) continue;
    try {
      if (job.attemptsStarted >= maxStarts) {
        const reason = `the analysis was running in a worker that died ${job.attemptsStarted} times`;
        const failedReason = failureMessage("WORKER_DIED", reason);
        await job.moveToFailed(new UnrecoverableError(failedReason), token, false);
        await onFailed(job, failedReason);
        log.warn(
          { jobId: job.id, starts: job.attemptsStarted },
          "failed a job whose worker keeps dying",
        );
        continue;
      }
      await job.moveToWait(token);
      released.push(job.id);
    } catch (error) {
      // The lock changed hands in between (a stalled check got there first): nothing to do.
      log.debug({ err: error, jobId: job.id }, "job of a dead worker was already released");
    }
  }
  await Promise.all(dead.map((id) => rm(path.join(dir, id), { force: true })));
  if (released.length > 0)
    log.info({ jobs: released, deadWorkers: dead }, "released jobs of a dead worker");
  return released;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
