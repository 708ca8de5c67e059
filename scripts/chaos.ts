/**
 * Chaos: analyses of local repositories (good ones and a few bad inputs) while the worker is
 * SIGKILLed at random moments, Redis (the run's own, durable like Upstash) is SIGKILLed and
 * restarted, and Postgres (the run's own) is stopped for a while. Then: every accepted job is
 * completed, or failed with a reason when its input was bad; Postgres holds one report per job;
 * nothing is stuck; the supervisor is still up. Last, SIGTERM during a job: the container exits
 * within the platform's 30 s and the job is completed or back in the queue (a successor
 * container then completes it).
 *
 *   npm run chaos [-- --jobs 100 --bad 5 --kills 10 --kill-at random|job-start --postgres-down-s 5 --seed 1]
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { runChaos, summaryLine } from "./lib/chaos.ts";
import { main, scratchDir } from "./lib/cleanup.ts";
import { freshDatabase, startOwnPostgres } from "./lib/postgres.ts";
import { startOwnRedis } from "./lib/redis-server.ts";
import { generateRepo } from "./lib/repos.ts";
import { startService, submitOk } from "./lib/service.ts";
import { out } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "100" },
    bad: { type: "string", default: "5" },
    kills: { type: "string", default: "10" },
    "kill-at": { type: "string", default: "random" },
    "postgres-down-s": { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
  },
});
const PLATFORM_GRACE_MS = 30_000;
const killAt = values["kill-at"];
if (killAt !== "random" && killAt !== "job-start")
  throw new Error(`--kill-at: expected random or job-start, got ${killAt}`);

await main(async () => {
  const dir = scratchDir("chaos");
  const redisDir = scratchDir("chaos-redis");
  const redis = await startOwnRedis({ durableDir: redisDir });
  const postgres = await startOwnPostgres();
  const databaseUrl = await freshDatabase(postgres.url, "chaos");
  const started = Date.now();
  const result = await runChaos({
    jobs: Number(values.jobs),
    bad: Number(values.bad),
    workerKills: Number(values.kills),
    killAt,
    redisRestarts: 1,
    postgresStops: 1,
    postgresDownMs: Number(values["postgres-down-s"]) * 1000,
    redis,
    postgres,
    databaseUrl,
    dir,
    settleTimeoutMs: 180_000,
    seed: Number(values.seed),
    log: (line) => out(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`),
  });
  for (const [name, list] of [
    ["refused at submission", result.refused],
    ["good inputs not completed", result.failedGood],
    ["bad inputs that did not fail with a reason", result.badNotFailed],
    ["lost", result.lost],
    ["duplicated", result.duplicated],
    ["stuck", result.stuck],
    ["finished twice (re-run after a kill; one row, idempotent)", result.finishedTwice],
  ] as const) {
    if (list.length > 0) out(`${name}: ${JSON.stringify(list)}`);
  }

  // SIGTERM during a job, as the platform does on a deploy.
  const service = result.service;
  const big = generateRepo(path.join(dir, "big"), 8000, 20);
  const id = await submitOk(service, { repoUrl: big });
  await service.observed.waitFor((l) => l.jobId === id && l.msg === "analysis started", 60_000);
  const exit = await service.stop(PLATFORM_GRACE_MS + 5000);
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue("repo-analysis", { connection, prefix: service.prefix });
  const state = await queue.getJobState(id);
  await queue.close();
  connection.disconnect();
  let sigterm = `SIGTERM mid-job: exited in ${(exit.ms / 1000).toFixed(1)} s with ${exit.code ?? exit.signal} (within ${PLATFORM_GRACE_MS / 1000} s: ${exit.ms <= PLATFORM_GRACE_MS ? "yes" : "NO"}), job ${state}`;
  if (state !== "completed") {
    const successor = await startService({
      redisUrl: redis.url,
      databaseUrl,
      dir,
      prefix: service.prefix,
      sandbox: service.sandbox,
    });
    const done = await successor.observed
      .waitFor((l) => l.jobId === id && l.msg === "analysis completed", 120_000)
      .then(() => "completed by the next container")
      .catch(() => "NOT completed by the next container within 120 s");
    sigterm += `, ${done}`;
    await successor.stop();
  }
  out(sigterm);
  out(`disruptions: ${result.disruptions.length} (${result.disruptions.join("; ")})`);
  out(
    `SUMMARY chaos: ${summaryLine(result)}; ${sigterm}; took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
});
