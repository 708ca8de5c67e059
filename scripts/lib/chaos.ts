import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { createRepo, git } from "../../test/analysis/fixtures.ts";
import { alive, type LogLine } from "../../test/helpers/processes.ts";
import type { OwnPostgres } from "./postgres.ts";
import type { OwnRedis } from "./redis-server.ts";
import { generateRepo } from "./repos.ts";
import { type Service, startService } from "./service.ts";
import { sleep } from "./stats.ts";

/**
 * The chaos run shared by `npm run chaos` and the smaller one in `npm test`: analyses of local
 * repositories (good ones and a few bad inputs) submitted while the worker is SIGKILLed at
 * random moments, Redis is restarted and Postgres stopped for a while; then every accepted job
 * is checked in Postgres and in Redis.
 */

export interface ChaosOptions {
  jobs: number;
  /** Of `jobs`, how many are bad inputs that must fail with a reason. */
  bad: number;
  workerKills: number;
  /**
   * When each kill lands: at a random moment of an up worker's life (default), or as soon as it
   * starts a job, which after a restart is the job the kill before handed back, so one job takes
   * kill after kill (what a guard against jobs that kill workers must tell from an OOM loop).
   */
  killAt?: "random" | "job-start";
  redisRestarts: number;
  /** Stops of `postgres` (needs a Postgres the run owns). */
  postgresStops: number;
  postgresDownMs: number;
  redis: OwnRedis;
  postgres?: OwnPostgres;
  databaseUrl: string;
  /** Scratch folder for repositories and the sandbox. */
  dir: string;
  /**
   * How long the jobs may go without one more of them finishing before those left are called
   * stuck: a run that is slow (a busy machine) but still finishing jobs is not stuck.
   */
  settleTimeoutMs: number;
  /** Deterministic randomness for a reproducible schedule. */
  seed: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  jobs: number;
  completed: number;
  failed: number;
  /** Good inputs that failed (a finding unless explained), with their reasons. */
  failedGood: Array<{ id: string; repoUrl: string; reason: string }>;
  /** Bad inputs that did not fail with a reason. */
  badNotFailed: Array<{ id: string; repoUrl: string; status: string }>;
  /** Accepted but known to neither Postgres (terminal) nor Redis. */
  lost: string[];
  /** Repositories with more than one job, or jobs with more than one report row. */
  duplicated: string[];
  /** Not finished when the run ended: still active or waiting in Redis. */
  stuck: Array<{ id: string; pg: string; redis: string }>;
  /** Jobs the worker ran to the end more than once (at-least-once delivery; idempotent upsert). */
  finishedTwice: string[];
  refused: Array<{ repoUrl: string; status: number; body: string }>;
  supervisorUp: boolean;
  disruptions: string[];
  service: Service;
}

/** A small linear congruential generator: the same seed gives the same schedule. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Input {
  repoUrl: string;
  ref?: string;
  bad: boolean;
}

/** Good repositories of varied size (so kills land in every step), and bad inputs of each kind. */
function makeInputs(dir: string, good: number, bad: number, rand: () => number): Input[] {
  const inputs: Input[] = [];
  for (let i = 0; i < good; i++) {
    const size = rand() < 0.2 ? 1500 : 5 + Math.floor(rand() * 200);
    inputs.push({ repoUrl: generateRepo(path.join(dir, `good-${i}`), size, 3), bad: false });
  }
  const kinds = [
    () => ({ repoUrl: path.join(dir, "no-such-repository") }),
    () => {
      const plain = path.join(dir, "not-a-repository");
      mkdirSync(plain, { recursive: true });
      writeFileSync(path.join(plain, "file.txt"), "no git here\n");
      return { repoUrl: plain };
    },
    () => ({
      repoUrl: createRepo(path.join(dir, "bad-ref"), { "a.ts": "1;\n" }),
      ref: "no-such-branch",
    }),
    () => {
      const empty = path.join(dir, "empty-repository");
      mkdirSync(empty, { recursive: true });
      git(empty, "init", "-q", "-b", "main");
      return { repoUrl: empty };
    },
  ];
  for (let i = 0; i < bad; i++) {
    const make = kinds[i % kinds.length] as () => { repoUrl: string; ref?: string };
    const input = make();
    // Several bad inputs of one kind need distinct URLs, or the API deduplicates them.
    if (i >= kinds.length) input.repoUrl = `${input.repoUrl}-${i}`;
    inputs.push({ ...input, bad: true });
  }
  // Interleave bad inputs among good ones.
  return inputs
    .map((input) => ({ input, key: rand() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.input);
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const rand = random(options.seed);
  const log = options.log ?? (() => undefined);
  const inputs = makeInputs(options.dir, options.jobs - options.bad, options.bad, rand);
  log(`${inputs.length} inputs ready (${options.bad} bad)`);

  const service = await startService({
    redisUrl: options.redis.url,
    databaseUrl: options.databaseUrl,
    dir: options.dir,
    env: {
      // Ten kills in a couple of minutes is what CRASH_LOOP_MAX exists to stop; this run is about
      // what happens to jobs across kills, so the crash-loop stop (tested on its own) is lifted.
      CRASH_LOOP_MAX: "1000",
      // Consecutive kills double the restart delay up to 30 s by design; a 4 s cap keeps the run
      // to minutes without changing what is checked.
      RESTART_BACKOFF_MAX_MS: "4000",
    },
  });
  const lines = service.observed.lines;
  const accepted = new Map<string, Input>();
  const refused: ChaosResult["refused"] = [];
  const disruptions: string[] = [];

  // A client that retries what the service could not take (503, connection refused), as the
  // web page would: only a 202 is an accepted job, only a 4xx a refusal.
  const submitting = (async () => {
    for (const input of inputs) {
      for (let attempt = 0; ; attempt++) {
        let status = 0;
        let body = "";
        try {
          const response = await service.submit({ repoUrl: input.repoUrl, ref: input.ref });
          status = response.status;
          body = await response.text();
        } catch (error) {
          body = (error as Error).message;
        }
        if (status === 202) {
          const { id } = JSON.parse(body) as { id: string };
          accepted.set(id, input);
          break;
        }
        if (status >= 400 && status < 500) {
          refused.push({ repoUrl: input.repoUrl, status, body });
          break;
        }
        if (attempt > 120) throw new Error(`submission kept failing: ${status} ${body}`);
        await sleep(500);
      }
      await sleep(50 + rand() * 250);
    }
  })();

  const events = [
    ...Array<string>(options.workerKills).fill("kill"),
    ...Array<string>(options.redisRestarts).fill("redis"),
    ...Array<string>(options.postgres ? options.postgresStops : 0).fill("postgres"),
  ]
    .map((event) => ({ event, key: rand() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.event);

  let readyFrom = 0;
  for (const event of events) {
    await sleep(500 + rand() * 2000);
    if (event === "kill") {
      // A random moment in the life of a worker that is up: often mid-job, sometimes idle.
      await service.workerReady(readyFrom, 60_000);
      if (options.killAt === "job-start") {
        await service.observed.waitFor(
          (l) => l.msg === "analysis started" && lines.indexOf(l) >= readyFrom,
          60_000,
          "a job to start",
        );
      } else {
        await sleep(rand() * 3000);
      }
      const pid = service.workerPid();
      const started = lines.findLast((l) => l.msg === "analysis started");
      const running =
        started &&
        !lines.some(
          (l) =>
            l.jobId === started.jobId &&
            lines.indexOf(l) > lines.indexOf(started) &&
            /^analysis (completed|reused|failed|queued)/.test(l.msg ?? ""),
        );
      readyFrom = lines.length;
      process.kill(pid, "SIGKILL");
      disruptions.push(
        `worker ${pid} SIGKILLed ${running ? `during job ${started.jobId}` : "between jobs"}`,
      );
    } else if (event === "redis") {
      await options.redis.stop("SIGKILL");
      await sleep(2000);
      await options.redis.start();
      disruptions.push("redis SIGKILLed, down 2 s, restarted");
    } else if (event === "postgres" && options.postgres) {
      await options.postgres.stop();
      await sleep(options.postgresDownMs);
      await options.postgres.start();
      disruptions.push(`postgres stopped for ${options.postgresDownMs / 1000} s`);
    }
    log(disruptions.at(-1) as string);
  }
  await submitting;
  log(`${accepted.size} accepted, ${refused.length} refused; waiting for every job to finish`);

  const db = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const queueConnection = new Redis(options.redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue("repo-analysis", { connection: queueConnection, prefix: service.prefix });
  try {
    const ids = [...accepted.keys()];
    type Row = {
      id: string;
      repo_url: string;
      status: string;
      error: string | null;
      reports: number;
    };
    const read = async () =>
      (
        await db.query<Row>(
          `SELECT id, repo_url, status, error_code || ': ' || error_message AS error,
                  (report IS NOT NULL)::int AS reports
             FROM analyses WHERE id = ANY($1)`,
          [ids],
        )
      ).rows;
    const terminal = new Set(["completed", "failed", "cancelled"]);
    const done = (rs: Row[]) => rs.filter((r) => terminal.has(r.status)).length;
    let rows = await read();
    let deadline = Date.now() + options.settleTimeoutMs;
    while (Date.now() < deadline && done(rows) < ids.length) {
      await sleep(500);
      const before = done(rows);
      rows = await read();
      if (done(rows) > before) deadline = Date.now() + options.settleTimeoutMs;
    }

    const byId = new Map(rows.map((r) => [r.id, r]));
    const lost: string[] = [];
    const stuck: ChaosResult["stuck"] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row && terminal.has(row.status)) continue;
      const state = await queue.getJobState(id);
      if (state === "unknown") lost.push(id);
      else stuck.push({ id, pg: row?.status ?? "no row", redis: state });
    }
    const finished = rows.filter((r) => terminal.has(r.status));
    const repos = [...accepted.values()].map((i) => i.repoUrl);
    const perRepo = (
      await db.query<{ repo_url: string; n: number }>(
        `SELECT repo_url, count(*)::int AS n FROM analyses
          WHERE repo_url = ANY($1) OR repo_url = ANY($2) GROUP BY repo_url HAVING count(*) > 1`,
        [repos, repos.map((r) => `file://${r}`)],
      )
    ).rows;
    const finishes = new Map<string, number>();
    for (const l of lines as LogLine[]) {
      if (l.msg !== "analysis completed" && l.msg !== "analysis reused from cache") continue;
      const id = l.jobId as string;
      finishes.set(id, (finishes.get(id) ?? 0) + 1);
    }
    const health = await fetch(`${service.base}/api/health`).catch(() => null);
    return {
      jobs: ids.length,
      completed: finished.filter((r) => r.status === "completed" && r.reports === 1).length,
      failed: finished.filter((r) => r.status === "failed").length,
      failedGood: finished
        .filter((r) => r.status !== "completed" && !accepted.get(r.id)?.bad)
        .map((r) => ({ id: r.id, repoUrl: r.repo_url, reason: `${r.status} ${r.error ?? ""}` })),
      badNotFailed: finished
        .filter((r) => accepted.get(r.id)?.bad && (r.status !== "failed" || !r.error))
        .map((r) => ({ id: r.id, repoUrl: r.repo_url, status: r.status })),
      lost,
      duplicated: perRepo.map((r) => `${r.repo_url} has ${r.n} jobs`),
      stuck,
      finishedTwice: [...finishes].filter(([, n]) => n > 1).map(([id]) => id),
      refused,
      supervisorUp: alive(service.observed.pid) && health?.status === 200,
      disruptions,
      service,
    };
  } finally {
    await queue.close();
    queueConnection.disconnect();
    await db.end();
  }
}

/** The one summary line both the script and the test print. */
export function summaryLine(r: ChaosResult): string {
  return (
    `jobs ${r.jobs}, completed ${r.completed}, failed ${r.failed} ` +
    `(bad inputs ${r.failed - r.failedGood.filter((f) => f.reason.startsWith("failed")).length}), ` +
    `lost ${r.lost.length}, duplicated ${r.duplicated.length}, stuck ${r.stuck.length}` +
    `; good inputs not completed ${r.failedGood.length}, finished twice ${r.finishedTwice.length}, ` +
    `supervisor ${r.supervisorUp ? "up" : "DOWN"}`
  );
}
