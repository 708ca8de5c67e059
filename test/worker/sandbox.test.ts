import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { z } from "../../src/config/zod.ts";
import {
  FrameReader,
  FrameTooLarge,
  isRunning,
  runSandboxed,
  type SandboxEnd,
  SandboxError,
  SandboxFailure,
  SpareSandbox,
} from "../../src/worker/sandbox/index.ts";
import { encodeFrame } from "../../src/worker/sandbox/protocol.ts";

/**
 * The sandbox on its own, with an entry module that misbehaves in every way an analysis could
 * (test/worker/fixtures/sandboxed.ts): real child processes, a real git, real signals.
 */

const ENTRY = fileURLToPath(new URL("./fixtures/sandboxed.ts", import.meta.url));
const OWNER = fileURLToPath(new URL("./fixtures/spare-owner.ts", import.meta.url));
const started = z.object({ started: z.literal(true), pids: z.array(z.int()) });
const event = z.union([started, z.object({ step: z.number() })]);
const LIMITS = { maxRssMb: 200, heapMb: 64, maxMessageBytes: 1024 * 1024 };

/** Runs the fixture in `mode`; `running` resolves with the pids it spawned once it runs. */
function run(
  mode: string,
  options: { limits?: Partial<typeof LIMITS>; value?: unknown; spare?: SpareSandbox } = {},
) {
  const controller = new AbortController();
  const spawned = Promise.withResolvers<number[]>();
  const events: unknown[] = [];
  const result = runSandboxed({
    entry: ENTRY,
    input: { mode, value: options.value },
    schemas: { event, result: z.object({ echo: z.unknown() }) },
    limits: { ...LIMITS, ...options.limits },
    signal: controller.signal,
    sampleMs: 50,
    ...(options.spare ? { spare: options.spare } : {}),
    onEvent: (e) => {
      events.push(e);
      if ("pids" in e) spawned.resolve(e.pids);
    },
  });
  // A run that ends before it started (a crash at once) must not leave `running` pending.
  void result.catch(() => spawned.resolve([]));
  return { result, running: spawned.promise, abort: () => controller.abort(), events };
}

async function endOf(result: Promise<unknown>): Promise<SandboxEnd | string> {
  const error = await result.then(
    () => new Error("the run succeeded"),
    (e: unknown) => e,
  );
  if (error instanceof SandboxError) return error.end;
  return String(error);
}

describe("sandboxed process", () => {
  it("sends events and its result back, then is gone", async () => {
    const { result, events } = run("answer", { value: { a: [1, "two"] } });
    expect(await result).toEqual({ echo: { a: [1, "two"] } });
    expect(events).toEqual([{ started: true, pids: [] }, { step: 1 }]);
  });

  it("a failure it describes itself arrives with its code and permanence", async () => {
    const error = await run("fail").result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxFailure);
    expect(error).toMatchObject({
      code: "REPO_NOT_FOUND",
      message: "no such repository",
      permanent: true,
    });
  });

  it("a busy loop is killed when the run is aborted", async () => {
    const { result, running, abort } = run("busy");
    await running;
    abort();
    expect(await endOf(result)).toBe("aborted");
  });

  it("a heap that grows past its limit ends the run as out-of-memory, not as a crash", async () => {
    expect(await endOf(run("heap").result)).toBe("out-of-memory");
  });

  it("memory outside the heap (Buffers) over the RSS cap ends the run as out-of-memory", async () => {
    expect(await endOf(run("buffers", { limits: { maxRssMb: 150 } }).result)).toBe("out-of-memory");
  });

  it.each(["exit", "abort", "throw-later"])(
    "a process that dies (%s) ends the run as crashed",
    async (mode) => {
      expect(await endOf(run(mode).result)).toBe("crashed");
    },
  );

  it("a message over the cap is refused and ends the run", async () => {
    expect(await endOf(run("huge").result)).toBe("message-too-large");
  });

  it("a result that does not fit its schema ends the run as crashed", async () => {
    expect(await endOf(run("garbage").result)).toBe("crashed");
  });

  it("nothing it started (a git in its own process group, a sleep, a shell's child) outlives an abort", async () => {
    const { result, running, abort } = run("spawn");
    const pids = await running;
    expect(pids).toHaveLength(3);
    const grandchildren = await vi.waitFor(() => {
      const all = descendantsOfAll(pids);
      if (all.length === 0) throw new Error("the shell has not started its sleep yet");
      return all;
    });
    abort();
    expect(await endOf(result)).toBe("aborted");
    await vi.waitFor(() => expect([...pids, ...grandchildren].filter(isRunning)).toEqual([]));
  });

  it("nothing it started outlives a process that dies on its own", async () => {
    const { result, running } = run("spawn-then-exit");
    const pids = await running;
    expect(pids).toHaveLength(3);
    expect(await endOf(result)).toBe("crashed");
    await vi.waitFor(() => expect(pids.filter(isRunning)).toEqual([]));
  });
});

describe("a process started ahead (SpareSandbox)", () => {
  const launch = { entry: ENTRY, heapMb: LIMITS.heapMb, env: { PATH: process.env.PATH } };
  const whoami = z.object({ echo: z.object({ pid: z.number(), niceness: z.number() }) });

  /** Fills `spare` and returns the pid of the process it started (a new child of this one). */
  async function filled(spare: SpareSandbox, options = launch): Promise<number> {
    const before = new Set(childrenOf(process.pid));
    spare.fill(options);
    return vi.waitFor(() => {
      const started = childrenOf(process.pid).filter((pid) => !before.has(pid));
      expect(started).toHaveLength(1);
      return started[0] as number;
    });
  }

  it("is the next run's process, at the sandbox's niceness, and the run still ends it", async () => {
    const spare = new SpareSandbox();
    const ahead = await filled(spare);
    const answer = whoami.parse(await run("whoami", { spare }).result);
    expect(answer.echo).toEqual({ pid: ahead, niceness: 10 });
    await vi.waitFor(() => expect(isRunning(ahead)).toBe(false));
    // Taken: the next run starts a process of its own.
    expect(whoami.parse(await run("whoami", { spare }).result).echo.pid).not.toBe(ahead);
  });

  it("is not taken by a run of another launch, and is killed rather than left waiting", async () => {
    const spare = new SpareSandbox();
    const ahead = await filled(spare, { ...launch, heapMb: LIMITS.heapMb + 1 });
    const answer = whoami.parse(await run("whoami", { spare }).result);
    expect(answer.echo.pid).not.toBe(ahead);
    await vi.waitFor(() => expect(isRunning(ahead)).toBe(false));
  });

  it("that died while it waited is replaced by a new process, and the run succeeds", async () => {
    const spare = new SpareSandbox();
    const ahead = await filled(spare);
    process.kill(ahead, "SIGKILL");
    await vi.waitFor(() => expect(isRunning(ahead)).toBe(false));
    // The exit event comes after the process is gone from /proc; one turn later it has come.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(whoami.parse(await run("whoami", { spare }).result).echo.pid).not.toBe(ahead);
  });

  it("ends when the worker that started it dies without a word (SIGKILL)", async () => {
    const owner = spawn(process.execPath, [OWNER, ENTRY], { stdio: "ignore" });
    // The owner is a Node process of its own that starts another: over a second on a busy machine.
    const ahead = await vi.waitFor(
      () => {
        const [pid] = childrenOf(owner.pid as number);
        expect(pid).toBeDefined();
        return pid as number;
      },
      { timeout: 10_000 },
    );
    owner.kill("SIGKILL");
    await vi.waitFor(() => expect(isRunning(ahead)).toBe(false), { timeout: 10_000 });
  });

  it("is ended by close(), after which fill() starts nothing", async () => {
    const spare = new SpareSandbox();
    const ahead = await filled(spare);
    spare.close();
    await vi.waitFor(() => expect(isRunning(ahead)).toBe(false));
    const before = childrenOf(process.pid);
    spare.fill(launch);
    expect(childrenOf(process.pid)).toEqual(before);
  });
});

describe("sandbox frames", () => {
  it("are reassembled however the pipe cuts them", () => {
    const frames = Buffer.concat([
      encodeFrame({ type: "event", event: { n: 1 } }),
      encodeFrame({ type: "result", result: "é".repeat(1000) }),
    ]);
    const reader = new FrameReader(1024 * 1024);
    const bodies: unknown[] = [];
    for (let at = 0; at < frames.length; at += 7)
      reader.push(frames.subarray(at, at + 7), (body) => bodies.push(JSON.parse(body.toString())));
    expect(bodies).toEqual([
      { type: "event", event: { n: 1 } },
      { type: "result", result: "é".repeat(1000) },
    ]);
  });

  it("over the cap are refused from their header, before their body is buffered", () => {
    const reader = new FrameReader(100);
    const frame = encodeFrame({ type: "result", result: "x".repeat(200) });
    expect(() => reader.push(frame.subarray(0, 4), () => undefined)).toThrow(FrameTooLarge);
  });
});

/** Children of these pids now (a shell's sleep), from /proc. */
function descendantsOfAll(pids: readonly number[]): number[] {
  return pids.flatMap(childrenOf);
}

/** Running children of `pid` now, from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number)
      .filter(isRunning);
  } catch {
    return [];
  }
}
