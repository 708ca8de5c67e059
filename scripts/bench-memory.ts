/**
 * Figure 3: resident memory of the whole container's process tree (supervisor, API, worker,
 * the orphan guard, git), summed over every descendant of the supervisor from /proc: idle, and
 * at its peak while the worker analyses a generated repository.
 *
 *   npm run bench:memory [-- --files 6000 --lines 20 --runs 3 --idle-s 10 --from dist|src]
 *
 * `--from dist` (the default) measures the production form, the image's `start-combined.sh`
 * starting `dist/supervisor/main.js` compiled into a scratch folder; `--from src` the development form, where every Node process
 * also carries the type stripper. Summed RSS counts pages shared between processes (Node's
 * binary, libc) once per process, an upper bound; summed PSS, printed beside it, counts them
 * once, as the cgroup does. Targets (on RSS): idle ≤ 150 MB, peak ≤ 350 MB with ≥ 5,000 files.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { buildProduction } from "./lib/build.ts";
import { main, scratchDir } from "./lib/cleanup.ts";
import { freshDatabase, SHARED_POSTGRES } from "./lib/postgres.ts";
import { startOwnRedis } from "./lib/redis-server.ts";
import { generateRepo } from "./lib/repos.ts";
import { getAnalysis, type ProcessRss, startService, submitOk, treeRss } from "./lib/service.ts";
import { fmt, median, out, sleep, verdict } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "6000" },
    lines: { type: "string", default: "20" },
    runs: { type: "string", default: "3" },
    "idle-s": { type: "string", default: "10" },
    from: { type: "string", default: "dist" },
  },
});
const files = Number(values.files);
const runs = Number(values.runs);
const IDLE_TARGET = 150;
const PEAK_TARGET = 350;
const SAMPLE_MS = 50;

const describe = (parts: ProcessRss[]) => parts.map((p) => `${p.name} ${fmt(p.mb, 0)}`).join(", ");

await main(async () => {
  const dir = scratchDir("bench-memory");
  const repo = generateRepo(path.join(dir, "large"), files, Number(values.lines));
  const redis = await startOwnRedis();
  const databaseUrl = await freshDatabase(SHARED_POSTGRES, "bench_memory");
  const entry = values.from === "src" ? undefined : buildProduction();
  const service = await startService({ redisUrl: redis.url, databaseUrl, dir, entry });
  const root = service.observed.pid;

  // Idle: after start-up has settled, the median of samples over a few seconds.
  await sleep(3000);
  const idle: number[] = [];
  const idlePss: number[] = [];
  let idleParts: ProcessRss[] = [];
  for (const end = Date.now() + Number(values["idle-s"]) * 1000; Date.now() < end; ) {
    const sample = treeRss(root);
    idle.push(sample.mb);
    idlePss.push(sample.pssMb);
    idleParts = sample.parts;
    await sleep(500);
  }
  const idleMb = median(idle);
  out(
    `idle: median RSS ${fmt(idleMb)} MB, PSS ${fmt(median(idlePss))} MB over ${idle.length} samples — ${describe(idleParts)}`,
  );

  const peaks: number[] = [];
  const peakPss: number[] = [];
  for (let i = 0; i < runs; i++) {
    // force: every run analyses the tree again instead of reusing the first report.
    const id = await submitOk(service, { repoUrl: repo, force: true });
    let peak = { mb: 0, pssMb: 0, parts: [] as ProcessRss[] };
    let status = "queued";
    let lastPoll = 0;
    while (!["completed", "failed", "cancelled"].includes(status)) {
      const sample = treeRss(root);
      if (sample.mb > peak.mb) peak = sample;
      if (Date.now() - lastPoll > 250) {
        lastPoll = Date.now();
        status = (await getAnalysis(service, id)).status;
      }
      await sleep(SAMPLE_MS);
    }
    if (status !== "completed") throw new Error(`job ${id} ended ${status}`);
    peaks.push(peak.mb);
    peakPss.push(peak.pssMb);
    out(
      `run ${i + 1}: peak RSS ${fmt(peak.mb)} MB, PSS ${fmt(peak.pssMb)} MB — ${describe(peak.parts)}`,
    );
  }
  const peakMb = median(peaks);
  out(
    `SUMMARY memory: idle ${fmt(idleMb)} MB (target ≤ ${IDLE_TARGET}: ${verdict(idleMb <= IDLE_TARGET)}), ` +
      `peak ${fmt(peakMb)} MB median of ${runs} analysing ${files} files (target ≤ ${PEAK_TARGET}: ` +
      `${verdict(peakMb <= PEAK_TARGET)}), summed RSS of the process tree from ${values.from} ` +
      `(PSS idle ${fmt(median(idlePss))} MB, peak ${fmt(median(peakPss))} MB)`,
  );
  await service.stop();
});
