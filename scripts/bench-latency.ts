/**
 * Figure 4: how fast an idle worker starts a submitted job, and how many status requests per
 * second the API answers compared with a bare node:http server answering the same JSON.
 *
 *   npm run bench:latency [-- --jobs 40 --duration 5 --rounds 3 --connections 16 --from dist|src]
 *
 * Start latency is measured from just before the POST to the job's `processedOn` (set by the
 * BullMQ script that hands the job to the worker) and to the worker's "analysis started" log
 * line (after it recorded `active` in Postgres), one job at a time so the worker is idle and
 * blocked in its long poll each time, with the production Redis settings (figure 1 holds).
 * Throughput: `wrk` (apt-get install -y wrk) on `GET /api/analyses/:id` of a completed job and
 * on the bare server, alternating, `--rounds` times each; the ratio is of the medians.
 * Targets: p50 ≤ 10 ms and p99 ≤ 50 ms to processedOn.
 */
import { execFile, execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { Redis } from "ioredis";
import { QUEUE_NAME } from "../src/queue/index.ts";
import { createRepo } from "../test/analysis/fixtures.ts";
import { buildProduction } from "./lib/build.ts";
import { main, onCleanup, scratchDir } from "./lib/cleanup.ts";
import { freshDatabase, SHARED_POSTGRES } from "./lib/postgres.ts";
import { startOwnRedis } from "./lib/redis-server.ts";
import { startService, submitOk } from "./lib/service.ts";
import { fmt, median, out, percentile, sleep, verdict } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "40" },
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    from: { type: "string", default: "dist" },
  },
});
const P50_TARGET = 10;
const P99_TARGET = 50;

// Asynchronous: the bare server answers from this very process while wrk runs.
async function wrk(url: string): Promise<number> {
  const { stdout: output } = await promisify(execFile)("wrk", [
    "-t2",
    `-c${values.connections}`,
    `-d${values.duration}s`,
    url,
  ]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output)?.[1];
  const errors = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1];
  if (!rps) throw new Error(`could not read wrk's output:\n${output}`);
  if (errors) throw new Error(`${errors} non-2xx answers from ${url}`);
  return Number(rps);
}

await main(async () => {
  // wrk comes from the system, not npm: said before the start-latency half rather than after it.
  try {
    execFileSync("wrk", ["-v"], { stdio: "ignore" });
  } catch {
    throw new Error("bench:latency needs wrk on PATH (apt-get install -y wrk)");
  }
  const dir = scratchDir("bench-latency");
  const repo = createRepo(path.join(dir, "repo"), {
    "src/index.ts": "export const answer = 42;\n",
    "README.md": "# Latency\n",
  });
  const redis = await startOwnRedis();
  const databaseUrl = await freshDatabase(SHARED_POSTGRES, "bench_latency");
  const entry = values.from === "src" ? undefined : buildProduction();
  const service = await startService({ redisUrl: redis.url, databaseUrl, dir, entry });
  const jobs = new Redis(redis.url);
  onCleanup(() => jobs.disconnect());
  await sleep(2000);

  const toProcessed: number[] = [];
  const toLogLine: number[] = [];
  const toAnswer: number[] = [];
  let lastId = "";
  let cold: { answer: number; processed: number } | null = null;
  // One more job than measured: the first pays the fresh processes' one-time costs (the API's
  // first Postgres connection, BullMQ loading its scripts into Redis), printed apart.
  for (let i = 0; i <= Number(values.jobs); i++) {
    const since = service.observed.lines.length;
    const t0 = Date.now();
    const id = await submitOk(service, { repoUrl: repo, force: true });
    toAnswer.push(Date.now() - t0);
    const mine = (msg: string) => (line: { jobId?: unknown; msg?: string }, index?: number) =>
      line.jobId === id && line.msg === msg && (index ?? since) >= since;
    const started = await service.observed.waitFor(
      mine("analysis started"),
      30_000,
      `job ${id} starts`,
    );
    await service.observed.waitFor(
      (l) =>
        l.jobId === id &&
        (l.msg === "analysis completed" || l.msg === "analysis reused from cache"),
      30_000,
      `job ${id} completes`,
    );
    // Read from the job itself: the API answers a finished job from Postgres, whose startedAt
    // is the worker's own, a few ms after BullMQ's processedOn.
    const processedOn = Number(
      await jobs.hget(`${service.prefix}:${QUEUE_NAME}:${id}`, "processedOn"),
    );
    if (!processedOn) throw new Error(`job ${id} has no processedOn`);
    lastId = id;
    if (i === 0) {
      cold = { answer: toAnswer.pop() as number, processed: processedOn - t0 };
      await sleep(300);
      continue;
    }
    toProcessed.push(processedOn - t0);
    toLogLine.push((started.time as number) - t0);
    // Let the worker finish its bookkeeping and block in its poll again: an idle worker.
    await sleep(300);
  }
  out(
    `first submission of the fresh service (not counted): 202 after ${cold?.answer} ms, processedOn after ${cold?.processed} ms`,
  );
  const p = (xs: number[], q: number) => fmt(percentile(xs, q), 0);
  out(
    `submit → 202 received (ms): p50 ${p(toAnswer, 50)}, p90 ${p(toAnswer, 90)}, p99 ${p(toAnswer, 99)}`,
  );
  out(
    `submit → processedOn (ms): p50 ${p(toProcessed, 50)}, p90 ${p(toProcessed, 90)}, p99 ${p(toProcessed, 99)}, max ${fmt(Math.max(...toProcessed), 0)}`,
  );
  out(
    `submit → "analysis started" log line (ms): p50 ${p(toLogLine, 50)}, p90 ${p(toLogLine, 90)}, p99 ${p(toLogLine, 99)}`,
  );

  service.discardLogs();
  const statusUrl = `${service.base}/api/analyses/${lastId}`;
  const body = Buffer.from(await (await fetch(statusUrl)).text());
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  onCleanup(() => new Promise<void>((resolve) => bare.close(() => resolve())));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const ours: number[] = [];
  const floor: number[] = [];
  // The API's cheapest route (no Redis, no SQL, no info log line): what hono and the
  // middleware stack cost on their own, to tell that apart from the status route's I/O.
  const health: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    ours.push(await wrk(statusUrl));
    floor.push(await wrk(bareUrl));
    health.push(await wrk(`${service.base}/api/health`));
    out(
      `round ${round + 1}: status route ${fmt(ours.at(-1) as number, 0)} req/s, bare node:http ` +
        `${fmt(floor.at(-1) as number, 0)} req/s, /api/health ${fmt(health.at(-1) as number, 0)} req/s`,
    );
  }
  const ratio = median(ours) / median(floor);
  const p50 = percentile(toProcessed, 50);
  const p99 = percentile(toProcessed, 99);
  out(
    `SUMMARY latency: submit → worker start p50 ${fmt(p50, 0)} ms (target ≤ ${P50_TARGET}: ${verdict(p50 <= P50_TARGET)}), ` +
      `p99 ${fmt(p99, 0)} ms (target ≤ ${P99_TARGET}: ${verdict(p99 <= P99_TARGET)}) over ${toProcessed.length} jobs; ` +
      `status route ${fmt(median(ours), 0)} req/s = ${fmt(ratio * 100, 1)}% of bare node:http ${fmt(median(floor), 0)} req/s ` +
      `(${body.length}-byte JSON, ${values.connections} connections); /api/health ${fmt(median(health), 0)} req/s`,
  );
  await service.stop();
});
