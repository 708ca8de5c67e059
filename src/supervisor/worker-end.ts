import { constants } from "node:os";
import type { WorkerEnd } from "../config/index.ts";
import type { Exit } from "./process-group.ts";

/** What the supervisor knows about a worker run that just ended. */
export interface WorkerRunEnd {
  exit: Exit;
  /** Why the supervisor was recycling the worker when it ended; null when it was not. */
  recycledFor: "memory" | "jobs" | null;
  /** The supervisor SIGKILLed it for outliving a recycle's deadline. */
  forced: boolean;
  /** The supervisor SIGKILLed it for not answering its liveness probes. */
  hung?: boolean;
  /** Whether the cgroup's `oom_kill` counter rose during the run; null when it is unreadable. */
  oomKillRose: boolean | null;
}

/**
 * Signals a process raises on itself when its own code goes wrong; any other signal was sent
 * from outside (an operator, the platform, a deploy).
 */
const SELF_INFLICTED = new Set<string>([
  "SIGSEGV",
  "SIGBUS",
  "SIGILL",
  "SIGFPE",
  "SIGTRAP",
  "SIGSYS",
]);

/**
 * Tells a death a job may have caused (it ran out of memory, or crashed) from one that came from
 * outside (`killed`) and from the supervisor's own recycling, so that the next worker counts
 * only the former against the job it hands back. Pure: the caller reads the cgroup counter.
 *
 * @example
 * classifyWorkerEnd({ exit: { code: null, signal: "SIGABRT" }, recycledFor: null, forced: false, oomKillRose: null });
 * // "out-of-memory": V8's "JavaScript heap out of memory" aborts
 */
export function classifyWorkerEnd(run: WorkerRunEnd): WorkerEnd {
  const signal = signalOf(run.exit);
  // The worker runs with --max-old-space-size; V8 calls abort() when the heap reaches it.
  if (signal === "SIGABRT") return "out-of-memory";
  // Its job may be what hangs it (a parser that never returns): counted like a crash.
  if (run.hung) return "hung";
  // Over WORKER_MAX_RSS_MB and unable to finish its job before the deadline: the next worker
  // would take the same job to the same size, which is the loop this classification exists for.
  if (run.forced) return run.recycledFor === "memory" ? "out-of-memory" : "recycled";
  // The kernel's OOM killer raises the counter before it sends SIGKILL, so the rise is visible
  // by the time the exit is. It may have killed another process of the container during the
  // run; a SIGKILL then is still more likely memory than an operator.
  if (signal === "SIGKILL" && run.oomKillRose === true) return "out-of-memory";
  if (run.recycledFor !== null) return "recycled";
  if (signal === null) return run.exit.code === 0 ? "killed" : "crashed";
  return SELF_INFLICTED.has(signal) ? "crashed" : "killed";
}

/**
 * The signal that ended a process, also when a shell in between reported it as 128 + n (a
 * foreign worker's command line that does not `exec` its program).
 */
function signalOf(exit: Exit): string | null {
  if (exit.signal) return exit.signal;
  if (exit.code === null || exit.code <= 128) return null;
  const number = exit.code - 128;
  return Object.entries(constants.signals).find(([, n]) => n === number)?.[0] ?? null;
}
