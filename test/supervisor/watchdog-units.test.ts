import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ManagedChild, type ProcessControl, type RunEnd } from "../../src/supervisor/child.ts";
import { Liveness, type Probe } from "../../src/supervisor/liveness.ts";
import type { LogMux } from "../../src/supervisor/log-mux.ts";
import type { OrphanGuard } from "../../src/supervisor/orphan-guard.ts";
import type { Exit, GroupProcess } from "../../src/supervisor/process-group.ts";
import { RestartPolicy } from "../../src/supervisor/restart-policy.ts";
import { classifyWorkerEnd } from "../../src/supervisor/worker-end.ts";

/** The watchdog's logic and the child's state machine, on fake timers and fake processes. */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A probe whose answers the test decides: `answering` true answers at once, false never. */
function probe(name = "fake") {
  let answering = true;
  const asked = vi.fn();
  const p: Probe = {
    name,
    check: (signal) => {
      asked();
      return answering
        ? Promise.resolve(true)
        : new Promise((resolve) => signal.addEventListener("abort", () => resolve(false)));
    },
  };
  return { p, asked, set: (value: boolean) => (answering = value) };
}

const options = { intervalMs: 1000, timeoutMs: 5000, startGraceMs: 20_000 };

describe("the liveness watch", () => {
  it("calls a child hung once it has not answered for the timeout, and only then", async () => {
    const fake = probe();
    const onHung = vi.fn();
    const onAnswering = vi.fn();
    const live = new Liveness([fake.p], options, onHung, onAnswering);
    live.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(onAnswering).toHaveBeenCalledTimes(1);
    fake.set(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onHung).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);
    expect(onHung).toHaveBeenCalledTimes(1);
    expect(onHung.mock.calls[0]?.[0]).toMatchObject({ probe: "fake" });
    // A probe in flight is not asked again, and a hung run is not probed any more.
    const asks = fake.asked.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.asked.mock.calls.length).toBe(asks);
    expect(onHung).toHaveBeenCalledTimes(1);
  });

  it("gives a run that never answered the start grace, not just the timeout", async () => {
    const fake = probe();
    fake.set(false);
    const onHung = vi.fn();
    new Liveness([fake.p], options, onHung).start();
    await vi.advanceTimersByTimeAsync(19_000);
    expect(onHung).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3000);
    expect(onHung).toHaveBeenCalledTimes(1);
  });

  it("needs every probe: an IPC answer does not excuse a silent health path", async () => {
    const ipc = probe("ipc ping");
    const http = probe("GET /api/health");
    const onHung = vi.fn();
    new Liveness([ipc.p, http.p], options, onHung).start();
    await vi.advanceTimersByTimeAsync(2000);
    http.set(false);
    await vi.advanceTimersByTimeAsync(8000);
    expect(onHung.mock.calls[0]?.[0]).toMatchObject({ probe: "GET /api/health" });
  });

  it("does not blame a child for the time the supervisor itself was not running", async () => {
    const fake = probe();
    const onHung = vi.fn();
    const live = new Liveness([fake.p], options, onHung);
    live.start();
    await vi.advanceTimersByTimeAsync(2000);
    // A frozen container: the clock jumps, no timer ran meanwhile.
    vi.setSystemTime(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onHung).not.toHaveBeenCalled();
    live.stop();
  });
});

/** A process that exists only in the test: it ends when the test says, or when SIGKILLed. */
function fakeProcesses() {
  const runs: Array<{ pid: number; end: (exit: Exit) => void }> = [];
  const signals: string[] = [];
  let nextPid = 1000;
  const control: ProcessControl = {
    spawn: () => {
      let end: (exit: Exit) => void = () => undefined;
      const exited = new Promise<Exit>((resolve) => {
        end = resolve;
      });
      const run: GroupProcess = {
        pid: nextPid++,
        stdout: null,
        stderr: null,
        exited,
        send: () => undefined,
        onMessage: () => undefined,
      };
      runs.push({ pid: run.pid, end });
      return run;
    },
    signalGroup: (pgid, signal) => {
      signals.push(`${signal} -${pgid}`);
      if (signal === "SIGKILL") runs.find((r) => r.pid === pgid)?.end({ code: null, signal });
      return true;
    },
    signalProcess: (pid, signal) => {
      signals.push(`${signal} ${pid}`);
      runs.find((r) => r.pid === pid)?.end({ code: 0, signal: null });
      return true;
    },
  };
  return { control, runs, signals };
}

function managed(processes: ProcessControl, ends: RunEnd[]) {
  return new ManagedChild({
    name: "worker",
    command: { file: "/nonexistent", args: [] },
    env: {},
    policy: new RestartPolicy({
      baseMs: 1000,
      maxMs: 30_000,
      stableMs: 60_000,
      maxFailures: 10,
      windowMs: 300_000,
      random: () => 1,
    }),
    restartEnv: (end) => {
      ends.push(end);
      return {};
    },
    mux: { attach: () => Promise.resolve() } as unknown as LogMux,
    guard: { watch: () => undefined, forget: () => undefined } as unknown as OrphanGuard,
    logger: pino({ level: "silent" }),
    processes,
  });
}

describe("a managed child's state machine", () => {
  it("a hung run's group is SIGKILLed and the child comes back after its backoff, the end marked hung", async () => {
    const os = fakeProcesses();
    const ends: RunEnd[] = [];
    const child = managed(os.control, ends);
    const statuses: string[] = [];
    child.on("status", (s) => statuses.push(s));
    child.start();
    expect(child.state).toMatchObject({ status: "running", pid: 1000 });
    child.killHung();
    await vi.advanceTimersByTimeAsync(0);
    expect(os.signals).toContain("SIGKILL -1000");
    expect(ends).toEqual([expect.objectContaining({ hung: true, recycled: false })]);
    expect(child.state.status).toBe("backoff");
    await vi.advanceTimersByTimeAsync(999);
    expect(os.runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(child.state).toMatchObject({ status: "running", pid: 1001, restarts: 1 });
    expect(statuses).toEqual(["running", "backoff", "running"]);
  });

  it("a stop during the backoff cancels the restart, and a stopping child is not killed as hung", async () => {
    const os = fakeProcesses();
    const child = managed(os.control, []);
    child.start();
    os.runs[0]?.end({ code: 1, signal: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(child.state.status).toBe("backoff");
    await child.stop(Date.now() + 1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(os.runs).toHaveLength(1);
    expect(child.state.status).toBe("stopped");
    child.killHung();
    expect(os.signals.filter((s) => s.startsWith("SIGKILL"))).toEqual(["SIGKILL -1000"]);
  });
});

describe("how a worker's run ended: hung", () => {
  it("a worker the watchdog killed is hung, counted like a crash, whatever the cgroup says", () => {
    const run = { recycledFor: null, forced: false, hung: true } as const;
    expect(
      classifyWorkerEnd({ ...run, exit: { code: null, signal: "SIGKILL" }, oomKillRose: true }),
    ).toBe("hung");
    expect(
      classifyWorkerEnd({ ...run, exit: { code: null, signal: "SIGKILL" }, oomKillRose: false }),
    ).toBe("hung");
  });
});
