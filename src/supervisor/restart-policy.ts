/** How a supervised child is restarted after it exits unexpectedly. */
export interface RestartPolicyOptions {
  /** First restart delay before jitter, in ms; doubles on each consecutive failure. Default 1000. */
  baseMs: number;
  /** Cap of the delay before jitter, in ms. Default 30000. */
  maxMs: number;
  /** A child that ran at least this long (ms) counts as stable: the next delay starts at baseMs. */
  stableMs: number;
  /** Failures inside `windowMs` that end supervision (a crash loop). */
  maxFailures: number;
  /** Sliding window, in ms, over which failures are counted. */
  windowMs: number;
  /** Source of jitter in [0, 1]; injectable so tests can pin it. */
  random?: () => number;
}

export type RestartDecision =
  | { action: "restart"; delayMs: number }
  | { action: "give-up"; failures: number };

/**
 * Capped exponential backoff with jitter plus a crash-loop window. Pure: the caller passes the
 * clock, so the policy is tested without timers.
 *
 * @example
 * const policy = new RestartPolicy({ baseMs: 1000, maxMs: 30_000, stableMs: 60_000, maxFailures: 10, windowMs: 300_000 });
 * policy.onFailure(Date.now(), 1200); // { action: "restart", delayMs: 500..1000 }
 */
export class RestartPolicy {
  readonly #options: Required<RestartPolicyOptions>;
  #consecutive = 0;
  #failures: number[] = [];

  constructor(options: RestartPolicyOptions) {
    this.#options = { random: Math.random, ...options };
  }

  /** Records an unexpected exit at `now` of a child that had run for `ranForMs`. */
  onFailure(now: number, ranForMs: number): RestartDecision {
    const { baseMs, maxMs, stableMs, maxFailures, windowMs, random } = this.#options;
    if (ranForMs >= stableMs) this.#consecutive = 0;
    this.#consecutive += 1;
    this.#failures = this.#failures.filter((t) => now - t < windowMs);
    this.#failures.push(now);
    if (this.#failures.length >= maxFailures) {
      return { action: "give-up", failures: this.#failures.length };
    }
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(this.#consecutive - 1, 30));
    // "Equal jitter": never less than half the step, so restarts still back off, yet two
    // containers that crashed together do not restart in lockstep.
    const delayMs = Math.round(ceiling / 2 + random() * (ceiling / 2));
    return { action: "restart", delayMs };
  }
}
