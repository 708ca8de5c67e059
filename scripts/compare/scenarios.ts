/**
 * The seven scenarios. Each starts one tool with the same fixture programs, measures, and kills
 * every process of the run at the end. A result is one short cell for the summary table plus
 * the details behind it.
 */
import { createReadStream, mkdtempSync, readdirSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { alive, type Exit, freePort, health, type Proc, procOf, Run } from "./harness.ts";
import { SCRIPTS, type Spec, type Tool } from "./tools.ts";

export interface Result {
  /** one short cell for the table */
  cell: string;
  /** the measurements behind it */
  details: Record<string, string | number | boolean | null>;
  /** processes of the run still alive after cleanup (should be none) */
  leftovers: number;
}

type Measured = Omit<Result, "leftovers">;

export interface Scenario {
  n: number;
  title: string;
  run(tool: Tool, baseDir: string): Promise<Result>;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const exitText = (e: Exit | null) =>
  !e ? "running" : e.signal ? `killed by ${e.signal}` : `exit ${e.code}`;

async function withRun(
  tool: Tool,
  baseDir: string,
  modes: { api: string; worker: string; noWait?: boolean },
  body: (run: Run, spec: Spec) => Promise<Measured>,
  keepText = true,
): Promise<Result> {
  const dir = mkdtempSync(path.join(baseDir, `${tool.id.replace(/[^\w]+/g, "-")}-`));
  const spec: Spec = {
    apiMode: modes.api,
    workerMode: modes.worker,
    port: await freePort(),
    dir,
    noWait: modes.noWait ?? false,
  };
  const run = new Run(dir, tool.launch(spec), { keepText });
  try {
    const result = await body(run, spec);
    const left = await run.cleanup();
    return { ...result, leftovers: left.length };
  } catch (error) {
    const left = await run.cleanup();
    return {
      cell: `harness error: ${(error as Error).message}`,
      details: { error: String((error as Error).stack) },
      leftovers: left.length,
    };
  }
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Waits until the API answers and the worker said it is up; false on timeout. */
async function ready(run: Run, spec: Spec, workerMode: string, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && !run.exit) {
    if ((await health(spec.port)) === 200 && run.text.includes(`worker up mode=${workerMode}`)) {
      return true;
    }
    await sleep(100);
  }
  return false;
}

/**
 * Polls until the tool exited and both children ended, or `boundMs` passed. A child counts as
 * started after SIGTERM when a new process runs its script for at least 150 ms (a shell's
 * fork before it execs `sleep` carries the script's argv for a moment, and is not a start).
 */
async function watchStop(run: Run, children: { api?: Proc; worker?: Proc }, boundMs: number) {
  const t0 = performance.now();
  const ended: { api?: number; worker?: number } = {};
  const candidates = new Map<string, { name: string; firstMs: number }>();
  const restarted = new Set<string>();
  const before = new Set(run.scan().map((p) => `${p.pid}:${p.start}`));
  let exitMs: number | null = null;
  while (performance.now() - t0 < boundMs) {
    const now = performance.now() - t0;
    for (const name of ["api", "worker"] as const) {
      const p = children[name];
      if (p && ended[name] === undefined && !alive(p)) ended[name] = now;
    }
    for (const p of run.scan()) {
      const key = `${p.pid}:${p.start}`;
      if (before.has(key)) continue;
      const name = p.argv.includes(SCRIPTS.api)
        ? "api"
        : p.argv.includes(SCRIPTS.worker)
          ? "worker"
          : null;
      if (!name) continue;
      const seen = candidates.get(key);
      if (!seen) candidates.set(key, { name, firstMs: now });
      else if (now - seen.firstMs >= 150) restarted.add(`${name} ${key}`);
    }
    if (run.exit && exitMs === null) exitMs = now;
    const childrenDone =
      (!children.api || ended.api !== undefined) &&
      (!children.worker || ended.worker !== undefined);
    if (exitMs !== null && (childrenDone || now - exitMs > 3000)) break;
    await sleep(20);
  }
  return { exitMs, ended, restarted: [...restarted] };
}

const s1: Scenario = {
  n: 1,
  title: "Crash-looping worker (MODE=crash), healthy API",
  run: (tool, base) =>
    withRun(tool, base, { api: "steady", worker: "crash" }, async (run, spec) => {
      let healthAt60: number | string = "not probed";
      let startsBy60 = 0;
      // Watch up to 180 s: whether it exits within 60 s is the question, when it exits after
      // that is worth knowing too.
      while (run.elapsed() < 180_000 && !run.exit) {
        if (run.elapsed() >= 58_000 && healthAt60 === "not probed") {
          healthAt60 = await health(spec.port);
          startsBy60 = count(run.text, "worker up mode=crash");
        }
        await run.waitExit(500);
      }
      const exit = run.exit as Exit | null;
      if (healthAt60 === "not probed") startsBy60 = count(run.text, "worker up mode=crash");
      const within60 = exit !== null && exit.atMs <= 60_000;
      const starts = count(run.text, "worker up mode=crash");
      const cell = within60
        ? `${exitText(exit)} after ${s(exit.atMs)} (${starts} worker starts)`
        : `still up at 60 s (/health ${healthAt60}, ${startsBy60} worker starts); ${exit ? `${exitText(exit)} after ${s(exit.atMs)}` : "still up at 180 s"} (${starts} worker starts)`;
      return {
        cell,
        details: {
          exitedWithin60s: within60,
          exit: exitText(exit),
          exitAfterS: exit ? +(exit.atMs / 1000).toFixed(1) : null,
          healthAt60s: String(healthAt60),
          workerStartsBy60s: startsBy60,
          workerStartsTotal: count(run.text, "worker up mode=crash"),
        },
      };
    }),
};

const s2: Scenario = {
  n: 2,
  title: "API that cannot stay up (MODE=crash), steady worker",
  run: (tool, base) =>
    withRun(tool, base, { api: "crash", worker: "steady" }, async (run, spec) => {
      const exit = await run.waitExit(60_000);
      const workerAlive = !exit && run.find(SCRIPTS.worker) !== undefined;
      const h = exit ? "n/a" : await health(spec.port);
      return {
        cell: exit
          ? `${exitText(exit)} after ${s(exit.atMs)}`
          : `still up at 60 s (/health ${h}, worker ${workerAlive ? "running" : "not running"})`,
        details: {
          exit: exitText(exit),
          exitAfterS: exit ? +(exit.atMs / 1000).toFixed(1) : null,
          healthAt60s: String(h),
          workerRunningAt60s: workerAlive,
        },
      };
    }),
};

const s3: Scenario = {
  n: 3,
  title: "Grandchild of a SIGKILLed worker (worker MODE=grandchild)",
  run: (tool, base) =>
    withRun(tool, base, { api: "steady", worker: "grandchild" }, async (run): Promise<Measured> => {
      const up = await run.waitFor(/worker up mode=grandchild pid=(\d+)/, 20_000);
      const gc = await run.waitFor(/(?<!mode=)grandchild pid=(\d+)/, 5_000);
      if (!up || !gc) return { cell: "worker never came up", details: { up: !!up, gc: !!gc } };
      const workerPid = Number(up[1]);
      const grandchildPid = Number(gc[1]);
      const grandchild = run.scan().find((p) => p.pid === grandchildPid);
      if (!grandchild) return { cell: "grandchild not found", details: { grandchildPid } };
      process.kill(workerPid, "SIGKILL");
      await sleep(3000);
      const after3s = alive(grandchild);
      // Then a normal stop of the tool: does even that end the grandchild?
      const beforeStop = exitText(run.exit);
      run.signal("SIGTERM");
      await run.waitExit(15_000);
      await sleep(500);
      const afterStop = alive(grandchild);
      return {
        cell: `grandchild ${after3s ? "ALIVE" : "gone"} 3 s after the kill (tool: ${beforeStop}); after SIGTERM to the tool: grandchild ${afterStop ? "ALIVE" : "gone"}, tool ${exitText(run.exit)}`,
        details: {
          workerPid,
          grandchildPid,
          grandchildAlive3sAfterKill: after3s,
          grandchildAliveAfterToolStopped: afterStop,
          toolBeforeStop: beforeStop,
          toolAfterStop: exitText(run.exit),
        },
      };
    }),
};

interface LineStats {
  lines: number;
  bigWhole: boolean;
  bigValidJson: boolean;
  bigPieces: number;
  plainWhole: boolean;
  plainSplit: boolean;
  smallJsonFound: boolean;
  smallJsonValid: boolean;
  chattyLines: number;
  /** worker lines before the API's last line: did the two children write at the same time? */
  chattyBeforeDone: number;
  chattyJson: number;
  glued: number;
  done: boolean;
  apiSeen: boolean;
}

async function analyseLines(file: string, stats: LineStats): Promise<void> {
  const payload = "x".repeat(1024 * 1024);
  const rl = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of rl) {
    stats.lines += 1;
    const hasX = line.includes("xxxxxxxxxx");
    const chatty = count(line, "chatty line");
    const api =
      hasX ||
      line.includes("plain line") ||
      line.includes("written in two pieces") ||
      line.includes("small json") ||
      line.includes("api listening") ||
      /(^|[\s"])done("|$)/.test(line);
    if (chatty > 0) {
      stats.chattyLines += 1;
      if (!stats.done) stats.chattyBeforeDone += 1;
      if (chatty > 1 || api) stats.glued += 1;
      else if (isJson(line)) stats.chattyJson += 1;
    }
    if (line.includes("api listening") || hasX) stats.apiSeen = true;
    if (hasX) {
      stats.bigPieces += 1;
      if (line.includes(payload)) {
        stats.bigWhole = true;
        const parsed = parse(line);
        if (
          parsed &&
          typeof parsed.payload === "string" &&
          parsed.payload.length === payload.length
        )
          stats.bigValidJson = true;
      }
    }
    if (line.includes("plain line written in two pieces")) stats.plainWhole = true;
    else if (/plain line\s*$/.test(line) || /(^|\W)written in two pieces/.test(line))
      stats.plainSplit = true;
    if (line.includes("small json")) {
      stats.smallJsonFound = true;
      if (parse(line)) stats.smallJsonValid = true;
    }
    if (/(^|[\s"])done("|$)/.test(line)) stats.done = true;
  }
}

function parse(line: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(line);
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
}
const isJson = (line: string) => parse(line) !== null;

const s4: Scenario = {
  n: 4,
  title: "Long and split lines (API MODE=lines) while the worker floods (MODE=chatty)",
  run: (tool, base) =>
    withRun(
      tool,
      base,
      // RepoLens gets --no-wait here so both children write from the start, as with the others.
      { api: "lines", worker: "chatty", noWait: true },
      async (run, spec) => {
        const done = await run.waitFor(/done/, 15_000);
        await sleep(1000);
        run.signal("SIGTERM");
        await run.waitExit(10_000);
        const stats: LineStats = {
          lines: 0,
          bigWhole: false,
          bigValidJson: false,
          bigPieces: 0,
          plainWhole: false,
          plainSplit: false,
          smallJsonFound: false,
          smallJsonValid: false,
          chattyLines: 0,
          chattyBeforeDone: 0,
          chattyJson: 0,
          glued: 0,
          done: false,
          apiSeen: false,
        };
        // stdout and stderr are separate streams (as a container runtime keeps them).
        await analyseLines(run.outPath, stats);
        await analyseLines(run.errPath, stats);
        const parts: string[] = [];
        if (!stats.apiSeen) parts.push("no API output on stdout/stderr");
        else {
          parts.push(
            stats.bigWhole
              ? `1 MB line whole${stats.bigValidJson ? ", valid JSON" : ", NOT JSON"}`
              : `1 MB line in ${stats.bigPieces} pieces`,
          );
          parts.push(
            stats.plainWhole
              ? "2-write line whole"
              : stats.plainSplit
                ? "2-write line SPLIT"
                : "2-write line missing",
          );
          parts.push(
            stats.smallJsonValid
              ? "JSON lines valid"
              : stats.smallJsonFound
                ? "JSON lines NOT JSON"
                : "JSON line missing",
          );
          parts.push(`${stats.glued} glued`);
          if (stats.chattyBeforeDone === 0) {
            parts.push("NO OVERLAP: the worker wrote nothing before the API's last line");
          }
        }
        const childLogs = readdirSync(spec.dir).filter((f) => f.includes("---supervisor-"));
        return {
          cell: parts.join("; "),
          details: {
            doneSeenLive: !!done,
            childLogFilesInTmpdir: childLogs.join(" ") || null,
            bytes: run.outBytes,
            ...stats,
          },
        };
      },
      false,
    ),
};

async function stopScenario(tool: Tool, base: string, mode: "ignore-term" | "steady") {
  return withRun(tool, base, { api: mode, worker: mode }, async (run, spec): Promise<Measured> => {
    if (!(await ready(run, spec, mode, 20_000))) {
      return { cell: "did not come up", details: { exit: exitText(run.exit) } };
    }
    await sleep(1000);
    // The worker is the pid it printed (a shell forks copies of itself for a moment).
    const workerPid = [...run.text.matchAll(/worker up mode=\S+ pid=(\d+)/g)].at(-1)?.[1];
    const worker = workerPid ? (procOf(Number(workerPid)) ?? undefined) : undefined;
    const api = run.find(SCRIPTS.api);
    const textAtSignal = run.text.length;
    run.signal("SIGTERM");
    const w = await watchStop(run, { api, worker }, 30_000);
    const after = run.text.slice(textAtSignal);
    const restartsByOutput = count(after, "worker up") + count(after, "api listening");
    const leftAlive = [api && alive(api) ? "api" : null, worker && alive(worker) ? "worker" : null]
      .filter(Boolean)
      .join("+");
    const fmt = (v: number | undefined) => (v === undefined ? "still running" : `+${s(v)}`);
    const exitPart =
      w.exitMs === null ? "still up at 30 s" : `${exitText(run.exit)} after ${s(w.exitMs)}`;
    const restartPart = w.restarted.length
      ? `; RESTARTED ${w.restarted.map((r) => r.split(" ")[0]).join(", ")}`
      : "";
    return {
      cell: `${exitPart}; api end ${fmt(w.ended.api)}, worker end ${fmt(w.ended.worker)}${leftAlive ? `; left running: ${leftAlive}` : ""}${restartPart}`,
      details: {
        exit: exitText(run.exit),
        toolExitAfterS: w.exitMs === null ? null : +(w.exitMs / 1000).toFixed(2),
        apiEndAfterS: w.ended.api === undefined ? null : +(w.ended.api / 1000).toFixed(2),
        workerEndAfterS: w.ended.worker === undefined ? null : +(w.ended.worker / 1000).toFixed(2),
        gapBetweenEndsS:
          w.ended.api !== undefined && w.ended.worker !== undefined
            ? +(Math.abs(w.ended.api - w.ended.worker) / 1000).toFixed(2)
            : null,
        childrenLeftRunningAfterWatch: leftAlive || "none",
        childrenStartedAfterSigterm: w.restarted.length,
        startLinesAfterSigterm: restartsByOutput,
      },
    };
  });
}

const s5: Scenario = {
  n: 5,
  title: "SIGTERM to the tool; both children ignore SIGTERM and SIGINT",
  run: (tool, base) => stopScenario(tool, base, "ignore-term"),
};

const s6: Scenario = {
  n: 6,
  title: "SIGTERM to the tool; well-behaved children",
  run: (tool, base) => stopScenario(tool, base, "steady"),
};

/** How long scenario 7 watches for a hung child to be replaced: RepoLens's default deadline is 30 s. */
const HUNG_WATCH_MS = 90_000;

const s7: Scenario = {
  n: 7,
  title: "Hung children: SIGSTOP to the worker and to the API (both steady)",
  run: (tool, base) =>
    withRun(
      tool,
      base,
      { api: "steady", worker: "steady" },
      async (run, spec): Promise<Measured> => {
        if (!(await ready(run, spec, "steady", 20_000))) {
          return { cell: "did not come up", details: { exit: exitText(run.exit) } };
        }
        const workerPid = [...run.text.matchAll(/worker up mode=\S+ pid=(\d+)/g)].at(-1)?.[1];
        const worker = workerPid ? procOf(Number(workerPid)) : undefined;
        const api = run.find(SCRIPTS.api);
        if (!worker || !api) return { cell: "children not found", details: {} };
        const textAtStop = run.text.length;
        process.kill(worker.pid, "SIGSTOP");
        process.kill(api.pid, "SIGSTOP");
        const t0 = performance.now();
        let workerBackMs: number | null = null;
        let apiBackMs: number | null = null;
        while (
          performance.now() - t0 < HUNG_WATCH_MS &&
          (workerBackMs === null || apiBackMs === null)
        ) {
          const now = performance.now() - t0;
          if (workerBackMs === null && run.text.slice(textAtStop).includes("worker up")) {
            workerBackMs = now;
          }
          if (apiBackMs === null && (await health(spec.port)) === 200) apiBackMs = now;
          await sleep(250);
        }
        const cell = [
          workerBackMs === null
            ? `worker still stopped at ${s(HUNG_WATCH_MS)}`
            : `worker replaced after ${s(workerBackMs)}`,
          apiBackMs === null
            ? `/health still silent at ${s(HUNG_WATCH_MS)}`
            : `/health 200 again after ${s(apiBackMs)}`,
          `tool ${exitText(run.exit)}`,
        ].join("; ");
        return {
          cell,
          details: {
            workerReplacedAfterS: workerBackMs === null ? null : +(workerBackMs / 1000).toFixed(1),
            apiAnsweringAgainAfterS: apiBackMs === null ? null : +(apiBackMs / 1000).toFixed(1),
            stoppedWorkerStillThere: alive(worker),
            stoppedApiStillThere: alive(api),
            tool: exitText(run.exit),
          },
        };
      },
    ),
};

export const SCENARIOS: Scenario[] = [s1, s2, s3, s4, s5, s6, s7];
