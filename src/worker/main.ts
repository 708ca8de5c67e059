import path from "node:path";
import { Queue, Worker } from "bullmq";
import { configOrExit, EXIT_CONFIG } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { useLeanV8 } from "../config/lean-v8.ts";
import { upsertAnalysis } from "../db/index.ts";
import { createPool } from "../db/pool.ts";
import { migrateOrExit } from "../db/schema.ts";
import { answerPings } from "../ipc/ping.ts";
import type { ChildMessage } from "../ipc/protocol.ts";
import { onStopRequest } from "../ipc/stop-request.ts";
import { processLogger } from "../log/index.ts";
import {
  type AnalysisJobData,
  type AnalysisReturn,
  beat,
  createRedis,
  isCancelRequested,
  onCancelRequest,
  parseFailure,
  QUEUE_NAME,
  statusOfJobState,
  workerOptions,
} from "../queue/index.ts";
import { createPipeline, sweepSandbox } from "./pipeline.ts";
import { createProcessor } from "./processor.ts";
import { reportReadiness } from "./readiness.ts";
import { registerWorker, releaseJobsOfDeadWorkers } from "./recovery.ts";

/**
 * The worker process: a BullMQ Worker on `repo-analysis` running the analysis pipeline, each
 * analysis in a process of its own (`pipeline.ts`), so that this one's event loop stays free to
 * renew locks, hear cancellations and answer the supervisor whatever an analysis does.
 * Lifecycle: connect → release jobs of a dead predecessor → run → on SIGTERM (or the
 * supervisor's IPC channel closing) kill the running analysis and hand its job back to the queue
 * for the next worker → close → exit 0.
 */

useLeanV8();
const log = processLogger("worker");
const env = configOrExit(loadConfig, log);
if (!env.DATABASE_URL || (!env.REDIS_URL && !env.REDIS_HOST)) {
  log.fatal(
    { code: "CONFIG_INVALID" },
    "the worker needs REDIS_URL (or REDIS_HOST) and DATABASE_URL",
  );
  process.exit(EXIT_CONFIG);
}

const prefix = env.QUEUE_PREFIX;
const db = await createPool({ url: env.DATABASE_URL, driver: env.DB_DRIVER, log });
if (!env.REPOLENS_SCHEMA_CURRENT) await migrateOrExit(db, log);
const connection = createRedis(env, "blocking", "worker");
const commands = createRedis(env, "blocking", "worker-commands");
const subscriber = createRedis(env, "blocking", "worker-cancel");
for (const redis of [connection, commands, subscriber]) {
  redis.on("error", (error) => log.warn({ err: error }, "redis connection error"));
}
const queue = new Queue<AnalysisJobData, AnalysisReturn>(QUEUE_NAME, {
  connection: commands,
  prefix,
});

const stopping = new AbortController();
const pipeline = createPipeline(env, log, { spare: true });
const processor = createProcessor({
  env,
  db,
  log,
  pipeline,
  wasCancelled: (id) => isCancelRequested(commands, prefix, id),
  stopping: stopping.signal,
});
const worker = new Worker<AnalysisJobData, AnalysisReturn>(QUEUE_NAME, processor, {
  connection,
  prefix,
  autorun: false,
  ...workerOptions(env),
});
worker.on("error", (error) => log.error({ err: error }, "worker error"));
// With a callback, a channel closed by a dying supervisor is no uncaught 'error' event.
const tellSupervisor = (message: ChildMessage) => process.send?.(message, () => undefined);
worker.on("completed", () => tellSupervisor({ type: "job-done" }));
worker.on("failed", () => tellSupervisor({ type: "job-done" }));
// In the combined container the supervisor's IPC channel is the heartbeat (see HEARTBEAT_INTERVAL_S);
// an API in another container (ROLE=worker here) reads heartbeats from Redis.
reportReadiness({
  worker,
  connections: [connection, commands, subscriber],
  send: tellSupervisor,
  heartbeat:
    process.send && env.ROLE !== "worker" ? undefined : () => beat(commands, prefix, worker.id),
});
answerPings(process);

await worker.waitUntilReady();
const registryDir = path.join(env.SANDBOX_DIR, ".workers");
const registry = await registerWorker(registryDir, worker.id);
await sweepSandbox(env.SANDBOX_DIR, log);
await releaseJobsOfDeadWorkers({
  queue,
  redis: commands,
  prefix,
  dir: registryDir,
  dead: registry.dead,
  cause: env.REPOLENS_PREVIOUS_WORKER_EXIT,
  maxDeaths: env.MAX_RETRY_ATTEMPTS + 1,
  log,
  onFailed: (job, failedReason) =>
    upsertAnalysis(db, {
      id: job.id as string,
      repoUrl: job.data.repoUrl,
      ref: job.data.ref,
      status: statusOfJobState("failed", failedReason) ?? "failed",
      error: parseFailure(failedReason),
      finishedAt: new Date(),
    }),
});
const stopCancels = await onCancelRequest(subscriber, prefix, (id) => {
  if (worker.cancelJob(id, "cancelled by request"))
    log.info({ jobId: id }, "cancelling a running job");
});

void worker.run();
log.info(
  {
    workerId: worker.id,
    concurrency: env.WORKER_CONCURRENCY,
    prefix,
    previousWorker: env.REPOLENS_PREVIOUS_WORKER_EXIT,
  },
  "worker is waiting for jobs",
);
// Each time the queue has no job waiting: the last job's report is stored by then. The first
// time is the first fetch that found the queue empty, the moment the worker becomes ready: its
// readiness is told before (its listener came first), so neither the spawn (10-15 ms of this
// process's CPU) nor the process's start slows the start that the health check waits for.
worker.on("drained", () => pipeline.warm());

async function shutdown(reason: string): Promise<void> {
  log.info({ reason }, "worker closing: handing the running job back to the queue");
  // An analysis may run for JOB_TIMEOUT_MS, longer than the platform's grace period: it is
  // killed now and its job moved back to wait, where the next worker (or another replica) takes
  // it at once. close() then waits only for that hand-back.
  pipeline.close();
  stopping.abort(new Error(reason));
  await worker.close();
  await registry.unregister();
  await stopCancels().catch(() => undefined);
  await queue.close();
  await Promise.all([connection, commands, subscriber].map((r) => r.quit().catch(() => undefined)));
  await db.end().catch(() => undefined);
  log.info("worker closed");
  process.exit(0);
}
onStopRequest((reason) => void shutdown(reason));
