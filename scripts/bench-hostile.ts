/**
 * The proof of issue #13: a hostile corpus (scripts/lib/hostile-corpus.ts) submitted to the real
 * combined service (supervisor → API + worker) with production's memory settings, one case at
 * a time, while `/api/health` is polled; per case the outcome, the time to it, restarts, the
 * peak RSS of the process tree and the report's size, against the issue's targets.
 *
 *   npm run bench:hostile [-- --only report-bomb,control --job-timeout-ms 30000 --readers 3 --json
 *                             --health-rps 10 --from dist|src]
 *
 * Production settings: `--from dist` (default) builds the image's form and starts it as
 * `start-combined.sh` does (every Node process with `--max-semi-space-size=1`, the children with
 * the heap limits of src/supervisor/plan.ts), with NODE_ENV=production and every plain value of
 * render-combined.yaml except those a local run must change (queue prefix, sandbox, job timeout,
 * rate limit, proxy, admin). Redis and Postgres are the machine's (BENCH_REDIS_URL,
 * BENCH_DATABASE_URL): a unique QUEUE_PREFIX, a throwaway database; both removed at the end.
 *
 * A case ends when Postgres holds a terminal status for its job; it must do so within
 * JOB_TIMEOUT_MS + 5 s. A case that did not (a frozen worker) or that took the service down is
 * followed by a fresh service (SIGKILL of the old tree), so the next case starts clean: the
 * replacement is the harness's, reported apart from the service's own restarts. Exit 0 when the
 * run went through, whatever the verdicts; 1 only if the harness itself broke.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { parse as parseYaml } from "yaml";
import { alive, ROOT } from "../test/helpers/processes.ts";
import { buildProduction } from "./lib/build.ts";
import { main, onCleanup, scratchDir } from "./lib/cleanup.ts";
import { startHealthPoller } from "./lib/health-poller.ts";
import { HOSTILE_CASES, type HostileCase } from "./lib/hostile-corpus.ts";
import { freshDatabase, SHARED_POSTGRES } from "./lib/postgres.ts";
import { descendants, type Service, startService, submitOk, treeRss } from "./lib/service.ts";
import { fmt, percentile, sleep, verdict } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    json: { type: "boolean", default: false },
    "job-timeout-ms": { type: "string", default: "30000" },
    readers: { type: "string", default: "3" },
    "health-rps": { type: "string", default: "10" },
    from: { type: "string", default: "dist" },
  },
});
const JOB_TIMEOUT_MS = Number(values["job-timeout-ms"]);
const CASE_BOUND_MS = JOB_TIMEOUT_MS + 5000;
/** Clients reading a completed report at once, as a shared link would bring them. */
const READERS = Number(values.readers);
const REPORT_TARGET_BYTES = 1024 * 1024;
const HEALTH_P99_TARGET = 50;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const RSS_SAMPLE_MS = 200;
const WARM_UP_REQUESTS = 50;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

const HEADER = [
  "case".padEnd(22),
  "verdict",
  "outcome (code)".padEnd(30),
  "time s".padStart(7),
  "ends W/A".padStart(8),
  "peak RSS/PSS MB".padStart(15),
  "report".padStart(9),
  "GET (readers ok)".padStart(22),
  "health p99".padStart(10),
].join("  ");

/** Progress goes to stderr under --json, so stdout holds exactly the JSON. */
const say = (line = "") => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

/**
 * The Blueprint's plain values (what production runs with), minus what a local run must set
 * itself: its own queue prefix and sandbox, the benchmark's job timeout, no rate limit for one
 * client submitting every case, no proxy in front, no admin board without its password.
 */
function blueprintEnv(): Record<string, string> {
  const local = new Set([
    "QUEUE_PREFIX",
    "SANDBOX_DIR",
    "JOB_TIMEOUT_MS",
    "RATE_LIMIT_PER_MIN",
    "TRUST_PROXY",
    "ADMIN_USER",
  ]);
  const doc = parseYaml(readFileSync(path.join(ROOT, "render-combined.yaml"), "utf8")) as {
    services: Array<{ envVars: Array<{ key: string; value?: string }> }>;
  };
  const env: Record<string, string> = {};
  for (const v of doc.services[0]?.envVars ?? [])
    if (v.value !== undefined && !local.has(v.key)) env[v.key] = String(v.value);
  return env;
}

type Outcome = "completed" | "failed" | "cancelled" | "not ended" | "not submitted";

interface CaseResult {
  name: string;
  what: string;
  outcome: Outcome;
  code: string | null;
  message: string | null;
  /** Submit → finished_at in Postgres; null when it did not end within the bound. */
  ms: number | null;
  /** How each worker and API process that ended during the case ended (signal or exit code). */
  workerEnds: string[];
  apiEnds: string[];
  /** How the supervisor ended on its own during the case (the container went down), else null. */
  containerExit: string | null;
  peakRssMb: number;
  peakPssMb: number;
  /** The stored report, serialised (completed only). */
  reportBytes: number | null;
  /** `GET /api/analyses/:id` by READERS clients at once after completion: answered 200, largest body, slowest. */
  get: { readers: number; ok: number; bytes: number; ms: number; failure?: string } | null;
  health: { p99: number; failed: number; count: number };
  /** The harness replaced the service after this case (it froze or went down). */
  replaced: boolean;
  pass: boolean;
  why: string;
}

await main(async () => {
  const only = values.only?.split(",").map((s) => s.trim());
  const cases = only ? HOSTILE_CASES.filter((c) => only.includes(c.name)) : HOSTILE_CASES;
  const unknown = only?.filter((n) => !HOSTILE_CASES.some((c) => c.name === n)) ?? [];
  if (unknown.length > 0 || cases.length === 0)
    throw new Error(
      `unknown case(s) ${unknown.join(", ")}; known: ${HOSTILE_CASES.map((c) => c.name).join(", ")}`,
    );
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  // The code under test is src/: its last commit names it (the branch may add only scripts).
  const commit = `${git("rev-parse", "--short", "HEAD")}, src as of ${git("log", "-1", "--format=%h", "--", "src")}${git("status", "--porcelain", "--", "src") ? " + uncommitted changes" : ""}`;

  const dir = scratchDir("bench-hostile");
  const repos = new Map<string, string>();
  const built = Date.now();
  for (const c of cases) {
    const t0 = Date.now();
    repos.set(c.name, c.build(path.join(dir, "corpus", c.name)));
    say(`built ${c.name} in ${fmt((Date.now() - t0) / 1000)} s`);
  }
  say(`corpus of ${cases.length} cases built in ${fmt((Date.now() - built) / 1000)} s`);

  const databaseUrl = await freshDatabase(SHARED_POSTGRES, "bench_hostile");
  const entry = values.from === "src" ? undefined : buildProduction();
  const env: Record<string, string> = {
    ...blueprintEnv(),
    JOB_TIMEOUT_MS: String(JOB_TIMEOUT_MS),
    NODE_ENV: "production",
    ALLOW_LOCAL_REPOS: "true",
  };
  say(
    `service from ${values.from} (${entry ? "start-combined.sh" : "src/supervisor/main.ts"}), ` +
      `JOB_TIMEOUT_MS=${JOB_TIMEOUT_MS} (a case must end within ${CASE_BOUND_MS / 1000} s), ` +
      `API_HEAP_MB=${env.API_HEAP_MB} WORKER_HEAP_MB=${env.WORKER_HEAP_MB} ` +
      `WORKER_MAX_RSS_MB=${env.WORKER_MAX_RSS_MB} WORKER_CONCURRENCY=${env.WORKER_CONCURRENCY} ` +
      `MAX_REPO_SIZE_MB=${env.MAX_REPO_SIZE_MB}; cases run one at a time`,
  );

  // Every queue prefix the run used, its keys deleted from the shared Redis at the end (after
  // the services are killed: cleanup runs in reverse order of registration).
  const prefixes: string[] = [];
  onCleanup(async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      for (const prefix of prefixes) {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== "0");
      }
    } finally {
      redis.disconnect();
    }
  });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  onCleanup(() => db.end());

  let service: Service | null = null;
  /** Pids of each service's tree seen while sampling: its children may outlive the supervisor. */
  const treePids = new Set<number>();
  const killedByHarness = new Set<Service>();
  const containerExits: Array<{ case: string; exit: string }> = [];
  let currentCase = "(start)";
  let harnessReplacements = 0;

  const killService = (s: Service) => {
    killedByHarness.add(s);
    const pids = new Set([s.observed.pid, ...descendants(s.observed.pid), ...treePids]);
    for (const pid of pids) {
      try {
        if (alive(pid)) process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
    treePids.clear();
  };
  onCleanup(() => {
    if (service) killService(service);
  });

  const poller = startHealthPoller({
    perSecond: Number(values["health-rps"]),
    maxSamples: 20_000,
  });
  onCleanup(() => poller.stop());

  const launch = async (): Promise<Service> => {
    poller.target(null);
    // A prefix of its own kind, so anyone looking at the shared Redis knows whose keys these are.
    const prefix = `hostile-${randomBytes(3).toString("hex")}`;
    prefixes.push(prefix);
    const started = await startService({
      redisUrl: REDIS_URL,
      databaseUrl,
      dir,
      entry,
      env,
      prefix,
    });
    // A fresh API's first answers pay for its JIT warming up; the target is about the service
    // under hostile load, so those are taken before measuring (a restarted API's are not).
    for (let i = 0; i < WARM_UP_REQUESTS; i++)
      await fetch(`${started.base}/api/health`).then((r) => r.arrayBuffer());
    void started.observed.exited.then((exit) => {
      if (!killedByHarness.has(started))
        containerExits.push({ case: currentCase, exit: JSON.stringify(exit) });
    });
    return started;
  };

  /** The worker can take a job now (bounded); otherwise the service is replaced. */
  const ready = async (): Promise<Service> => {
    if (service && alive(service.observed.pid)) {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const health = await fetch(`${service.base}/api/health`, {
          signal: AbortSignal.timeout(2000),
        })
          .then((r) => r.json() as Promise<{ worker_ok?: boolean }>)
          .catch(() => null);
        if (health?.worker_ok) return service;
        await sleep(250);
      }
    }
    if (service) {
      killService(service);
      harnessReplacements++;
    }
    service = await launch();
    return service;
  };

  const results: CaseResult[] = [];
  for (const c of cases) {
    currentCase = c.name;
    const result = await runCase(c, repos.get(c.name) as string);
    results.push(result);
    say(row(result));
  }
  await poller.stop();
  const finalService = service as Service | null;
  const upAtEnd = finalService !== null && alive(finalService.observed.pid);
  if (finalService) {
    killedByHarness.add(finalService);
    await finalService.stop().catch((error: Error) => say(`stop: ${error.message}`));
  }

  async function runCase(c: HostileCase, repo: string): Promise<CaseResult> {
    const s = await ready();
    poller.target(s.base, c.name);
    const from = s.observed.lines.length;
    const t0 = Date.now();
    // A refused submission is the service's answer to this case, not a broken harness.
    let id: string | null = null;
    let refused: string | null = null;
    try {
      id = await submitOk(s, { repoUrl: `file://${repo}`, force: true });
    } catch (error) {
      refused = (error as Error).message;
    }
    let peak = { mb: 0, pssMb: 0 };
    const sample = () => {
      const tree = treeRss(s.observed.pid);
      for (const p of tree.parts) treePids.add(p.pid);
      if (tree.mb > peak.mb) peak = { mb: tree.mb, pssMb: tree.pssMb };
    };
    type Row = {
      status: string;
      error_code: string | null;
      error_message: string | null;
      report_bytes: number | null;
      finished_ms: number | null;
    };
    let state: Row | undefined;
    let lastQuery = 0;
    while (id !== null && Date.now() < t0 + CASE_BOUND_MS && alive(s.observed.pid)) {
      sample();
      if (Date.now() - lastQuery >= 250) {
        lastQuery = Date.now();
        state = (
          await db.query<Row>(
            `SELECT status, error_code, error_message,
                    CASE WHEN status = 'completed' THEN octet_length(report::text) END AS report_bytes,
                    (extract(epoch FROM finished_at) * 1000)::float8 AS finished_ms
               FROM analyses WHERE id = $1`,
            [id],
          )
        ).rows[0];
        if (state && TERMINAL.has(state.status)) break;
      }
      await sleep(RSS_SAMPLE_MS);
    }
    const ended = state !== undefined && TERMINAL.has(state.status);
    const ms = ended ? (state?.finished_ms ?? Date.now()) - t0 : null;

    let get: CaseResult["get"] = null;
    if (id !== null && ended && state?.status === "completed") {
      const reading = Promise.all(
        Array.from({ length: READERS }, () => readReport(s, id as string)),
      );
      let done = false;
      void reading.then(() => {
        done = true;
      });
      // Sampled meanwhile: reading a big report is where the API's memory goes.
      while (!done) {
        sample();
        await sleep(RSS_SAMPLE_MS);
      }
      const reads = await reading;
      const failure = reads.find((r) => r.status !== 200);
      get = {
        readers: reads.length,
        ok: reads.filter((r) => r.status === 200).length,
        bytes: Math.max(...reads.map((r) => r.bytes ?? 0)),
        ms: Math.max(...reads.map((r) => r.ms)),
        ...(failure ? { failure: failure.error ?? `HTTP ${failure.status}` } : {}),
      };
    }
    // A moment for the consequences (a child's exit, the supervisor's decision) to be logged.
    for (const end = Date.now() + 1000; Date.now() < end; await sleep(RSS_SAMPLE_MS)) sample();
    poller.target(null);

    const lines = s.observed.lines.slice(from);
    // Each end of a child is one of these lines, whether it was restarted, recycled or not.
    const ends = (child: string) =>
      lines
        .filter((l) => l.child === child && /^\S+ (exited|recycled)/.test(l.msg ?? ""))
        .map((l) => String(l.signal ?? `code ${l.code}`));
    const exit = containerExits.find((e) => e.case === c.name)?.exit ?? null;
    const replaced = !ended || !alive(s.observed.pid);
    const samples = poller.samples.filter((h) => h.label === c.name);
    const result: CaseResult = {
      name: c.name,
      what: c.what,
      outcome: refused ? "not submitted" : ended ? (state?.status as Outcome) : "not ended",
      code: state?.error_code ?? null,
      message: refused ?? state?.error_message ?? null,
      ms,
      workerEnds: ends("worker"),
      apiEnds: ends("api"),
      containerExit: exit,
      peakRssMb: peak.mb,
      peakPssMb: peak.pssMb,
      reportBytes: state?.report_bytes ?? null,
      get,
      health: {
        p99: percentile(
          samples.filter((h) => h.ok).map((h) => h.ms),
          99,
        ),
        failed: samples.filter((h) => !h.ok).length,
        count: samples.length,
      },
      replaced,
      pass: false,
      why: "",
    };
    result.why = judge(result, c.name.startsWith("control"));
    result.pass = result.why === "";
    if (!refused && !ended && alive(s.observed.pid)) {
      // Frozen or still busy past its bound: the next case gets a fresh service.
      killService(s);
      harnessReplacements++;
      service = null;
    }
    return result;
  }

  const ok = poller.samples.filter((h) => h.ok).map((h) => h.ms);
  const failedHealth = poller.samples.length - ok.length;
  const health = {
    count: poller.samples.length,
    failed: failedHealth,
    p50: percentile(ok, 50),
    p99: percentile(ok, 99),
  };
  const apiRestarts = results.reduce((n, r) => n + r.apiEnds.length, 0);
  const targets = {
    containerUp: { pass: containerExits.length === 0, figure: containerExits },
    apiRestarts: { pass: apiRestarts === 0, figure: apiRestarts },
    casesEnded: {
      pass: results.every((r) => r.pass),
      figure: `${results.filter((r) => r.pass).length}/${results.length}`,
    },
    healthP99: { pass: failedHealth === 0 && health.p99 <= HEALTH_P99_TARGET, figure: health },
  };
  const summary = {
    commit,
    from: values.from,
    jobTimeoutMs: JOB_TIMEOUT_MS,
    caseBoundMs: CASE_BOUND_MS,
    sequential: true,
    harnessReplacements,
    upAtEnd,
    cases: results,
    health,
    targets,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  say();
  say(`commit ${summary.commit}, from ${values.from}, JOB_TIMEOUT_MS ${JOB_TIMEOUT_MS}`);
  say(HEADER);
  for (const r of results) say(row(r));
  say();
  for (const r of results.filter((x) => !x.pass)) say(`MISS ${r.name}: ${r.why}`);
  say(
    `SUMMARY hostile: container up throughout (target): ${verdict(targets.containerUp.pass)}` +
      `${containerExits.length ? ` — exited ${containerExits.map((e) => `during ${e.case} ${e.exit}`).join("; ")}` : ""}`,
  );
  say(
    `SUMMARY hostile: API restarts ${apiRestarts} (target 0): ${verdict(targets.apiRestarts.pass)}`,
  );
  say(
    `SUMMARY hostile: cases ended within ${CASE_BOUND_MS / 1000} s as completed (report < 1 MiB) ` +
      `or failed with a named code: ${targets.casesEnded.figure} (target all): ${verdict(targets.casesEnded.pass)}`,
  );
  say(
    `SUMMARY hostile: /api/health p50 ${fmt(health.p50)} ms, p99 ${fmt(health.p99)} ms over ` +
      `${health.count} requests, ${failedHealth} failed (target p99 ≤ ${HEALTH_P99_TARGET} ms, ` +
      `none failed): ${verdict(targets.healthP99.pass)}`,
  );
  say(
    `(cases one at a time; the harness replaced the service ${harnessReplacements} time(s) after ` +
      `a case that did not end or took it down; supervisor up at the end: ${upAtEnd ? "yes" : "no"})`,
  );
});

interface Read {
  status: number | null;
  bytes: number | null;
  ms: number;
  error?: string;
}

/** One client's GET of a report, never throwing: a refused or cut answer is a failed read. */
async function readReport(service: Service, id: string): Promise<Read> {
  const started = Date.now();
  try {
    const response = await fetch(`${service.base}/api/analyses/${id}`, {
      signal: AbortSignal.timeout(20_000),
    });
    const bytes = (await response.arrayBuffer()).byteLength;
    return { status: response.status, bytes, ms: Date.now() - started };
  } catch (error) {
    const cause = (error as Error).cause;
    return {
      status: null,
      bytes: null,
      ms: Date.now() - started,
      error: cause instanceof Error ? cause.message : (error as Error).message,
    };
  }
}

/** Why a case misses its target, or "" when it meets it. */
function judge(r: CaseResult, mustComplete: boolean): string {
  const why: string[] = [];
  if (r.outcome === "not submitted") why.push(`the submission was refused: ${r.message}`);
  if (r.outcome === "not ended") why.push(`did not end within ${CASE_BOUND_MS / 1000} s`);
  else if (r.ms !== null && r.ms > CASE_BOUND_MS) why.push(`ended after ${fmt(r.ms / 1000)} s`);
  if (r.outcome === "cancelled") why.push("cancelled");
  if (mustComplete && r.outcome !== "completed") why.push("the control must complete");
  if (r.outcome === "failed" && (!r.code || r.code === "ANALYSIS_FAILED"))
    why.push(`failed without a named reason (${r.code ?? "no code"})`);
  if (r.outcome === "completed") {
    if ((r.reportBytes ?? 0) >= REPORT_TARGET_BYTES)
      why.push(`report of ${fmt((r.reportBytes ?? 0) / 2 ** 20)} MiB`);
    if (!r.get || r.get.ok < r.get.readers)
      why.push(`GET of the report: ${r.get?.failure ?? "not sent"}`);
  }
  if (r.apiEnds.length > 0)
    why.push(`the API ended ${r.apiEnds.length} time(s) (${r.apiEnds.join(", ")})`);
  if (r.containerExit) why.push(`container exited ${r.containerExit}`);
  return why.join("; ");
}

function row(r: CaseResult): string {
  const outcome = r.code ? `${r.outcome} (${r.code})` : r.outcome;
  const size = (b: number | null) =>
    b === null ? "—" : b >= 2 ** 20 ? `${fmt(b / 2 ** 20)} MiB` : `${fmt(b / 1024)} KiB`;
  const get = r.get
    ? `${r.get.ok}/${r.get.readers} ${r.get.ok ? size(r.get.bytes) : "—"} ${fmt(r.get.ms / 1000)}s`
    : "—";
  return [
    r.name.padEnd(22),
    verdict(r.pass).padEnd(7),
    outcome.slice(0, 30).padEnd(30),
    (r.ms === null ? `>${CASE_BOUND_MS / 1000}` : fmt(r.ms / 1000)).padStart(7),
    `${r.workerEnds.length}/${r.apiEnds.length}`.padStart(8),
    `${fmt(r.peakRssMb, 0)}/${fmt(r.peakPssMb, 0)}`.padStart(15),
    size(r.reportBytes).padStart(9),
    get.padStart(22),
    `${fmt(r.health.p99)}${r.health.failed ? ` (${r.health.failed}✗)` : ""}`.padStart(10),
  ].join("  ");
}
