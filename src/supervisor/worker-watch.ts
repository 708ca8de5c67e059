import type { Logger } from "pino";
import type { Env, WorkerEnd } from "../config/index.ts";
import {
  childMessage,
  type Readiness,
  type SupervisorMessage,
  type WorkerStateName,
} from "../ipc/protocol.ts";
import type { ChildState, ManagedChild, RunEnd } from "./child.ts";
import { readRssMb } from "./memory.ts";
import { ownOomKillFiles, readOomKills } from "./oom-kills.ts";
import { classifyWorkerEnd } from "./worker-end.ts";

/**
 * Everything the supervisor watches in the worker besides keeping it running: its memory
 * (recycled above WORKER_MAX_RSS_MB) and job count (WORKER_MAX_JOBS), how each run ended, and
 * the state it publishes to the API for `/api/health`: the worker's own readiness merged with
 * the supervisor's view.
 */

type WatchEnv = Pick<
  Env,
  "RSS_SAMPLE_MS" | "WORKER_MAX_RSS_MB" | "WORKER_MAX_JOBS" | "SHUTDOWN_TIMEOUT_MS"
>;

export interface WorkerWatchOptions {
  env: WatchEnv;
  log: Logger;
  /** Where the state goes (the API's IPC channel); called on every change and every sample. */
  publish: (message: SupervisorMessage) => void;
  /** The worker tells its readiness over IPC (RepoLens's own); a foreign one is ready when running. */
  reportsReadiness: boolean;
  /** Injectable for tests: the RSS of a pid, the cgroup's OOM-kill counter. */
  readRss?: (pid: number) => Promise<number | null>;
  readOomKills?: () => Promise<number | null>;
}

interface Said {
  state: Readiness;
  reason: string | null;
}

/**
 * The published state: what the worker says while it runs, otherwise what the supervisor knows.
 *
 * @example
 * workerStateOf({ status: "backoff", ... }, null, "crashed", false);
 * // { state: "backoff", reason: "restarting after it crashed" }
 */
export function workerStateOf(
  child: Pick<ChildState, "status">,
  said: Said | null,
  lastEnd: WorkerEnd | null,
  ended: boolean,
  reportsReadiness: boolean,
): { state: WorkerStateName; reason: string | null } {
  const restarting = `restarting after it ${ENDED_BY[lastEnd ?? "unknown"]}`;
  switch (child.status) {
    case "idle":
      return { state: "starting", reason: "not started yet" };
    case "running":
      if (ended) return { state: "backoff", reason: "it exited; restarting" };
      if (!reportsReadiness) return { state: "ready", reason: null };
      return said ?? { state: "starting", reason: "the process is starting" };
    case "backoff":
      return { state: "backoff", reason: restarting };
    case "stopping":
      return { state: "stopping", reason: "the supervisor is stopping it" };
    case "stopped":
      return { state: "stopped", reason: "stopped by the supervisor" };
    case "failed":
      return { state: "stopped", reason: "it kept failing and will not be restarted" };
  }
}

const ENDED_BY: Record<WorkerEnd, string> = {
  "out-of-memory": "ran out of memory",
  crashed: "crashed",
  killed: "was killed",
  recycled: "was recycled",
  hung: "stopped answering",
  unknown: "exited",
};

/**
 * @example
 * const watch = await WorkerWatch.create({ env, log, publish: (m) => api.send(m), reportsReadiness: true });
 * const worker = new ManagedChild({ ..., restartEnv: async (end) => ({ ...env, REPOLENS_PREVIOUS_WORKER_EXIT: await watch.endOf(end) }) });
 * watch.attach(worker);
 */
export class WorkerWatch {
  readonly #options: WorkerWatchOptions;
  readonly #readRss: (pid: number) => Promise<number | null>;
  readonly #readOomKills: () => Promise<number | null>;
  #worker: ManagedChild | null = null;
  #sampler: NodeJS.Timeout | undefined;
  #jobsSinceStart = 0;
  #rssMb: number | null = null;
  #recyclingFor: "memory" | "jobs" | null = null;
  #oomKillsAtStart: number | null = null;
  #said: Said | null = null;
  #ended = false;
  /** How the last run ended, for /api/health; null until one has. */
  #lastEnd: WorkerEnd | null = null;

  private constructor(options: WorkerWatchOptions, readOomKills: () => Promise<number | null>) {
    this.#options = options;
    this.#readRss = options.readRss ?? readRssMb;
    this.#readOomKills = readOomKills;
  }

  /** Reads the OOM-kill counter's baseline before the first worker starts. */
  static async create(options: WorkerWatchOptions): Promise<WorkerWatch> {
    let read = options.readOomKills;
    if (!read) {
      const files = await ownOomKillFiles();
      read = () => readOomKills(files);
    }
    const watch = new WorkerWatch(options, read);
    watch.#oomKillsAtStart = await read();
    return watch;
  }

  /** Follows the worker's events and starts sampling its memory. */
  attach(worker: ManagedChild): void {
    this.#worker = worker;
    worker.on("spawn", () => {
      this.#jobsSinceStart = 0;
      this.#rssMb = null;
      this.#ended = false;
      this.publish();
    });
    worker.on("ended", () => {
      this.#ended = true;
      this.#said = null;
      this.publish();
    });
    worker.on("status", () => this.publish());
    worker.on("message", (message) => this.#onMessage(message));
    this.#sampler = setInterval(() => void this.#sample(), this.#options.env.RSS_SAMPLE_MS);
    this.#sampler.unref();
  }

  stop(): void {
    clearInterval(this.#sampler);
  }

  /** The published state now. */
  get state(): { state: WorkerStateName; reason: string | null } {
    const status = this.#worker?.state.status ?? "idle";
    return workerStateOf(
      { status },
      this.#said,
      this.#lastEnd,
      this.#ended,
      this.#options.reportsReadiness,
    );
  }

  /**
   * Classifies how a run ended, so the next worker counts against the job it hands back only a
   * death the job may have caused (REPOLENS_PREVIOUS_WORKER_EXIT).
   */
  async endOf(end: RunEnd): Promise<WorkerEnd> {
    const oomKills = await this.#readOomKills();
    const before = this.#oomKillsAtStart;
    const cause = classifyWorkerEnd({
      exit: end.exit,
      recycledFor: end.recycled ? this.#recyclingFor : null,
      forced: end.forced,
      hung: end.hung,
      oomKillRose: oomKills === null || before === null ? null : oomKills > before,
    });
    this.#oomKillsAtStart = oomKills;
    this.#recyclingFor = null;
    this.#lastEnd = cause;
    this.#options.log[cause === "out-of-memory" || cause === "hung" ? "warn" : "info"](
      { child: "worker", cause, code: end.exit.code, signal: end.exit.signal, oomKills },
      `worker ended: ${cause}`,
    );
    return cause;
  }

  /** Sends the state to the API (also when the API itself just restarted). */
  publish(): void {
    const child = this.#worker?.state;
    const { state, reason } = this.state;
    this.#options.publish({
      type: "worker-state",
      worker: {
        pid: this.#ended ? null : (child?.pid ?? null),
        state,
        reason,
        restarts: child?.restarts ?? 0,
        startedAt: child?.startedAt ?? null,
        lastExit: child?.lastExit
          ? {
              code: child.lastExit.code,
              signal: child.lastExit.signal,
              at: child.lastExit.at,
              cause: this.#lastEnd,
            }
          : null,
        rssMb: this.#rssMb,
      },
    });
  }

  #onMessage(raw: unknown): void {
    const parsed = childMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === "readiness") {
      if (this.#ended) return;
      this.#said = { state: message.state, reason: message.reason };
      this.#options.log.info(
        { child: "worker", readiness: message.state, reason: message.reason },
        `worker is ${message.state}`,
      );
      this.publish();
      return;
    }
    if (message.type !== "job-done") return;
    this.#jobsSinceStart += 1;
    const max = this.#options.env.WORKER_MAX_JOBS;
    if (max > 0 && this.#jobsSinceStart >= max) {
      this.#recycle("jobs", { jobs: this.#jobsSinceStart, max });
    }
  }

  #recycle(reason: "memory" | "jobs", facts: Record<string, unknown>): void {
    const worker = this.#worker;
    if (worker?.state.status !== "running") return;
    this.#options.log.info({ reason, ...facts }, "recycling the worker gracefully");
    this.#recyclingFor = reason;
    void worker.recycle(Date.now() + this.#options.env.SHUTDOWN_TIMEOUT_MS);
  }

  async #sample(): Promise<void> {
    const pid = this.#worker?.pid;
    if (!pid) return;
    this.#rssMb = await this.#readRss(pid);
    this.publish();
    const limit = this.#options.env.WORKER_MAX_RSS_MB;
    if (limit > 0 && this.#rssMb !== null && this.#rssMb > limit) {
      this.#recycle("memory", { rssMb: this.#rssMb, limitMb: limit });
    }
  }
}
