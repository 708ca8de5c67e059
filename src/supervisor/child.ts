import { EventEmitter } from "node:events";
import type { Logger } from "pino";
// A child that exits with EX_CONFIG has an invalid environment: restarting cannot help.
import { EXIT_CONFIG } from "../config/exit.ts";
import { byDeadline } from "./deadline.ts";
import type { LogMux } from "./log-mux.ts";
import type { OrphanGuard } from "./orphan-guard.ts";
import {
  type Command,
  type Exit,
  type GroupProcess,
  signalGroup,
  signalProcess,
  spawnInGroup,
} from "./process-group.ts";
import type { RestartPolicy } from "./restart-policy.ts";

/** How long the supervisor waits for a dead child's pipes to drain before moving on. */
const LOG_DRAIN_MS = 1000;

export interface ChildOptions {
  /** Service name: the `svc` of its log lines. */
  name: string;
  command: Command;
  env: NodeJS.ProcessEnv;
  /** Node IPC channel for RepoLens's own children. Default false. */
  ipc?: boolean;
  uid?: number;
  gid?: number;
  /** Signal that asks the child to stop. Default SIGTERM (Postgres wants SIGINT). */
  stopSignal?: NodeJS.Signals;
  /** Restart policy; null means the child is never restarted (embedded services, one-shot hooks). */
  policy: RestartPolicy | null;
  /**
   * Environment of the run that replaces one that ended (`env` otherwise), so the next run can
   * learn how its predecessor ended. Awaited before the restart is scheduled.
   */
  restartEnv?: (end: RunEnd) => NodeJS.ProcessEnv | Promise<NodeJS.ProcessEnv>;
  mux: LogMux;
  guard: OrphanGuard;
  logger: Logger;
  /** How processes are started and signalled; tests pass fakes. Default: real process groups. */
  processes?: ProcessControl;
}

/** The operating system's side of a child, injectable so the state machine runs without it. */
export interface ProcessControl {
  spawn: typeof spawnInGroup;
  signalGroup: typeof signalGroup;
  signalProcess: typeof signalProcess;
}

const realProcesses: ProcessControl = { spawn: spawnInGroup, signalGroup, signalProcess };

export type ChildStatus = "idle" | "running" | "backoff" | "stopping" | "stopped" | "failed";

/** A child's observable state, as the supervisor reports it (to logs and to the API). */
export interface ChildState {
  status: ChildStatus;
  pid: number | null;
  restarts: number;
  startedAt: number | null;
  lastExit: (Exit & { at: number }) | null;
}

/** How a run that is about to be replaced ended. */
export interface RunEnd {
  exit: Exit;
  /** The run was replaced on purpose by `recycle()`, not because it failed. */
  recycled: boolean;
  /** It outlived the recycle's deadline and its group was SIGKILLed. */
  forced: boolean;
  /** It stopped answering its liveness probes and its group was SIGKILLed (`killHung()`). */
  hung: boolean;
}

export interface StopResult {
  exit: Exit | null;
  /** True when the child outlived its deadline and its group was SIGKILLed. */
  forced: boolean;
}

interface ChildEvents {
  spawn: [pid: number];
  /** The process itself is gone; `exit` follows once its logs are drained and its end judged. */
  ended: [exit: Exit];
  status: [status: ChildStatus];
  exit: [exit: Exit];
  "give-up": [exit: Exit];
  message: [message: unknown];
}

/**
 * One supervised program and its restart loop: `start()`, `stop(deadline)`, `recycle()` and an
 * observable `state`. Every signal that ends the child reaches its whole process group, and
 * when the child exits whatever it left behind in its group is killed, so no grandchild
 * survives it.
 */
export class ManagedChild extends EventEmitter<ChildEvents> {
  readonly name: string;
  readonly #options: ChildOptions;
  readonly #os: ProcessControl;
  #process: GroupProcess | null = null;
  #status: ChildStatus = "idle";
  #restarts = 0;
  #startedAt: number | null = null;
  #lastExit: ChildState["lastExit"] = null;
  #timer: NodeJS.Timeout | undefined;
  #recycling = false;
  #recycleForced = false;
  #hung = false;
  #env: NodeJS.ProcessEnv;
  #exitHandled: Promise<void> = Promise.resolve();

  constructor(options: ChildOptions) {
    super();
    this.name = options.name;
    this.#options = options;
    this.#os = options.processes ?? realProcesses;
    this.#env = options.env;
  }

  #setStatus(status: ChildStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.emit("status", status);
  }

  get state(): ChildState {
    return {
      status: this.#status,
      pid: this.#process?.pid ?? null,
      restarts: this.#restarts,
      startedAt: this.#startedAt,
      lastExit: this.#lastExit,
    };
  }

  get pid(): number | null {
    return this.#process?.pid ?? null;
  }

  start(): void {
    if (this.#status === "running" || this.#status === "stopping") return;
    const { command, ipc, uid, gid, mux, guard, logger } = this.#options;
    const child = this.#os.spawn({ command, env: this.#env, ipc, uid, gid });
    this.#process = child;
    this.#startedAt = Date.now();
    this.#setStatus("running");
    if (child.pid > 0) {
      guard.watch(child.pid);
      logger.info(
        { child: this.name, childPid: child.pid, restarts: this.#restarts },
        `${this.name} started`,
      );
      child.onMessage((message) => this.emit("message", message));
      this.emit("spawn", child.pid);
    } else {
      logger.error({ child: this.name, file: command.file }, `${this.name} could not be started`);
    }
    const logsDone = mux.attach(
      this.name,
      child.pid > 0 ? child.pid : undefined,
      child.stdout,
      child.stderr,
    );
    this.#exitHandled = child.exited.then((exit) => this.#onExit(child, exit, logsDone));
  }

  /** Sends a message over IPC; dropped when the child has no channel or is not running. */
  send(message: unknown): void {
    this.#process?.send(message);
  }

  /**
   * Asks the child to stop (its stop signal to the leader, so a worker can finish its job and
   * its `git`), then SIGKILLs the whole group at `deadline` (epoch ms). Cancels a pending restart.
   */
  async stop(deadline: number): Promise<StopResult> {
    clearTimeout(this.#timer);
    const child = this.#process;
    if (!child || this.#status === "stopped" || this.#status === "failed") {
      this.#setStatus(this.#status === "failed" ? "failed" : "stopped");
      return { exit: null, forced: false };
    }
    this.#setStatus("stopping");
    this.#os.signalProcess(child.pid, this.#options.stopSignal ?? "SIGTERM");
    let forced = false;
    if ((await byDeadline(child.exited, deadline)) === null) {
      forced = true;
      this.#options.logger.warn(
        { child: this.name, childPid: child.pid },
        `${this.name} outlived the shutdown deadline; SIGKILL to its process group`,
      );
      this.#os.signalGroup(child.pid, "SIGKILL");
    }
    const final = await child.exited;
    await this.#exitHandled;
    return { exit: final, forced };
  }

  /** Graceful restart that is not a failure (memory or job-count recycling). */
  async recycle(deadline: number): Promise<void> {
    if (this.#status !== "running" || !this.#process) return;
    this.#recycling = true;
    const child = this.#process;
    this.#os.signalProcess(child.pid, this.#options.stopSignal ?? "SIGTERM");
    if ((await byDeadline(child.exited, deadline)) === null) {
      this.#recycleForced = true;
      this.#os.signalGroup(child.pid, "SIGKILL");
    }
    await child.exited;
    await this.#exitHandled;
  }

  /**
   * SIGKILL to the group of a run that stopped answering; unlike `kill()`, it is a failure and
   * the child is restarted under its policy's backoff. Ignored unless the child is running.
   */
  killHung(): void {
    if (this.#status !== "running" || !this.#process) return;
    this.#hung = true;
    // A recycle in progress is no longer a graceful restart: it ends as a failure.
    this.#recycling = false;
    this.#os.signalGroup(this.#process.pid, "SIGKILL");
  }

  /** SIGKILL to the group now (a second Ctrl-C). */
  kill(): void {
    clearTimeout(this.#timer);
    if (this.#process) {
      this.#setStatus("stopping");
      this.#os.signalGroup(this.#process.pid, "SIGKILL");
    }
  }

  async #onExit(child: GroupProcess, exit: Exit, logsDone: Promise<void>): Promise<void> {
    const { guard, logger, policy, restartEnv } = this.#options;
    this.emit("ended", exit);
    // Whatever the child left in its group (a git, a shell) dies with it.
    this.#os.signalGroup(child.pid, "SIGKILL");
    const end: RunEnd = {
      exit,
      recycled: this.#recycling,
      forced: this.#recycleForced,
      hung: this.#hung,
    };
    this.#recycleForced = false;
    this.#hung = false;
    const replaced = this.#status !== "stopping" && policy !== null;
    // Before `#process` is cleared, like the log drain: a stop() meanwhile still finds the
    // child and waits for this handler, so no restart can be scheduled after it.
    const [, nextEnv] = await Promise.all([
      byDeadline(logsDone, Date.now() + LOG_DRAIN_MS),
      replaced && restartEnv ? restartEnv(end) : this.#env,
    ]);
    this.#env = nextEnv;
    if (child.pid > 0) guard.forget(child.pid);
    const now = Date.now();
    const ranForMs = now - (this.#startedAt ?? now);
    this.#process = null;
    this.#startedAt = null;
    this.#lastExit = { ...exit, at: now };
    this.emit("exit", exit);
    const facts = {
      child: this.name,
      childPid: child.pid,
      code: exit.code,
      signal: exit.signal,
      ranForMs,
    };

    if (this.#status === "stopping") {
      this.#setStatus("stopped");
      logger.info(facts, `${this.name} stopped`);
      return;
    }
    if (this.#recycling) {
      this.#recycling = false;
      this.#setStatus("idle");
      logger.info(facts, `${this.name} recycled`);
      this.#restarts += 1;
      this.start();
      return;
    }
    if (policy === null) {
      this.#setStatus(exit.code === 0 ? "stopped" : "failed");
      logger[exit.code === 0 ? "info" : "error"](facts, `${this.name} exited`);
      return;
    }
    const decision =
      exit.code === EXIT_CONFIG
        ? ({ action: "give-up", failures: 1 } as const)
        : policy.onFailure(now, ranForMs);
    if (decision.action === "give-up") {
      this.#setStatus("failed");
      logger.error(
        { ...facts, failures: decision.failures },
        `${this.name} exited and will not be restarted`,
      );
      this.emit("give-up", exit);
      return;
    }
    this.#setStatus("backoff");
    logger.warn(
      { ...facts, restartInMs: decision.delayMs },
      `${this.name} exited unexpectedly; restarting in ${decision.delayMs} ms`,
    );
    this.#timer = setTimeout(() => {
      this.#restarts += 1;
      this.start();
    }, decision.delayMs);
  }
}
