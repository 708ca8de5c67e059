import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import type { HealthSample, PollerMessage } from "./health-poller.ts";

// The poller's loop, in a thread of its own so that the harness's synchronous work (reading
// /proc for the process tree's RSS) cannot delay an answer's arrival and inflate its latency.
const { perSecond, timeoutMs, maxSamples } = workerData as {
  perSecond: number;
  timeoutMs: number;
  maxSamples: number;
};
const port = parentPort;
if (!port) throw new Error("health-poller-thread.ts runs as a worker thread");

let base: string | null = null;
let label = "";
let running = true;
let taken = 0;
port.on("message", (message: PollerMessage) => {
  if (message.type === "stop") running = false;
  else ({ base, label } = message);
});

// node:http with keep-alive rather than fetch: fetch's first call in a fresh thread loads its
// whole client (hundreds of ms), which would be counted against the API.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** True when the URL answers 200 within the timeout; never throws. */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, timeout: timeoutMs }, (response) => {
      response.on("end", () => resolve(response.statusCode === 200));
      response.on("error", () => resolve(false));
      response.resume();
    });
    request.on("timeout", () => request.destroy(new Error("timeout")));
    request.on("error", () => resolve(false));
  });
}

const interval = 1000 / perSecond;
while (running && taken < maxSamples) {
  const started = performance.now();
  if (base) {
    const sampleLabel = label;
    const ok = await healthy(`${base}/api/health`);
    taken++;
    const sample: HealthSample = { label: sampleLabel, ms: performance.now() - started, ok };
    port.postMessage(sample);
  }
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, interval - (performance.now() - started))),
  );
}
agent.destroy();
port.close();
