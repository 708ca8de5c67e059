/**
 * Something built once, on first need or a little ahead of it: the API's service (`service.ts`),
 * which `main.ts` builds after it listens rather than before. Not while the worker starts: at
 * Render's 0.1 CPU every process of the container shares one tenth of a CPU, so a build then
 * would delay the worker's readiness by its own CPU time.
 */
export interface WarmUp<T> {
  /** The thing, built now if it is not yet: what a request that needs it awaits. */
  get(): Promise<T>;
  /** Builds it `delayMs` from now unless it is built or due sooner. */
  soon(delayMs: number): void;
  /** The build if it has begun, for a shutdown to wait on; null otherwise. */
  begun(): Promise<T> | null;
}

/**
 * @example
 * const service = warmUp(() => import("./service.ts").then((m) => m.startService(options)));
 * service.soon(2000);
 * const { listener } = await service.get();
 */
export function warmUp<T>(build: () => Promise<T>): WarmUp<T> {
  let built: Promise<T> | null = null;
  let due = Number.POSITIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const get = () => {
    clearTimeout(timer);
    built ??= build();
    return built;
  };
  return {
    get,
    soon(delayMs) {
      if (built || Date.now() + delayMs >= due) return;
      clearTimeout(timer);
      due = Date.now() + delayMs;
      // A timer, even at 0: whatever the caller is answering is written first. A failed build
      // is the build's to report; it reaches only those who await get().
      timer = setTimeout(() => void get().catch(() => undefined), delayMs);
      timer.unref();
    },
    begun: () => built,
  };
}
