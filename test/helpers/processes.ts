import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";

export { freeLoopbackPort as freePort } from "../../src/supervisor/embedded/free-port.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURES = path.join(ROOT, "test/fixtures");

export interface LogLine {
  svc?: string;
  pid?: number;
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

/** A process under test whose stdout is read as JSON lines, with bounded waits on them. */
export class Observed {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: Array<() => void> = [];
  #pending = "";

  constructor(child: ChildProcess) {
    this.child = child;
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => this.#read(chunk));
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => this.raw.push(`[stderr] ${chunk}`));
    this.exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("process did not start");
    return this.child.pid;
  }

  #read(chunk: string): void {
    this.#pending += chunk;
    let index = this.#pending.indexOf("\n");
    while (index !== -1) {
      const line = this.#pending.slice(0, index);
      this.#pending = this.#pending.slice(index + 1);
      this.raw.push(line);
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        this.lines.push({ msg: line, notJson: true });
      }
      index = this.#pending.indexOf("\n");
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Waits until a line matches, failing after `timeoutMs` with the lines seen so far. */
  async waitFor(
    predicate: (line: LogLine) => boolean,
    timeoutMs = 15_000,
    description = "line",
  ): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${description}; last lines:\n${this.raw.slice(-15).join("\n")}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the process to exit within `timeoutMs`. */
  async waitExit(
    timeoutMs = 15_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `did not exit within ${timeoutMs} ms; last lines:\n${this.raw.slice(-15).join("\n")}`,
            ),
          ),
        timeoutMs,
      );
    });
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  /** SIGKILLs the process group if the test left it running. */
  cleanup(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Starts the supervisor from source, as `npm start` does, in a process group of its own; with
 * `cgroup`, inside that cgroup (its folder), which everything it starts then shares.
 */
export function startSupervisor(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { cgroup?: string } = {},
): Observed {
  const command = [process.execPath, path.join(ROOT, "src/supervisor/main.ts"), ...args];
  const [file = "", ...argv] = options.cgroup
    ? ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', options.cgroup, ...command]
    : command;
  const child = spawn(file, argv, {
    cwd: ROOT,
    env: { ...process.env, LOG_FORMAT: "json", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Observed(child);
}

/** True while a process with this pid exists (zombies excluded). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/**
 * Starts the supervisor as PID 1 of a new PID namespace (`unshare --pid --fork --mount-proc`),
 * the way a container without an init would.
 */
export function startSupervisorAsPid1(args: string[], env: NodeJS.ProcessEnv = {}): Observed {
  const child = spawn(
    "unshare",
    [
      "--pid",
      "--fork",
      "--mount-proc",
      process.execPath,
      path.join(ROOT, "src/supervisor/main.ts"),
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_FORMAT: "json", ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Observed(child);
}

/** The host pid of the process that is `nsPid` inside the PID namespace whose init is `initHostPid`. */
export function hostPid(initHostPid: number, nsPid: number): number | null {
  const namespace = readlinkOrNull(`/proc/${initHostPid}/ns/pid`);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || readlinkOrNull(`/proc/${entry}/ns/pid`) !== namespace) continue;
    const status = readFileOrNull(`/proc/${entry}/status`);
    const ids = /^NSpid:\s+(.*)$/m
      .exec(status ?? "")?.[1]
      ?.trim()
      .split(/\s+/)
      .map(Number);
    if (ids?.at(-1) === nsPid && !/^State:\s+Z/m.test(status ?? "")) return Number(entry);
  }
  return null;
}

/** The first child of a process (unshare's forked PID 1), or null. */
export function firstChild(pid: number): number | null {
  const children = readFileOrNull(`/proc/${pid}/task/${pid}/children`)?.trim();
  return children ? Number(children.split(/\s+/)[0]) : null;
}

function readlinkOrNull(file: string): string | null {
  try {
    return readlinkSync(file);
  } catch {
    return null;
  }
}

function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
