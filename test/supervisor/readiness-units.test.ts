import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ChildMessage, childMessage, pongOf } from "../../src/ipc/protocol.ts";
import { workerStateOf } from "../../src/supervisor/worker-watch.ts";
import { readinessOf, reportReadiness } from "../../src/worker/readiness.ts";

/** An ioredis stand-in: a status and the events ioredis emits when it changes. */
function fakeRedis(name: string) {
  const redis = Object.assign(new EventEmitter(), {
    status: "connecting",
    options: { connectionName: name },
  });
  const to = (status: string) => {
    redis.status = status;
    redis.emit(status);
  };
  return { redis: redis as unknown as Redis, to };
}

describe("the worker's readiness", () => {
  afterEach(() => vi.useRealTimers());

  it("is ready only once it consumes with every connection ready, and says why otherwise", () => {
    expect(readinessOf({ consuming: false, closing: false, down: ["worker: connecting"] })).toEqual(
      { state: "starting", reason: "connecting to Redis (worker: connecting)" },
    );
    expect(readinessOf({ consuming: false, closing: false, down: [] }).state).toBe("starting");
    expect(readinessOf({ consuming: true, closing: false, down: [] })).toEqual({
      state: "ready",
      reason: null,
    });
    expect(readinessOf({ consuming: true, closing: false, down: ["w: reconnecting"] })).toEqual({
      state: "reconnecting",
      reason: "Redis connection lost (w: reconnecting)",
    });
    expect(readinessOf({ consuming: true, closing: true, down: ["w: end"] }).state).toBe(
      "stopping",
    );
  });

  it("tells each change once, and writes split-deployment heartbeats only while ready", () => {
    vi.useFakeTimers();
    const worker = new EventEmitter();
    const a = fakeRedis("worker");
    const b = fakeRedis("worker-commands");
    const said: ChildMessage[] = [];
    const heartbeat = vi.fn(async () => undefined);
    reportReadiness({
      worker: worker as never,
      connections: [a.redis, b.redis],
      send: (m) => said.push(m),
      heartbeat,
      heartbeatIntervalMs: 1000,
    });
    a.to("ready");
    b.to("ready");
    expect(heartbeat).not.toHaveBeenCalled();
    worker.emit("drained");
    worker.emit("active");
    expect(heartbeat).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2000);
    expect(heartbeat).toHaveBeenCalledTimes(3);

    a.to("close");
    a.to("reconnecting");
    vi.advanceTimersByTime(5000);
    expect(heartbeat).toHaveBeenCalledTimes(3);
    a.to("connecting");
    a.to("ready");
    expect(heartbeat).toHaveBeenCalledTimes(4);
    worker.emit("closing");
    vi.advanceTimersByTime(5000);
    expect(heartbeat).toHaveBeenCalledTimes(4);

    expect(said.map((m) => (m.type === "readiness" ? m.state : m.type))).toEqual([
      "starting",
      "ready",
      "reconnecting",
      "ready",
      "stopping",
    ]);
  });
});

describe("the worker state the supervisor publishes", () => {
  const state = (status: Parameters<typeof workerStateOf>[0]["status"], ended = false) =>
    workerStateOf({ status }, { state: "ready", reason: null }, "crashed", ended, true);

  it("is the worker's own word while it runs, the supervisor's otherwise", () => {
    expect(state("running")).toEqual({ state: "ready", reason: null });
    expect(state("running", true).state).toBe("backoff");
    expect(state("backoff")).toEqual({ state: "backoff", reason: "restarting after it crashed" });
    expect(state("stopping").state).toBe("stopping");
    expect(state("stopped").state).toBe("stopped");
    expect(state("failed").state).toBe("stopped");
    expect(workerStateOf({ status: "running" }, null, null, false, true).state).toBe("starting");
    // A foreign worker has no IPC channel to say more than that it runs.
    expect(workerStateOf({ status: "running" }, null, null, false, false).state).toBe("ready");
  });
});

describe("the IPC protocol at the supervisor's edge", () => {
  it("drops what it does not know, an overlong reason and a 1 MB message, and pairs pongs by id", () => {
    const readiness = (reason: string) =>
      childMessage.safeParse({ type: "readiness", state: "starting", reason }).success;
    expect(readiness("connecting to Redis")).toBe(true);
    expect(readiness("x".repeat(501))).toBe(false);
    expect(
      childMessage.safeParse({ type: "readiness", state: "dancing", reason: null }).success,
    ).toBe(false);
    expect(childMessage.safeParse({ type: "pong", id: "x".repeat(1 << 20) }).success).toBe(false);
    expect(pongOf({ type: "pong", id: 7 })).toBe(7);
    expect(pongOf({ type: "pong", id: -1 })).toBeNull();
    expect(pongOf("pong")).toBeNull();
  });
});
