import { sleep } from "./stats.ts";

/** One `GET /api/health`: how long it took, whether it answered 200, and what was running. */
export interface HealthSample {
  label: string;
  ms: number;
  ok: boolean;
}

export interface HealthPoller {
  readonly samples: HealthSample[];
  /** Where to ask (null pauses the poller, e.g. while a service is being replaced) and the label of the samples. */
  target(base: string | null, label?: string): void;
  stop(): Promise<void>;
}

/**
 * Asks `/api/health` `perSecond` times a second, one request at a time (a slow answer delays
 * the next rather than piling up), each bounded by `timeoutMs`; a refused, failed or late
 * request is a sample with `ok: false`. Stops by itself after `maxSamples`.
 *
 * @example
 * const poller = startHealthPoller({ perSecond: 10 });
 * poller.target(service.base, "report-bomb"); ... await poller.stop();
 */
export function startHealthPoller(options: {
  perSecond: number;
  timeoutMs?: number;
  maxSamples?: number;
}): HealthPoller {
  const samples: HealthSample[] = [];
  const interval = 1000 / options.perSecond;
  const maxSamples = options.maxSamples ?? 50_000;
  let base: string | null = null;
  let label = "";
  let running = true;
  const loop = (async () => {
    while (running && samples.length < maxSamples) {
      const started = performance.now();
      if (base) {
        const sampleLabel = label;
        let ok = false;
        try {
          const response = await fetch(`${base}/api/health`, {
            signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
          });
          await response.arrayBuffer();
          ok = response.status === 200;
        } catch {
          ok = false;
        }
        samples.push({ label: sampleLabel, ms: performance.now() - started, ok });
      }
      await sleep(Math.max(0, interval - (performance.now() - started)));
    }
  })();
  return {
    samples,
    target(next, nextLabel = label) {
      base = next;
      label = nextLabel;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
