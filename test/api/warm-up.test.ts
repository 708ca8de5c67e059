import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { warmUp } from "../../src/api/warm-up.ts";
import { createWorkerMonitor } from "../../src/api/worker-state.ts";

describe("warmUp: built once, on first need or a little ahead", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("builds on the first get and hands every later caller the same build", async () => {
    const build = vi.fn(async () => ({ built: true }));
    const thing = warmUp(build);
    expect(thing.begun()).toBeNull();
    const first = thing.get();
    expect(thing.get()).toBe(first);
    expect(thing.begun()).toBe(first);
    expect(await first).toEqual({ built: true });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("soon(ms) builds after ms; a later, longer delay does not postpone it, a shorter one brings it forward", () => {
    const build = vi.fn(async () => 1);
    const thing = warmUp(build);
    thing.soon(2000);
    thing.soon(5000);
    vi.advanceTimersByTime(1999);
    expect(build).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(build).toHaveBeenCalledTimes(1);

    const other = vi.fn(async () => 2);
    const sooner = warmUp(other);
    sooner.soon(2000);
    sooner.soon(0);
    expect(other).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(other).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it("a get before a due soon() builds once, and the timer does not build again", () => {
    const build = vi.fn(async () => 1);
    const thing = warmUp(build);
    thing.soon(1000);
    void thing.get();
    vi.advanceTimersByTime(2000);
    thing.soon(0);
    vi.advanceTimersByTime(10);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("a failed build started by the timer reaches only those who await get()", async () => {
    const thing = warmUp(async () => {
      throw new Error("no database");
    });
    thing.soon(0);
    await vi.advanceTimersByTimeAsync(0);
    await expect(thing.get()).rejects.toThrow("no database");
  });
});

describe("the worker monitor's onceReady", () => {
  const state = (name: string) => ({
    type: "worker-state",
    worker: {
      pid: 7,
      state: name,
      reason: null,
      restarts: 0,
      startedAt: 0,
      lastExit: null,
      rssMb: null,
    },
  });

  it("calls back once, at the first report of a ready worker, or at once if it already is", () => {
    const channel = new EventEmitter();
    const monitor = createWorkerMonitor(channel);
    const early = vi.fn();
    monitor.onceReady(early);
    channel.emit("message", state("starting"));
    expect(early).not.toHaveBeenCalled();
    channel.emit("message", state("ready"));
    channel.emit("message", state("reconnecting"));
    channel.emit("message", state("ready"));
    expect(early).toHaveBeenCalledTimes(1);

    const late = vi.fn();
    monitor.onceReady(late);
    expect(late).toHaveBeenCalledTimes(1);
  });
});
