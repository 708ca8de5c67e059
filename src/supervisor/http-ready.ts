// Not `import http from "node:http"`: an ES import of a built-in builds a facade that reads
// every export, and node:http's lazy getters (WebSocket, MessageEvent...) then load undici, the
// very thing answersOk avoids fetch for: 156 ms of CPU to load against 15 ms this way (a
// second and a half of a start at Render's 0.1 CPU), and its memory held for good.
const http = process.getBuiltinModule("node:http");

export interface ReadyOptions {
  /** Give up after this many ms. */
  timeoutMs: number;
  /** Pause between attempts, in ms. */
  intervalMs?: number;
  /** Stops waiting early, e.g. when the API exits or the supervisor is asked to stop. */
  signal?: AbortSignal;
  /**
   * Subscribes to a sign that `url` can answer now (the API's "listening" message), which ends
   * the pause before the next attempt; returns an unsubscriber.
   */
  wake?: (now: () => void) => () => void;
}

/**
 * Polls `url` until it answers 2xx. Resolves true when it does, false on timeout or abort.
 * With `wake`, an attempt is made as soon as it fires.
 *
 * @example
 * await waitForHttpOk("http://127.0.0.1:3000/api/health", { timeoutMs: 30_000 });
 */
export async function waitForHttpOk(url: string, options: ReadyOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let woken = false;
  let resume: () => void = () => undefined;
  const unsubscribe = options.wake?.(() => {
    woken = true;
    resume();
  });
  // An abort ends a pause too: a stop during start must not wait for the next attempt.
  const onAbort = () => resume();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (Date.now() < deadline && !options.signal?.aborted) {
      const left = deadline - Date.now();
      woken = false;
      if (await answersOk(url, Math.min(2000, left))) return true;
      if (woken || options.signal?.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(interval, left));
        resume = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return false;
  } finally {
    unsubscribe?.();
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * One GET: true when `url` answers 2xx within `timeoutMs`. node:http rather than fetch: fetch
 * loads undici, ~20 MB that the supervisor would then hold for the container's whole life.
 */
export function answersOk(url: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs, agent: false, signal }, (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      resolve(code >= 200 && code < 300);
    });
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(false));
  });
}
