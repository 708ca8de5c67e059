import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { freeLoopbackPort } from "../../src/supervisor/embedded/free-port.ts";
import { cpuUsageFile, memoryStatFile } from "./cgroup.ts";
import { podman, podmanRun } from "./podman.ts";

/** What every container of one check run shares: the image, services and the git host. */
export interface ContainerSetup {
  image: string;
  /** Label value put on every container of this run, so cleanup finds them all. */
  runLabel: string;
  redisUrl: string;
  databaseUrl: string;
  queuePrefix: string;
  gitHost: { name: string; address: string; caFile: string };
}

interface Health {
  status?: string;
  worker_ok?: boolean;
  worker?: { pid?: number; state?: string; restarts?: number } | null;
}

export interface Container {
  name: string;
  base: string;
  /** The cgroup memory.stat of the container, as the host sees it. */
  statFile: string;
  /** The cgroup file that counts the container's CPU time (`readCpuMs`). */
  cpuFile: string;
  /** `podman run` to /api/health answering worker_ok: true, ms. */
  startToHealthyMs: number;
  /** `podman run` to the API listening (its log line's time): when Render's check can pass. */
  startToApiMs: number;
  health(): Promise<Health | null>;
  logs(): Promise<string>;
}

/** The label every container and image of a check run carries. */
export const RUN_LABEL = "org.repolens.check-run";
const CA_IN_CONTAINER = "/run/repolens/git-ca.pem";

/**
 * Starts the image as Render runs it: a 512 MB limit without swap, PORT, NODE_ENV=production,
 * the services by URL (here the machine's, over the host's network), optionally a CPU quota,
 * and waits for `/api/health` to say the worker can take jobs. The git host is a named private
 * host (PRIVATE_GIT_HOSTS) behind its own CA (GIT_CA_BUNDLE), as a self-hosted GitLab would be.
 *
 * @example
 * const c = await startContainer(setup, "repolens-check-a", { cpus: "0.1", healthyWithinMs: 60_000 });
 */
export async function startContainer(
  setup: ContainerSetup,
  name: string,
  options: { cpus?: string; healthyWithinMs: number; env?: Record<string, string> },
): Promise<Container> {
  const port = await freeLoopbackPort();
  const env: Record<string, string> = {
    PORT: String(port),
    NODE_ENV: "production",
    REDIS_URL: setup.redisUrl,
    DATABASE_URL: setup.databaseUrl,
    QUEUE_PREFIX: setup.queuePrefix,
    ALLOWED_GIT_HOSTS: setup.gitHost.name,
    PRIVATE_GIT_HOSTS: setup.gitHost.name,
    GIT_CA_BUNDLE: CA_IN_CONTAINER,
    // The check submits a handful of jobs from one address within a minute.
    RATE_LIMIT_PER_MIN: "60",
    ...options.env,
  };
  const args = [
    "run",
    "--detach",
    "--name",
    name,
    "--label",
    `${RUN_LABEL}=${setup.runLabel}`,
    "--network",
    "host",
    "--memory",
    "512m",
    "--memory-swap",
    "512m",
    ...(options.cpus ? ["--cpus", options.cpus] : []),
    "--add-host",
    `${setup.gitHost.name}:${setup.gitHost.address}`,
    "--volume",
    `${setup.gitHost.caFile}:${CA_IN_CONTAINER}:ro`,
    ...Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    setup.image,
  ];
  const started = Date.now();
  await podman(args);
  const pid = Number((await podman(["inspect", "--format", "{{.State.Pid}}", name])).trim());
  const base = `http://127.0.0.1:${port}`;
  const container: Container = {
    name,
    base,
    statFile: memoryStatFile(pid),
    cpuFile: cpuUsageFile(pid),
    startToHealthyMs: 0,
    startToApiMs: 0,
    async health() {
      try {
        const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
        return response.ok ? ((await response.json()) as Health) : null;
      } catch {
        return null;
      }
    },
    async logs() {
      const run = await podmanRun(["logs", "--tail", "40", name]);
      return `${run.stdout}${run.stderr}`;
    },
  };
  // Followed by its log, not by polling: each /api/health answered costs the container CPU,
  // which at 0.1 CPU would slow the very start being measured. One poll confirms what the log says.
  const log = followLog(name);
  try {
    const listening = await log.next(
      (line) => line.msg === "api listening",
      options.healthyWithinMs,
    );
    container.startToApiMs = (listening.time ?? Date.now()) - started;
    await log.next((line) => line.msg === "worker is ready", options.healthyWithinMs);
  } catch (error) {
    if (!(await isRunning(name))) throw new Error(`${name} exited:\n${await container.logs()}`);
    throw new Error(`${name} healthy with its worker: ${(error as Error).message}`);
  } finally {
    log.stop();
  }
  await waitFor(`${name} healthy with its worker`, options.healthyWithinMs, 100, async () => {
    if (!(await isRunning(name))) throw new Error(`${name} exited:\n${await container.logs()}`);
    return (await container.health())?.worker_ok === true;
  });
  container.startToHealthyMs = Date.now() - started;
  return container;
}

/** One line of the container's merged log (pino JSON). */
interface LogLine {
  msg?: string;
  /** When the process wrote it, ms since the epoch (the host's clock: same kernel). */
  time?: number;
}

/**
 * The container's log as it is written (`podman logs --follow`). `next` resolves with the
 * first line from now on that matches, and rejects when `withinMs` passes or the log ends
 * (the container is gone).
 */
function followLog(name: string) {
  const child = spawn("podman", ["logs", "--follow", name], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  let ended = false;
  const listeners = new Set<() => void>();
  const wake = () => {
    for (const listener of listeners) listener();
  };
  const reader = createInterface({ input: child.stdout });
  reader.on("line", (text) => {
    try {
      lines.push(JSON.parse(text) as LogLine);
      wake();
    } catch {
      // Not a pino line (tini, a crash trace): nothing waited for.
    }
  });
  child.once("close", () => {
    ended = true;
    wake();
  });
  let seen = 0;
  return {
    next(match: (line: LogLine) => boolean, withinMs: number): Promise<LogLine> {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (; seen < lines.length; seen++) {
            const line = lines[seen] as LogLine;
            if (match(line)) {
              seen++;
              return done(() => resolve(line));
            }
          }
          if (ended) done(() => reject(new Error("the container's log ended")));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`not within ${withinMs} ms`))),
          withinMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    stop() {
      reader.close();
      child.kill("SIGKILL");
    },
  };
}

export async function isRunning(name: string): Promise<boolean> {
  const run = await podmanRun(["inspect", "--format", "{{.State.Running}}", name]);
  return run.stdout.trim() === "true";
}

/**
 * Polls `ready` every `everyMs` until it returns true; throws when `withinMs` passes first, or
 * when `ready` throws (a condition that can no longer come true).
 */
export async function waitFor(
  what: string,
  withinMs: number,
  everyMs: number,
  ready: () => Promise<boolean>,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await ready()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The container's processes as podman sees them: pid (in the container) and command line. */
export async function processes(name: string): Promise<{ pid: number; args: string }[]> {
  const out = await podman(["top", name, "pid", "args"]);
  return out
    .split("\n")
    .slice(1)
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2] as string }));
}
