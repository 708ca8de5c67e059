import { type Serializable, spawn } from "node:child_process";
import { constants } from "node:os";
import type { Readable } from "node:stream";

/** What a supervised program is: a file and its argv, not a shell string. */
export interface Command {
  file: string;
  args: string[];
}

export interface SpawnSpec {
  command: Command;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Give the child a Node IPC channel (RepoLens's own children only). */
  ipc?: boolean;
  /** Run as this user/group (embedded Postgres refuses to run as root). */
  uid?: number;
  gid?: number;
}

/** How a process ended: an exit code, or the signal that killed it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GroupProcess {
  /** Also the process group id: the child leads a group of its own. */
  readonly pid: number;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Resolves when the child itself exits (its grandchildren may still hold the pipes). */
  readonly exited: Promise<Exit>;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * Starts a child as the leader of a new process group, so a signal to the group reaches every
 * process it started (a `git`, a shell), and a terminal's Ctrl-C reaches only the supervisor.
 */
export function spawnInGroup(spec: SpawnSpec): GroupProcess {
  // node:child_process rather than execa: a supervisor needs the raw lifecycle (exit vs close,
  // the IPC channel, a detached group) and none of execa's promise-shaped results.
  const child = spawn(spec.command.file, spec.command.args, {
    env: spec.env,
    cwd: spec.cwd,
    detached: true,
    stdio: spec.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    serialization: "json",
    uid: spec.uid,
    gid: spec.gid,
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    // spawn failures (ENOENT, EACCES) emit "error" and no "exit"; 127 is the shell's "not found".
    child.once("error", () => resolve({ code: 127, signal: null }));
  });
  return {
    pid: child.pid ?? -1,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    send(message) {
      if (child.connected) child.send(message as Serializable, (error) => error && undefined);
    },
    onMessage(listener) {
      child.on("message", listener);
    },
  };
}

/** Signals a whole process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  return pgid > 0 && deliver(-pgid, signal);
}

/** Signals one process; one that is already gone is not an error. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  return pid > 0 && deliver(pid, signal);
}

function deliver(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/** 128 + signal number, the shell's convention for "killed by a signal". */
export function exitCodeOf(exit: Exit): number {
  if (exit.code !== null) return exit.code;
  return 128 + (exit.signal ? (constants.signals[exit.signal] ?? 0) : 0);
}
