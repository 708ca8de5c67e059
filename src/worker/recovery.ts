import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Job, type Queue, UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { WorkerEnd } from "../config/index.ts";
import { failureMessage, JOB_RETENTION_S, QUEUE_NAME } from "../queue/index.ts";

/**
 * Getting a dead worker's job running again in seconds rather than after BullMQ's lock expiry
 * plus a stalled check (minutes, with the intervals chosen for Upstash's billing).
 *
 * Each worker process records its BullMQ worker id and pid in a folder on the container's own
 * disk while it runs and removes it when it closes cleanly. A worker process that starts and
 * finds another id there whose process is gone knows that worker died. Every active job whose lock token starts with a
 * dead id — BullMQ's tokens are `<worker id>:<n>` — is moved back to wait with that token, which
 * BullMQ's own script checks, so a job locked by a live worker elsewhere is never touched.
 *
 * A job that kills every worker that runs it (a repository that takes the worker past its
 * memory) would be handed back forever, so a death the job may have caused counts against it and
 * the job fails with WORKER_DIED at a limit. A kill from outside (an operator, the platform, a
 * deploy) is not the job's doing and is never counted: the supervisor tells the new worker how
 * its predecessor ended (REPOLENS_PREVIOUS_WORKER_EXIT, `src/supervisor/worker-end.ts`).
 */

/**
 * Deaths that count against the job the dead worker held: those the job may have caused (a
 * worker that ran out of memory, crashed or stopped answering), and
 * those nobody saw (a worker run without our supervisor, or the first one a supervisor starts),
 * which keep the protection there.
 */
const COUNTED: ReadonlySet<WorkerEnd> = new Set(["out-of-memory", "crashed", "hung", "unknown"]);

/** A job's death count outlives its last counted death by as long as Redis keeps finished jobs. */
const DEATH_COUNT_TTL_S = JOB_RETENTION_S;

// INCR and EXPIRE in one script: a script is one billed command, and no count is left without
// its expiry if the worker dies in between.
const COUNT_DEATH = `local n = redis.call("INCR", KEYS[1])
redis.call("EXPIRE", KEYS[1], ARGV[1])
return n`;

export function deathCountKey(prefix: string, jobId: string): string {
  return `${prefix}:${QUEUE_NAME}:deaths:${jobId}`;
}

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
 * Moves the active jobs of dead workers back to wait, or fails those that reached `maxDeaths`,
 * and forgets those workers. Costs one LRANGE plus a GET per active job once per worker start,
 * and one script per job of the dead worker when its death counts.
 */
export async function releaseJobsOfDeadWorkers(options: {
  queue: Queue;
  redis: Redis;
  prefix: string;
  dir: string;
  dead: readonly string[];
  /**
   * How the previous worker ended (REPOLENS_PREVIOUS_WORKER_EXIT), taken for every dead worker
   * found: more than one is found only when a worker died before handing back its predecessor's
   * jobs, and the latest death is then the best known.
   */
  cause: WorkerEnd;
  /** A job whose counted deaths reach this is failed instead of released. */
  maxDeaths: number;
  log: Logger;
  /** Records a job failed here in history, as the processor would have. */
  onFailed: (job: Job, failedReason: string) => Promise<void>;
}): Promise<string[]> {
  const { queue, redis, prefix, dir, dead, cause, maxDeaths, log, onFailed } = options;
  if (dead.length === 0) return [];
  const released: string[] = [];
  const failed: string[] = [];
  for (const job of await queue.getActive()) {
    if (!job.id) continue;
    const token = await redis.get(`${prefix}:${QUEUE_NAME}:${job.id}:lock`);
    if (!token || !dead.some((id) => token.startsWith(`${id}:`))) continue;
    try {
      const deaths = COUNTED.has(cause)
        ? Number(await redis.eval(COUNT_DEATH, 1, deathCountKey(prefix, job.id), DEATH_COUNT_TTL_S))
        : 0;
      if (deaths >= maxDeaths) {
        const reason = `the analysis was running in a worker that died ${deaths} times (last: ${cause})`;
        const failedReason = failureMessage("WORKER_DIED", reason);
        await job.moveToFailed(new UnrecoverableError(failedReason), token, false);
        await onFailed(job, failedReason);
        failed.push(job.id);
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
  const facts = { previousWorker: cause, deadWorkers: dead, released, failed };
  if (failed.length > 0) log.warn(facts, "failed jobs whose workers keep dying, released the rest");
  else log.info(facts, "released the jobs of a dead worker");
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
