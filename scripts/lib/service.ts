import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { freePort, type LogLine, Observed, ROOT } from "../../test/helpers/processes.ts";
import { onCleanup } from "./cleanup.ts";

export interface ServiceOptions {
  redisUrl: string;
  databaseUrl: string;
  /** Holds the sandbox; the caller owns (and removes) it. */
  dir: string;
  /** Extra environment, e.g. restart-policy settings for chaos. */
  env?: Record<string, string>;
  /**
   * The supervisor's entry: src/supervisor/main.ts (as `npm start`), or a build's
   * `start-combined.sh`, run by /bin/sh as the image runs it.
   */
  entry?: string;
  /** Queue prefix and sandbox of an earlier service, to start its successor (a new container). */
  prefix?: string;
  sandbox?: string;
}

export interface Service {
  base: string;
  prefix: string;
  sandbox: string;
  observed: Observed;
  /** Resolves when a worker started after `since` (a line index) waits for jobs. */
  workerReady(since?: number, timeoutMs?: number): Promise<LogLine>;
  /**
   * Stops reading the log stream line by line (it is still drained, as the platform would):
   * under load, parsing every request's log line here would steal CPU from the service.
   */
  discardLogs(): void;
  /** Pid of the worker the supervisor started last. */
  workerPid(): number;
  submit(body: { repoUrl: string; ref?: string; force?: boolean }): Promise<Response>;
  /** SIGTERM to the supervisor; SIGKILL to its group if it outlives `timeoutMs`. */
  stop(
    timeoutMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/**
 * The whole combined service as `npm start` runs it (supervisor → API + worker), on a fresh
 * queue prefix, accepting local repositories, with rate limiting off.
 *
 * @example
 * const service = await startService({ redisUrl, databaseUrl, dir });
 * await service.workerReady();
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const port = await freePort();
  const prefix = options.prefix ?? `bench-${randomBytes(3).toString("hex")}`;
  const sandbox = options.sandbox ?? path.join(options.dir, `sandbox-${prefix}`);
  const entry = options.entry ?? path.join(ROOT, "src/supervisor/main.ts");
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    REDIS_URL: options.redisUrl,
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: prefix,
    SANDBOX_DIR: sandbox,
    ALLOW_LOCAL_REPOS: "1",
    RATE_LIMIT_PER_MIN: "0",
    LOG_FORMAT: "json",
    NODE_ENV: "development",
    ...options.env,
  };
  const observed = new Observed(
    spawn(entry.endsWith(".sh") ? "/bin/sh" : process.execPath, [entry], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  onCleanup(() => observed.cleanup());
  const base = `http://127.0.0.1:${port}`;

  const service: Service = {
    base,
    prefix,
    sandbox,
    observed,
    async workerReady(since = 0, timeoutMs = 60_000) {
      const ready = observed.waitFor(
        (line) =>
          observed.lines.indexOf(line) >= since &&
          line.svc === "worker" &&
          line.msg === "worker is waiting for jobs",
        timeoutMs,
        "the worker to wait for jobs",
      );
      // Fails at once when the supervisor gives up instead of at the timeout; settles never
      // once the worker is ready, so a later, requested exit is no error.
      let settled = false;
      const died = new Promise<never>((_, reject) => {
        void observed.exited.then((exit) => {
          if (settled) return;
          reject(
            new Error(
              `the supervisor exited (${JSON.stringify(exit)}):\n${observed.raw.slice(-15).join("\n")}`,
            ),
          );
        });
      });
      try {
        return await Promise.race([ready, died]);
      } finally {
        settled = true;
      }
    },
    discardLogs() {
      observed.child.stdout?.removeAllListeners("data");
      observed.child.stdout?.resume();
    },
    workerPid() {
      const started = observed.lines.findLast((l) => l.msg === "worker started");
      if (typeof started?.childPid !== "number") throw new Error("no worker started yet");
      return started.childPid;
    },
    submit(body) {
      return fetch(`${base}/api/analyses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    },
    async stop(timeoutMs = 35_000) {
      const start = Date.now();
      if (observed.child.exitCode === null && observed.child.signalCode === null)
        process.kill(observed.pid, "SIGTERM");
      try {
        const exit = await observed.waitExit(timeoutMs);
        return { ...exit, ms: Date.now() - start };
      } finally {
        observed.cleanup();
      }
    },
  };
  await service.workerReady();
  return service;
}

/** Submits and returns the job id, failing loudly on anything but 202. */
export async function submitOk(
  service: Service,
  body: { repoUrl: string; ref?: string; force?: boolean },
): Promise<string> {
  const response = await service.submit(body);
  const text = await response.text();
  if (response.status !== 202) throw new Error(`submit answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

export interface AnalysisView {
  id: string;
  status: string;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error?: { code: string; message: string };
}

export async function getAnalysis(service: Service, id: string): Promise<AnalysisView> {
  const response = await fetch(`${service.base}/api/analyses/${id}`);
  if (!response.ok) throw new Error(`GET ${id} answered ${response.status}`);
  return (await response.json()) as AnalysisView;
}

/** Every descendant of `root` (children, grandchildren, ...), from /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may hold spaces and parentheses; the fields after its last ")" do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** One process of a tree and its resident set. */
export interface ProcessRss {
  pid: number;
  /** The script a node process runs (e.g. `api/main.ts`), else the program's name. */
  name: string;
  mb: number;
  /** Proportional set size: shared pages split between the processes that map them. */
  pssMb: number;
}

/**
 * VmRSS (and PSS) of `root` and all its descendants, from /proc; `mb` and `pssMb` are the sums.
 * Summed RSS counts a page shared by several processes (Node's own code) once per process;
 * summed PSS counts it once, as the cgroup's memory limit does.
 */
export function treeRss(root: number): { mb: number; pssMb: number; parts: ProcessRss[] } {
  const parts: ProcessRss[] = [];
  for (const pid of [root, ...descendants(root)]) {
    try {
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (!match?.[1]) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const script = argv.find((a) => a.endsWith(".ts") || a.endsWith(".js"));
      const name = script ? script.split("/").slice(-2).join("/") : path.basename(argv[0] ?? "?");
      const pss = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      parts.push({ pid, name, mb: Number(match[1]) / 1024, pssMb: Number(pss?.[1] ?? 0) / 1024 });
    } catch {
      // exited while we looked
    }
  }
  return {
    mb: parts.reduce((sum, p) => sum + p.mb, 0),
    pssMb: parts.reduce((sum, p) => sum + p.pssMb, 0),
    parts,
  };
}
