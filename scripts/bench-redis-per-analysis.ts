/**
 * Figure 2: billed Redis commands of one analysis, from the submission to the moment Redis is
 * quiet again after completion, with one SSE client following the job (as the web page does).
 *
 *   npm run bench:redis-per-analysis [-- --runs 5 --files 50 --trace]
 *
 * Each run analyses a fresh repository (no cache hit), one at a time on an idle worker. The
 * window closes once no command has been seen for `--quiet-ms` after the SSE client saw
 * `completed`, so the commands completion triggers (the worker's next poll, the reader's
 * close) are counted too. Target: at most 15.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { main, scratchDir } from "./lib/cleanup.ts";
import { billed, breakdown, owners, startMonitor, trace } from "./lib/monitor.ts";
import { freshDatabase, SHARED_POSTGRES } from "./lib/postgres.ts";
import { startOwnRedis } from "./lib/redis-server.ts";
import { generateRepo } from "./lib/repos.ts";
import { startService, submitOk } from "./lib/service.ts";
import { followEvents } from "./lib/sse.ts";
import { fmt, median, out, sleep, verdict } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    files: { type: "string", default: "50" },
    "quiet-ms": { type: "string", default: "1500" },
    trace: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const quietMs = Number(values["quiet-ms"]);
const TARGET = 15;

await main(async () => {
  const dir = scratchDir("bench-per-analysis");
  const redis = await startOwnRedis();
  const monitor = await startMonitor(redis.url);
  const databaseUrl = await freshDatabase(SHARED_POSTGRES, "bench_per_analysis");
  const service = await startService({ redisUrl: redis.url, databaseUrl, dir });
  const repos = Array.from({ length: runs }, (_, i) =>
    generateRepo(path.join(dir, `repo-${i}`), Number(values.files)),
  );
  await sleep(2000);

  const counts: number[] = [];
  for (const [i, repo] of repos.entries()) {
    const from = monitor.commands.length;
    const t0 = Date.now();
    const id = await submitOk(service, { repoUrl: repo });
    const { terminal } = await followEvents(`${service.base}/api/analyses/${id}/events`).done;
    if (terminal !== "completed") throw new Error(`run ${i}: job ${id} ended ${terminal}`);
    const names = await monitor.clientNames();
    // Quiet: no command for quietMs.
    for (;;) {
      const last = monitor.commands.at(-1)?.at ?? 0;
      const wait = last + quietMs - Date.now();
      if (wait <= 0) break;
      await sleep(wait);
    }
    const owner = owners(monitor.commands, { service: service.prefix });
    const window = billed(monitor.commands.slice(from));
    const foreign = window.filter((c) => owner.get(c.source) === undefined);
    counts.push(window.length);
    out(
      `run ${i + 1}: ${window.length} billed (${foreign.length} on connections that named no key) — ${breakdown(window)}`,
    );
    if (values.trace) for (const line of trace(window, t0, names)) out(line);
  }

  const m = median(counts);
  out(
    `SUMMARY redis-per-analysis: median ${fmt(m)} billed commands per analysis with one SSE client ` +
      `(target ≤ ${TARGET}: ${verdict(m <= TARGET)}), min ${Math.min(...counts)}, max ${Math.max(...counts)}, runs ${runs}`,
  );
  await service.stop();
});
