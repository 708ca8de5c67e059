import { type ChildProcess, spawn } from "node:child_process";
import { setPriority } from "node:os";
import type { Readable } from "node:stream";
import { setTimeout } from "node:timers/promises";
import type { z } from "../../config/zod.ts";
import {
  descendantsOf,
  killSurvivors,
  killTree,
  type ProcStat,
  residentMb,
} from "./process-tree.ts";
import {
  FrameReader,
  FrameTooLarge,
  type SandboxFailureInfo,
  type SandboxMessage,
  sandboxMessage,
} from "./protocol.ts";
import type { SpareSandbox } from "./spare.ts";

/** How a sandboxed process ended when it did not give its answer. */
export type SandboxEnd = "aborted" | "out-of-memory" | "crashed" | "message-too-large";

/**
 * The sandboxed process ended without an answer: it was stopped (`aborted`), went over its
 * memory (`out-of-memory`), died or broke the protocol (`crashed`), or sent a message over the
 * cap (`message-too-large`). Nothing it started is left running. The message reads after "the
 * process": "reached its 96 MB heap limit".
 */
export class SandboxError extends Error {
  readonly end: SandboxEnd;

  constructor(end: SandboxEnd, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SandboxError";
    this.end = end;
  }
}

/** The sandboxed function threw, and said why. */
export class SandboxFailure extends Error {
  readonly code: string;
  readonly permanent: boolean;

  constructor(failure: SandboxFailureInfo) {
    super(failure.message);
    this.name = "SandboxFailure";
    this.code = failure.code;
    this.permanent = failure.permanent;
  }
}

export interface SandboxLimits {
  /** Resident memory of the process in MB; above it the process is killed. */
  maxRssMb: number;
  /** V8's old-space limit of the process in MB (`--max-old-space-size`). */
  heapMb: number;
  /** Largest message the process may send, in bytes; a larger one ends it. */
  maxMessageBytes: number;
}

/** What a sandboxed process is started with; two processes of one launch are interchangeable. */
export interface SandboxLaunch {
  /** Absolute path of the entry module, one that calls `serveSandboxed`. */
  entry: string;
  /** V8's old-space limit in MB (`--max-old-space-size`). */
  heapMb: number;
  /** The process's whole environment. */
  env: NodeJS.ProcessEnv;
}

/**
 * Niceness of every sandboxed process, and so of the git it runs. The analysis is the
 * container's batch work: at Render's 0.1 CPU, when the API (a health check, a status read) or
 * the worker (a lock renewal) wants the CPU at the same time, they get about nine tenths of it
 * (CFS weights 1024 against 110) and the analysis the rest, never nothing. A process started
 * ahead of its job (`SpareSandbox`) loads at this niceness while a client reads the last job's
 * report; since only a privileged process may lower its niceness again, every run has the same
 * one, whether its process was started ahead or not.
 */
const SANDBOX_NICENESS = 10;

/** Starts the process of one run; `runSandboxed` then owns it. */
export function startSandbox(launch: SandboxLaunch): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--max-semi-space-size=1", `--max-old-space-size=${launch.heapMb}`, launch.entry],
    { env: launch.env, stdio: ["pipe", "inherit", "pipe", "pipe"] },
  );
  try {
    if (child.pid) setPriority(child.pid, SANDBOX_NICENESS);
  } catch {
    // Gone already: the run reports how it ended.
  }
  return child;
}

export interface SandboxOptions<E, R> {
  /** Absolute path of the entry module, one that calls `serveSandboxed`. */
  entry: string;
  /** Sent as JSON on the process's stdin. */
  input: unknown;
  /** Events and the result are parsed with these; a message that does not fit ends the process. */
  schemas: { event: z.ZodMiniType<E>; result: z.ZodMiniType<R> };
  limits: SandboxLimits;
  /** Aborting kills the process and all it started at once; the run rejects with `aborted`. */
  signal: AbortSignal;
  onEvent?: (event: E) => void;
  /** The process's whole environment; default none but PATH. */
  env?: NodeJS.ProcessEnv;
  /** A process of the same launch started ahead, taken instead of starting one if it waits. */
  spare?: SpareSandbox;
  /**
   * Milliseconds between two looks at the process (its RSS, the process groups below it);
   * default 250. V8's heap limit stops a heap that grows faster; this catches memory outside it.
   */
  sampleMs?: number;
}

// V8's words when a heap reaches --max-old-space-size, just before it calls abort().
const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit/;
const STDERR_TAIL_BYTES = 4096;
/** Longest wait for the pipes to drain once the process has exited. */
const DRAIN_MS = 1000;

/**
 * Runs `entry` in a child process the caller owns, and resolves with the result it sends back.
 *
 * Why a child process of our own, and neither a worker thread nor BullMQ's sandboxed
 * processors: a thread cannot be given a memory cap beyond V8's heap (Buffers and git's output
 * are outside it), and `terminate()` does not reach the processes it started. BullMQ's sandbox
 * (`bullmq/dist/esm/classes/sandbox.js`) turns an abort into a Cancel message that a busy loop
 * never reads, keeps children in a pool across jobs, has no memory cap and does not know git's
 * process groups. Here every end is explicit: the process is killed, with every process and
 * process group below it ({@link killTree}), on abort, on its RSS going over `maxRssMb`, on a
 * message over `maxMessageBytes`, and as soon as its answer has arrived. It stays in the
 * caller's process group, so whoever kills the caller's group kills it too.
 *
 * @example
 * const report = await runSandboxed({
 *   entry: "/app/dist/worker/analysis-entry.js",
 *   input: { url },
 *   schemas: { event: progressSchema, result: resultSchema },
 *   limits: { maxRssMb: 160, heapMb: 96, maxMessageBytes: 4 << 20 },
 *   signal,
 *   onEvent: (p) => onStep(p.step, p.percentage),
 * });
 */
export async function runSandboxed<E, R>(options: SandboxOptions<E, R>): Promise<R> {
  const { limits, signal } = options;
  signal.throwIfAborted();
  const launch = {
    entry: options.entry,
    heapMb: limits.heapMb,
    env: options.env ?? { PATH: process.env.PATH },
  };
  const child = options.spare?.take(launch) ?? startSandbox(launch);
  const channel = child.stdio[3] as Readable;
  let outcome: { result: R } | { error: Error } | undefined;
  const end = (next: { result: R } | { error: Error }) => {
    outcome ??= next;
    if (child.pid && child.exitCode === null && child.signalCode === null) killTree(child.pid);
  };
  const fail = (kind: SandboxEnd, message: string, cause?: unknown) =>
    end({ error: new SandboxError(kind, message, { cause }) });

  const onAbort = () => fail("aborted", "was stopped", signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });

  // Every process it was seen to start: if it dies on its own, its children go to init, out of
  // reach of killTree's walk, and this is all that still names them. Kept, never replaced: the
  // last look may come after the death, when the walk finds nothing.
  const started = new Map<string, ProcStat>();
  const sampler = setInterval(() => {
    if (!child.pid) return;
    for (const p of descendantsOf(child.pid)) started.set(`${p.pid}@${p.startTicks}`, p);
    const rss = residentMb(child.pid);
    if (rss !== null && rss > limits.maxRssMb)
      fail("out-of-memory", `used ${Math.round(rss)} MB, over its ${limits.maxRssMb} MB cap`);
  }, options.sampleMs ?? 250);

  const stderrTail = keepTail(child.stderr);
  const reader = new FrameReader(limits.maxMessageBytes);
  const onMessage = (message: SandboxMessage) => {
    if (message.type === "failure") end({ error: new SandboxFailure(message.failure) });
    else if (message.type === "result")
      end({ result: options.schemas.result.parse(message.result) });
    else options.onEvent?.(options.schemas.event.parse(message.event));
  };
  channel.on("data", (chunk: Buffer) => {
    if (outcome) return;
    try {
      reader.push(chunk, (body) => onMessage(sandboxMessage.parse(JSON.parse(body.toString()))));
    } catch (error) {
      if (error instanceof FrameTooLarge) fail("message-too-large", `sent ${error.message}`);
      else fail("crashed", "sent a message that breaks the protocol", error);
    }
  });
  for (const stream of [channel, child.stdin, child.stderr]) stream?.on("error", () => undefined);
  child.stdin?.end(JSON.stringify(options.input));

  const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal }));
    child.once("error", () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  clearInterval(sampler);
  signal.removeEventListener("abort", onAbort);
  killSurvivors([...started.values()]);
  // What the process wrote just before it ended may still be in the pipes; its orphans, if any
  // held them, are gone now.
  await Promise.race([
    Promise.all([ended(channel), ended(child.stderr)]),
    setTimeout(DRAIN_MS, undefined, { ref: false }),
  ]);
  if (!outcome) {
    if (exit.signal === "SIGABRT" && HEAP_EXHAUSTED.test(stderrTail()))
      fail("out-of-memory", `reached its ${limits.heapMb} MB heap limit`);
    else fail("crashed", `ended unexpectedly (${exit.signal ?? `exit code ${exit.code}`})`);
  }
  if (outcome && "result" in outcome) return outcome.result;
  throw outcome?.error;
}

function ended(stream: Readable | null): Promise<void> {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => stream.once("close", () => resolve()));
}

/**
 * Passes the child's stderr on to ours (V8's and Node's last words belong in the log) and keeps
 * its last few KB, by which a heap overflow is told from other aborts.
 */
function keepTail(stream: Readable | null): () => string {
  let tail = Buffer.alloc(0);
  stream?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    const joined = Buffer.concat([tail, chunk]);
    tail = joined.subarray(Math.max(0, joined.length - STDERR_TAIL_BYTES));
  });
  return () => tail.toString("utf8");
}
