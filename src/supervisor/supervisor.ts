import type { Logger } from "pino";
import type { Env } from "../config/index.ts";
import { childMessage, childMessageType } from "../ipc/protocol.ts";
import { ManagedChild, type RunEnd, type StopResult } from "./child.ts";
import { byDeadline } from "./deadline.ts";
import type { EmbeddedServiceSpec } from "./embedded/service.ts";
import { waitForHttpOk } from "./http-ready.ts";
import { type Probe, watchLiveness } from "./liveness.ts";
import type { LogMux } from "./log-mux.ts";
import { OrphanGuard } from "./orphan-guard.ts";
import type { ServiceSpec, SupervisorPlan } from "./plan.ts";
import { healthCommand, httpOk, ipcPing, processState } from "./probes.ts";
import { type Command, exitCodeOf } from "./process-group.ts";
import { RestartPolicy } from "./restart-policy.ts";
import { WorkerWatch } from "./worker-watch.ts";

/** Seconds the orphan guard gives children between TERM and KILL when the supervisor died. */
const ORPHAN_GRACE_S = 2;
/** Share of the shutdown deadline the worker gets alone before the API is asked to stop too. */
const WORKER_FIRST_SHARE = 0.6;
const EMBEDDED_READY_MS = 30_000;
/** How long a clean shutdown waits for the orphan guard, which has nothing left to kill, to exit. */
const GUARD_EXIT_MS = 1000;

export interface SupervisorDeps {
  env: Env;
  plan: SupervisorPlan;
  mux: LogMux;
  logger: Logger;
}

/**
 * Composes the small parts (children with restart policies, the log stream, the orphan guard,
 * the worker's watch) into the container's life: embedded services, API (which migrates the
 * schema before it listens), health, worker; then one shutdown path whatever ended it. `run()` resolves with the exit code.
 */
export class Supervisor {
  readonly #env: Env;
  readonly #plan: SupervisorPlan;
  readonly #mux: LogMux;
  readonly #log: Logger;
  readonly #guard = OrphanGuard.start(ORPHAN_GRACE_S);
  readonly #services: ManagedChild[] = [];
  #api: ManagedChild | null = null;
  #worker: ManagedChild | null = null;
  #watch: WorkerWatch | null = null;
  readonly #watchdogs: Array<{ stop(): void }> = [];
  #stopping: Promise<number> | null = null;
  #resolveExit: (code: number) => void = () => undefined;
  readonly #startAborted = new AbortController();

  constructor(deps: SupervisorDeps) {
    this.#env = deps.env;
    this.#plan = deps.plan;
    this.#mux = deps.mux;
    this.#log = deps.logger;
  }

  /** Starts everything and resolves with the process exit code once everything has stopped. */
  run(): Promise<number> {
    const exited = new Promise<number>((resolve) => {
      this.#resolveExit = resolve;
    });
    this.#boot().catch((error: Error & { code?: string }) => {
      this.#log.fatal({ err: error, code: error.code ?? "START_FAILED" }, error.message);
      void this.shutdown(`start-up failed: ${error.message}`, 1);
    });
    return exited;
  }

  /**
   * Stops everything once; later calls return the same promise. The worker is asked first so
   * it can finish or hand back its job while the API still answers; the API follows when the
   * worker is gone or after its share of the deadline; every group still alive at
   * SHUTDOWN_TIMEOUT_MS is SIGKILLed.
   */
  shutdown(reason: string, failureCode = 0): Promise<number> {
    this.#stopping ??= this.#stopAll(reason, failureCode).then((code) => {
      this.#resolveExit(code);
      return code;
    });
    return this.#stopping;
  }

  /** A second Ctrl-C: no more waiting. */
  killNow(): void {
    this.#log.warn("second interrupt: killing every child now");
    for (const child of this.#children()) child.kill();
  }

  /** The container's start, in order: stand-ins, API (until it answers), worker. */
  async #boot(): Promise<void> {
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      REPOLENS_SUPERVISED: "1",
      PORT: String(this.#env.PORT),
    };
    await this.#startStandIns(childEnv);
    if (this.#stopping) return;
    await this.#startApi(childEnv);
    if (this.#stopping) return;
    await this.#startWorker(childEnv);
    this.#log.info(
      {
        role: this.#env.ROLE,
        port: this.#plan.api ? this.#env.PORT : null,
        apiPid: this.#api?.pid ?? null,
        workerPid: this.#worker?.pid ?? null,
      },
      "supervisor is up",
    );
  }

  /**
   * Local Redis and Postgres for the URLs that are missing, their URLs put in `childEnv`. Their
   * code (and pg, execa) is loaded only then: a production supervisor never needs it, and every
   * module costs resident memory for the container's life.
   */
  async #startStandIns(childEnv: NodeJS.ProcessEnv): Promise<void> {
    const { env, plan } = { env: this.#env, plan: this.#plan };
    if (plan.embedded.redis) {
      const { embeddedRedis } = await import("./embedded/redis.ts");
      const redis = await this.#startEmbedded(await embeddedRedis(env.REDIS_SERVER_BIN));
      childEnv.REDIS_URL = redis.url;
    }
    if (plan.embedded.postgres) {
      const { embeddedPostgres } = await import("./embedded/postgres.ts");
      const postgres = await this.#startEmbedded(
        await embeddedPostgres(env.EMBEDDED_PG_DIR, this.#log),
      );
      childEnv.DATABASE_URL = postgres.url;
    }
  }

  /** Starts the API and waits until its health path answers (API_NOT_READY past the bound). */
  async #startApi(childEnv: NodeJS.ProcessEnv): Promise<void> {
    const { env, plan } = { env: this.#env, plan: this.#plan };
    if (!plan.api) return;
    this.#api = this.#child(
      "api",
      plan.api.command,
      childEnv,
      plan.api.own,
      env.API_MAX_RESTARTS + 1,
    );
    this.#api.on("spawn", () => this.#watch?.publish());
    this.#api.on("message", (message) => {
      if (childMessageType(message) === "schema-current")
        schemaIsCurrent(childEnv, "api", this.#log);
    });
    this.#watchLiveness(this.#api, plan.api, plan.healthUrl, childEnv);
    this.#api.start();
    if (!plan.healthUrl) return;
    const api = this.#api;
    const ready = await waitForHttpOk(plan.healthUrl, {
      timeoutMs: env.API_START_TIMEOUT_MS,
      signal: this.#startAborted.signal,
      // RepoLens's API says when it listens: asked then, and polled seldom meanwhile (each
      // refused connection is CPU of a start that has a tenth of a CPU on Render's free tier).
      ...(plan.api.own
        ? { intervalMs: 500, wake: (now: () => void) => onListening(api, now) }
        : {}),
    });
    if (this.#stopping) return;
    if (!ready) {
      throw Object.assign(
        new Error(`the API did not answer ${plan.healthUrl} within ${env.API_START_TIMEOUT_MS} ms`),
        { code: "API_NOT_READY" },
      );
    }
    this.#log.info({ url: plan.healthUrl }, "api is ready");
  }

  /** Starts the worker with its watch (readiness, memory, how each run ended) and watchdog. */
  async #startWorker(childEnv: NodeJS.ProcessEnv): Promise<void> {
    const { env, plan } = { env: this.#env, plan: this.#plan };
    if (!plan.worker) return;
    const api = this.#api;
    const watch = await WorkerWatch.create({
      env,
      log: this.#log,
      // Only RepoLens's own API listens; a foreign one has no IPC channel.
      publish: (message) => (plan.api?.own ? api?.send(message) : undefined),
      reportsReadiness: plan.worker.own,
    });
    this.#watch = watch;
    this.#worker = this.#child(
      "worker",
      plan.worker.command,
      // Whatever the supervisor's own environment says, the first worker's predecessor, if
      // any, ended before this supervisor could see it.
      { ...childEnv, REPOLENS_PREVIOUS_WORKER_EXIT: "unknown" },
      plan.worker.own,
      env.CRASH_LOOP_MAX,
      // Tells the next worker how this one ended, so that it counts against the job it
      // hands back only a death the job may have caused.
      async (end) => ({ ...childEnv, REPOLENS_PREVIOUS_WORKER_EXIT: await watch.endOf(end) }),
    );
    watch.attach(this.#worker);
    // The API checks the schema once it listens, so the first worker checks it too (one query
    // when current; the migrations' lock orders the two on a new database): its readiness says
    // it found the schema current.
    this.#worker.on("message", (message) => {
      if (isReady(message)) schemaIsCurrent(childEnv, "worker", this.#log);
    });
    this.#watchLiveness(this.#worker, plan.worker, null, childEnv);
    this.#worker.start();
  }

  #child(
    name: string,
    command: Command,
    env: NodeJS.ProcessEnv,
    own: boolean,
    maxFailures: number,
    restartEnv?: (end: RunEnd) => Promise<NodeJS.ProcessEnv>,
  ): ManagedChild {
    const child = new ManagedChild({
      name,
      command,
      env,
      restartEnv,
      ipc: own,
      policy: new RestartPolicy({
        baseMs: this.#env.RESTART_BACKOFF_MS,
        maxMs: this.#env.RESTART_BACKOFF_MAX_MS,
        stableMs: this.#env.RESTART_STABLE_MS,
        maxFailures,
        windowMs: this.#env.CRASH_LOOP_WINDOW_MS,
      }),
      mux: this.#mux,
      guard: this.#guard,
      logger: this.#log,
    });
    child.on("give-up", (exit) => {
      void this.shutdown(`${name} cannot stay up`, exitCodeOf(exit) || 1);
    });
    return child;
  }

  /**
   * The watchdog of one child: RepoLens's own children answer an IPC ping, the API its health
   * path, a worker given `--worker-health` that command; a child with none of these is watched
   * by its process state alone.
   */
  #watchLiveness(
    child: ManagedChild,
    spec: ServiceSpec,
    healthUrl: string | null,
    env: NodeJS.ProcessEnv,
  ): void {
    const { LIVENESS_TIMEOUT_MS: timeoutMs, LIVENESS_INTERVAL_MS: intervalMs } = this.#env;
    const probesFor = (pid: number): Probe[] => {
      const probes: Probe[] = [];
      // Half an interval: an unanswered ping is given up before the next tick asks again.
      if (spec.own) probes.push(ipcPing(child, intervalMs / 2));
      if (healthUrl) probes.push(httpOk(healthUrl, timeoutMs));
      if (spec.health) probes.push(healthCommand(spec.health, env, timeoutMs));
      if (probes.length === 0) probes.push(processState(pid));
      return probes;
    };
    const options = { intervalMs, timeoutMs, startGraceMs: this.#env.API_START_TIMEOUT_MS };
    this.#watchdogs.push(watchLiveness(child, probesFor, options, this.#log));
  }

  async #startEmbedded(spec: EmbeddedServiceSpec): Promise<EmbeddedServiceSpec> {
    const child = new ManagedChild({
      name: spec.name,
      command: spec.command,
      env: process.env,
      uid: spec.uid,
      gid: spec.gid,
      stopSignal: spec.stopSignal,
      policy: null,
      mux: this.#mux,
      guard: this.#guard,
      logger: this.#log,
    });
    child.on("exit", (exit) => {
      if (!this.#stopping)
        void this.shutdown(`embedded ${spec.name} exited`, exitCodeOf(exit) || 1);
    });
    this.#services.push(child);
    child.start();
    if (!(await spec.ready(EMBEDDED_READY_MS))) {
      throw Object.assign(new Error(`embedded ${spec.name} did not become ready`), {
        code: "EMBEDDED_NOT_READY",
      });
    }
    this.#log.info({ service: spec.name, url: spec.url }, `embedded ${spec.name} is ready`);
    return spec;
  }

  *#children(): Iterable<ManagedChild> {
    if (this.#worker) yield this.#worker;
    if (this.#api) yield this.#api;
    yield* this.#services;
  }

  async #stopAll(reason: string, failureCode: number): Promise<number> {
    const started = Date.now();
    const deadline = started + this.#env.SHUTDOWN_TIMEOUT_MS;
    this.#log.info({ reason, deadlineMs: this.#env.SHUTDOWN_TIMEOUT_MS }, "shutting down");
    this.#startAborted.abort();
    this.#watch?.stop();
    for (const watchdog of this.#watchdogs) watchdog.stop();

    const workerStop = this.#worker?.stop(deadline) ?? Promise.resolve(idle);
    const apiTurn = started + (deadline - started) * WORKER_FIRST_SHARE;
    const apiStop = byDeadline(workerStop, apiTurn).then(() => this.#api?.stop(deadline) ?? idle);
    const results: StopResult[] = await Promise.all([workerStop, apiStop]);
    for (const service of [...this.#services].reverse()) results.push(await service.stop(deadline));
    // Waited for, so that nothing of the tree outlives the supervisor's own exit.
    this.#guard.close();
    await byDeadline(this.#guard.exited, Date.now() + GUARD_EXIT_MS);

    const unclean = results.find((r) => r.forced || !stoppedCleanly(r));
    const code =
      failureCode ||
      (unclean
        ? unclean.forced
          ? 137
          : exitCodeOf(unclean.exit ?? { code: 1, signal: null })
        : 0);
    this.#log.info({ exitCode: code, tookMs: Date.now() - started }, "supervisor stopped");
    return code;
  }
}

const idle: StopResult = { exit: null, forced: false };

/**
 * Every child started from now on skips the schema check: one has found the schema current, and
 * a restart in a Postgres outage must not fail on it. The API's runs share `env` itself, the
 * worker's restarts copy it. Said once in the log, which is how a restart's missing check is
 * explained.
 */
function schemaIsCurrent(env: NodeJS.ProcessEnv, child: string, log: Logger): void {
  if (env.REPOLENS_SCHEMA_CURRENT === "1") return;
  env.REPOLENS_SCHEMA_CURRENT = "1";
  log.info({ child }, "the schema is current: later starts skip its check");
}

/** Calls `now` on each of the API's "listening" messages; returns the unsubscriber. */
function onListening(api: ManagedChild, now: () => void): () => void {
  const listener = (message: unknown) => {
    if (childMessageType(message) === "listening") now();
  };
  api.on("message", listener);
  return () => api.off("message", listener);
}

function isReady(raw: unknown): boolean {
  const parsed = childMessage.safeParse(raw);
  return parsed.success && parsed.data.type === "readiness" && parsed.data.state === "ready";
}

/** Exit code 0, or the stop signal itself ended it: both mean the child did what was asked. */
function stoppedCleanly(result: StopResult): boolean {
  const exit = result.exit;
  if (!exit) return true;
  return exit.code === 0 || exit.signal === "SIGTERM" || exit.signal === "SIGINT";
}
