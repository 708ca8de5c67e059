import { Worker } from "node:worker_threads";

/** One `GET /api/health`: how long it took, whether it answered 200, and what was running. */
export interface HealthSample {
  label: string;
  ms: number;
  ok: boolean;
}

/** What the harness tells the poller's thread. */
export type PollerMessage =
  | { type: "target"; base: string | null; label: string }
  | { type: "stop" };

export interface HealthPoller {
  readonly samples: HealthSample[];
  /** Where to ask (null pauses, e.g. while a service is being replaced) and the label of the samples. */
  target(base: string | null, label?: string): void;
  stop(): Promise<void>;
}

/**
 * Asks `/api/health` `perSecond` times a second from a worker thread, one request at a time (a
 * slow answer delays the next rather than piling up), each bounded by `timeoutMs`; a refused,
 * failed or late request is a sample with `ok: false`. Stops by itself after `maxSamples`.
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
  const thread = new Worker(new URL("./health-poller-thread.ts", import.meta.url), {
    workerData: {
      perSecond: options.perSecond,
      timeoutMs: options.timeoutMs ?? 2000,
      maxSamples: options.maxSamples ?? 50_000,
    },
  });
  thread.on("message", (sample: HealthSample) => samples.push(sample));
  const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
  let label = "";
  const send = (message: PollerMessage) => thread.postMessage(message);
  return {
    samples,
    target(base, nextLabel = label) {
      label = nextLabel;
      send({ type: "target", base, label });
    },
    async stop() {
      send({ type: "stop" });
      await exited;
    },
  };
}
