/**
 * Figure 1: Redis commands the idle combined service sends (no clients, nothing queued), beside
 * an anchor — a BullMQ Worker + QueueEvents + Queue with default settings — idle against the
 * same Redis over the same period.
 *
 *   npm run bench:redis-idle [-- --minutes 2 --settle 10]
 *
 * Start-up traffic is left out: counting starts `--settle` seconds after the worker waits for
 * jobs. Target: at most 1 billed command per minute for the whole container.
 */
import { parseArgs } from "node:util";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { main, onCleanup, scratchDir } from "./lib/cleanup.ts";
import { billed, breakdown, owners, startMonitor } from "./lib/monitor.ts";
import { freshDatabase, SHARED_POSTGRES } from "./lib/postgres.ts";
import { startOwnRedis } from "./lib/redis-server.ts";
import { startService } from "./lib/service.ts";
import { fmt, out, sleep, verdict } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "2" },
    settle: { type: "string", default: "10" },
  },
});
const minutes = Number(values.minutes);
const settleS = Number(values.settle);
const TARGET_PER_MIN = 1;

await main(async () => {
  const dir = scratchDir("bench-idle");
  const redis = await startOwnRedis();
  const monitor = await startMonitor(redis.url);
  const databaseUrl = await freshDatabase(SHARED_POSTGRES, "bench_idle");

  const anchorPrefix = "anchor";
  const connect = () => new Redis(redis.url, { maxRetriesPerRequest: null });
  const anchorQueue = new Queue("anchor", { connection: connect(), prefix: anchorPrefix });
  const anchorEvents = new QueueEvents("anchor", { connection: connect(), prefix: anchorPrefix });
  const anchorWorker = new Worker("anchor", async () => undefined, {
    connection: connect(),
    prefix: anchorPrefix,
  });
  onCleanup(async () => {
    await Promise.all([anchorWorker.close(), anchorEvents.close(), anchorQueue.close()]);
  });
  await Promise.all([
    anchorQueue.waitUntilReady(),
    anchorEvents.waitUntilReady(),
    anchorWorker.waitUntilReady(),
  ]);

  const service = await startService({ redisUrl: redis.url, databaseUrl, dir });
  await sleep(settleS * 1000);

  const from = monitor.commands.length;
  const callsBefore = await monitor.totalCalls();
  const start = Date.now();
  out(
    `counting for ${minutes} min (service prefix ${service.prefix}, anchor prefix ${anchorPrefix})`,
  );
  await sleep(minutes * 60_000);
  const elapsedMin = (Date.now() - start) / 60_000;
  // One INFO (the "before" snapshot) falls inside the window; Redis counts it after it ran.
  const redisCalls = (await monitor.totalCalls()) - callsBefore - 1;
  const window = monitor.commands.slice(from);

  const owner = owners(monitor.commands, { service: service.prefix, anchor: anchorPrefix });
  const sent = billed(window);
  const of = (name: string) => sent.filter((c) => owner.get(c.source) === name);
  const ours = of("service");
  const anchor = of("anchor");
  const unattributed = sent.filter((c) => !owner.has(c.source));
  const lua = window.length - sent.length;

  const perMin = (n: number) => n / elapsedMin;
  out(`window ${fmt(elapsedMin, 2)} min`);
  out(`service  billed ${ours.length} (${fmt(perMin(ours.length), 2)}/min): ${breakdown(ours)}`);
  out(
    `anchor   billed ${anchor.length} (${fmt(perMin(anchor.length), 2)}/min): ${breakdown(anchor)}`,
  );
  out(`unattributed client commands ${unattributed.length}: ${breakdown(unattributed)}`);
  out(`MONITOR: ${sent.length} client-sent + ${lua} inside scripts = ${window.length}`);
  out(
    `Redis INFO commandstats over the window (both, scripts' inner calls included): ${redisCalls}`,
  );
  const month = (n: number) => Math.round(perMin(n) * 60 * 24 * 30);
  out(`per 30-day month: service ${month(ours.length)}, anchor ${month(anchor.length)}`);

  const ok = perMin(ours.length + unattributed.length) <= TARGET_PER_MIN;
  out(
    `SUMMARY redis-idle: service ${fmt(perMin(ours.length), 2)} billed cmd/min ` +
      `(target ≤ ${TARGET_PER_MIN}: ${verdict(ok)}), anchor ${fmt(perMin(anchor.length), 2)}/min, ` +
      `Redis INFO calls ${redisCalls} (${fmt(perMin(redisCalls), 2)}/min, both), window ${fmt(elapsedMin, 2)} min`,
  );
  await service.stop();
});
