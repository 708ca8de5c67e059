/**
 * Figure 5: the worker is SIGKILLed in the middle of a job (as the kernel's OOM killer would);
 * how long until that job runs again, and until it completes.
 *
 *   npm run bench:recovery [-- --runs 3 --files 8000 --lines 20 --kill-after-ms 1000 --from dist|src]
 *
 * Each run starts a fresh service, so every kill is the supervisor's first (a second crash
 * within RESTART_STABLE_MS doubles the backoff by design). "Running again" is the new worker's
 * "analysis started" line for the same job. Printed beside it: the supervisor's chosen restart
 * delay, and the new worker's start-up (from the supervisor's "worker started" to "worker is
 * waiting for jobs", which includes sweeping the dead job's clone out of the sandbox). As for
 * memory, `--from dist` (default) runs the production build, `--from src` `npm start`'s form. Target: running again within 3 s.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { buildProduction } from "./lib/build.ts";
import { main, scratchDir } from "./lib/cleanup.ts";
import { freshDatabase, SHARED_POSTGRES } from "./lib/postgres.ts";
import { startOwnRedis } from "./lib/redis-server.ts";
import { generateRepo } from "./lib/repos.ts";
import { startService, submitOk } from "./lib/service.ts";
import { fmt, median, out, sleep, verdict } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    files: { type: "string", default: "8000" },
    lines: { type: "string", default: "20" },
    "kill-after-ms": { type: "string", default: "1000" },
    from: { type: "string", default: "dist" },
  },
});
const TARGET_S = 3;

await main(async () => {
  const dir = scratchDir("bench-recovery");
  const repo = generateRepo(path.join(dir, "large"), Number(values.files), Number(values.lines));
  const redis = await startOwnRedis();
  const databaseUrl = await freshDatabase(SHARED_POSTGRES, "bench_recovery");

  const entry = values.from === "src" ? undefined : buildProduction();
  const again: number[] = [];
  const done: number[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    const service = await startService({ redisUrl: redis.url, databaseUrl, dir, entry });
    const lines = service.observed.lines;
    const id = await submitOk(service, { repoUrl: repo, force: true });
    const isJob = (msg: string) => (l: { jobId?: unknown; msg?: string }) =>
      l.jobId === id && l.msg === msg;
    const first = await service.observed.waitFor(isJob("analysis started"), 30_000, "job start");
    await sleep(Number(values["kill-after-ms"]));
    if (lines.some(isJob("analysis completed")))
      throw new Error(
        "the job completed before the kill: use a larger --files or a smaller --kill-after-ms",
      );
    const killIndex = lines.length;
    const killedAt = Date.now();
    process.kill(service.workerPid(), "SIGKILL");
    const since = (l: object) => lines.indexOf(l as never) >= killIndex;
    const after = (msg: string) => (l: { jobId?: unknown; msg?: string }) =>
      isJob(msg)(l) && since(l);
    const restarted = await service.observed.waitFor(
      after("analysis started"),
      60_000,
      "job restart",
    );
    const completed = await service.observed.waitFor(
      after("analysis completed"),
      120_000,
      "job completion",
    );
    const delay = lines.find((l) => typeof l.restartInMs === "number" && since(l));
    const spawned = lines.find((l) => l.msg === "worker started" && since(l));
    const ready = lines.find((l) => l.msg === "worker is waiting for jobs" && since(l));
    const startupS = ((ready?.time as number) - (spawned?.time as number)) / 1000;
    const swept = lines.find((l) => /^removed leftovers/.test(l.msg ?? "") && since(l));
    const sweptS = swept ? ((swept.time as number) - (spawned?.time as number)) / 1000 : null;
    const runningAgainS = ((restarted.time as number) - killedAt) / 1000;
    const completedS = ((completed.time as number) - killedAt) / 1000;
    const firstRunS = (killedAt - (first.time as number)) / 1000;
    again.push(runningAgainS);
    done.push(completedS);
    out(
      `run ${run}: killed ${fmt(firstRunS, 2)} s into the job; restart delay ${delay?.restartInMs ?? "?"} ms, ` +
        `worker start-up ${fmt(startupS, 2)} s (sandbox sweep done at ${sweptS === null ? "n/a" : `${fmt(sweptS, 2)} s`}); ` +
        `running again after ${fmt(runningAgainS, 2)} s, completed after ${fmt(completedS, 2)} s ` +
        `(attempt ${restarted.attempt ?? "?"})`,
    );
    await service.stop();
  }
  const m = median(again);
  out(
    `SUMMARY recovery: worker SIGKILLed mid-job → running again after ${fmt(m, 2)} s median ` +
      `(target ≤ ${TARGET_S}: ${verdict(m <= TARGET_S)}), completed after ${fmt(median(done), 2)} s median, runs ${again.length}`,
  );
});
