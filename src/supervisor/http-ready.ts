export interface ReadyOptions {
  /** Give up after this many ms. */
  timeoutMs: number;
  /** Pause between attempts, in ms. */
  intervalMs?: number;
  /** Stops waiting early, e.g. when the API exits or the supervisor is asked to stop. */
  signal?: AbortSignal;
}

/**
 * Polls `url` until it answers 2xx. Resolves true when it does, false on timeout or abort.
 *
 * @example
 * await waitForHttpOk("http://127.0.0.1:3000/api/health", { timeoutMs: 30_000 });
 */
export async function waitForHttpOk(url: string, options: ReadyOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  while (Date.now() < deadline && !options.signal?.aborted) {
    const left = deadline - Date.now();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(2000, left)) });
      await response.body?.cancel();
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
  }
  return false;
}
