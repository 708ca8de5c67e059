import type { Logger } from "pino";
import type { ManagedChild } from "./child.ts";

/**
 * The watchdog: does each child still respond? A child can be alive for the kernel and useless
 * to everyone (stopped by SIGSTOP, its event loop stuck, deadlocked); no exit ever comes, so the
 * restart policy alone never acts. Each child gets probes; one that has not answered for
 * `timeoutMs` marks the child hung and the supervisor SIGKILLs its group and restarts it.
 */

/** One way of asking a child whether it responds. */
export interface Probe {
  /** For the log: "ipc ping", "GET /api/health", "health command", "process state". */
  name: string;
  /**
   * Resolves true when the child answered, false when it answered wrong (the answer is not
   * recorded). May take as long as it likes: a probe still in flight is not asked again, and
   * `signal` aborts it when the run ends.
   */
  check(signal: AbortSignal): Promise<boolean>;
}

export interface LivenessOptions {
  /** Milliseconds between probes. */
  intervalMs: number;
  /** A probe without an answer for this long marks the child hung. */
  timeoutMs: number;
  /** The same, before a run's first answer (a process still loading its code). */
  startGraceMs: number;
}

export interface HungFacts {
  probe: string;
  silentMs: number;
}

interface ProbeState {
  probe: Probe;
  lastOk: number;
  answered: boolean;
  inFlight: boolean;
}

/**
 * Probes one run of a child every `intervalMs`; calls `onHung` once, then stops.
 *
 * @example
 * const live = new Liveness([ipcPing(child)], { intervalMs: 5000, timeoutMs: 30_000, startGraceMs: 30_000 }, (facts) => child.killHung());
 * live.start(); // ... when the run ends:
 * live.stop();
 */
export class Liveness {
  readonly #options: LivenessOptions;
  readonly #onHung: (facts: HungFacts) => void;
  readonly #onAnswering: () => void;
  readonly #probes: ProbeState[];
  #timer: NodeJS.Timeout | undefined;
  #abort = new AbortController();
  #lastTick = 0;

  /** `onAnswering` is called once, when every probe has answered for the first time. */
  constructor(
    probes: Probe[],
    options: LivenessOptions,
    onHung: (facts: HungFacts) => void,
    onAnswering: () => void = () => undefined,
  ) {
    this.#options = options;
    this.#onHung = onHung;
    this.#onAnswering = onAnswering;
    this.#probes = probes.map((probe) => ({ probe, lastOk: 0, answered: false, inFlight: false }));
  }

  start(): void {
    const now = Date.now();
    this.#lastTick = now;
    for (const state of this.#probes) state.lastOk = now;
    this.#timer = setInterval(() => this.#tick(), this.#options.intervalMs);
    this.#timer.unref();
    this.#ask();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#abort.abort();
  }

  #tick(): void {
    const { intervalMs, timeoutMs, startGraceMs } = this.#options;
    const now = Date.now();
    // A tick this late means the supervisor itself did not run (a frozen container, a host that
    // slept): the silence is not the child's, so nobody is blamed for it.
    if (now - this.#lastTick > 2 * intervalMs + timeoutMs / 2) {
      for (const state of this.#probes) state.lastOk = now;
    }
    this.#lastTick = now;
    for (const state of this.#probes) {
      const limit = state.answered ? timeoutMs : Math.max(timeoutMs, startGraceMs);
      const silentMs = now - state.lastOk;
      if (silentMs > limit) {
        this.stop();
        this.#onHung({ probe: state.probe.name, silentMs });
        return;
      }
    }
    this.#ask();
  }

  #ask(): void {
    const signal = this.#abort.signal;
    for (const state of this.#probes) {
      if (state.inFlight) continue;
      state.inFlight = true;
      state.probe
        .check(signal)
        .catch(() => false)
        .then((ok) => {
          state.inFlight = false;
          if (!ok || signal.aborted) return;
          state.lastOk = Date.now();
          if (state.answered) return;
          state.answered = true;
          if (this.#probes.every((s) => s.answered)) this.#onAnswering();
        });
    }
  }
}

/**
 * Watches every run of `child` with the probes `probesFor(pid)` gives, and SIGKILLs the group of
 * a run that stops answering (the child then restarts under its usual backoff).
 *
 * @example
 * const watchdog = watchLiveness(worker, () => [ipcPing(worker)], options, log);
 * watchdog.stop(); // at shutdown
 */
export function watchLiveness(
  child: ManagedChild,
  probesFor: (pid: number) => Probe[],
  options: LivenessOptions,
  log: Logger,
): { stop(): void } {
  let current: Liveness | null = null;
  let stopped = false;
  const end = () => {
    current?.stop();
    current = null;
  };
  child.on("spawn", (pid) => {
    end();
    if (stopped) return;
    const probes = probesFor(pid);
    current = new Liveness(
      probes,
      options,
      (facts) => {
        log.warn(
          { child: child.name, childPid: pid, ...facts, timeoutMs: options.timeoutMs },
          `${child.name} stopped answering (${facts.probe}); SIGKILL to its process group`,
        );
        child.killHung();
      },
      () =>
        log.info(
          { child: child.name, childPid: pid, probes: probes.map((p) => p.name) },
          `${child.name} answers its liveness probes`,
        ),
    );
    current.start();
  });
  child.on("ended", end);
  return {
    stop() {
      stopped = true;
      end();
    },
  };
}
