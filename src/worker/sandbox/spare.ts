import type { ChildProcess } from "node:child_process";
import { type SandboxLaunch, startSandbox } from "./run.ts";

/**
 * One sandboxed process started before the job that will take it, so that a job finds its
 * process already loaded: Node's start and the analysis code are most of a small job's CPU,
 * and at Render's 0.1 CPU each of their milliseconds is ten of the user's waiting
 * (docs/PERFORMANCE.md, "A process started ahead"). It waits on its stdin, where
 * `serveSandboxed` reads a job's input; it has done nothing of any job and is used for one
 * only, so crash and memory isolation stay as they were. The price is its memory while the
 * worker is idle (about 20 MB, counted in the container's idle figure).
 *
 * It is killed by `close()`, or by its own side when the worker dies (its channel closes).
 */
export class SpareSandbox {
  #waiting: { key: string; child: ChildProcess } | undefined;
  #closed = false;

  /** Starts a process for `launch` unless one for it waits already; nothing after `close()`. */
  fill(launch: SandboxLaunch): void {
    if (this.#closed) return;
    const key = keyOf(launch);
    if (this.#waiting?.key === key && isUsable(this.#waiting.child)) return;
    this.#discard();
    const child = startSandbox(launch);
    const waiting = { key, child };
    // Until a run takes it, nobody else listens: a failed spawn or a broken pipe is no uncaught
    // error, and a spare that ends is forgotten.
    child.on("error", () => undefined);
    for (const stream of child.stdio) stream?.on("error", () => undefined);
    child.once("exit", () => {
      if (this.#waiting === waiting) this.#waiting = undefined;
    });
    this.#waiting = waiting;
  }

  /**
   * The waiting process, if it was started for the same launch and still runs; from then on
   * it is the caller's. Otherwise undefined (and a mismatched spare is killed).
   */
  take(launch: SandboxLaunch): ChildProcess | undefined {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (!waiting) return undefined;
    if (waiting.key === keyOf(launch) && isUsable(waiting.child)) return waiting.child;
    waiting.child.kill("SIGKILL");
    return undefined;
  }

  /** Kills the waiting process and starts no other. */
  close(): void {
    this.#closed = true;
    this.#discard();
  }

  #discard(): void {
    this.#waiting?.child.kill("SIGKILL");
    this.#waiting = undefined;
  }
}

function keyOf(launch: SandboxLaunch): string {
  const env = Object.keys(launch.env)
    .sort()
    .map((name) => [name, launch.env[name]]);
  return JSON.stringify([launch.entry, launch.heapMb, env]);
}

/** Started, and not known to have ended (its exit event may not have come yet). */
function isUsable(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}
