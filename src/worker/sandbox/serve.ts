import { Socket } from "node:net";
import { text } from "node:stream/consumers";
import {
  CHANNEL_FD,
  encodeFrame,
  type SandboxFailureInfo,
  type SandboxMessage,
} from "./protocol.ts";

/** What a sandboxed function gets besides its input. */
export interface SandboxContext<E> {
  /** Sends an event (progress) to the parent. */
  emit(event: E): void;
}

/**
 * The child's side of `runSandboxed`: reads the input from stdin, runs `run`, sends its result
 * (or the failure `describe` makes of what it threw) and waits to be killed. It never exits by
 * itself, so that the parent, which kills it and everything it started on receiving the
 * answer, finds that tree still whole. It leaves when the parent's end of the channel closes
 * (the parent died) and ignores SIGINT and SIGTERM: a terminal's Ctrl-C reaches the worker's
 * whole process group, and the worker decides what becomes of its analysis.
 *
 * @example
 * // entry.ts, started by runSandboxed({ entry: ".../entry.ts", ... })
 * await serveSandboxed(async (input, { emit }) => {
 *   emit({ step: "cloning" });
 *   return { answer: 42 };
 * }, (error) => ({ code: "FAILED", message: String(error), permanent: false }));
 */
export async function serveSandboxed<E>(
  run: (input: unknown, context: SandboxContext<E>) => Promise<unknown>,
  describe: (error: unknown) => SandboxFailureInfo,
): Promise<void> {
  process.on("SIGINT", () => undefined);
  process.on("SIGTERM", () => undefined);
  const channel = new Socket({ fd: CHANNEL_FD, readable: true, writable: true });
  channel.on("error", () => process.exit(1));
  channel.on("end", () => process.exit(0));
  channel.resume();
  const send = (message: SandboxMessage) =>
    new Promise<void>((resolve) => channel.write(encodeFrame(message), () => resolve()));

  let final: SandboxMessage;
  try {
    const input: unknown = JSON.parse(await text(process.stdin));
    const result = await run(input, { emit: (event) => void send({ type: "event", event }) });
    final = { type: "result", result };
  } catch (error) {
    const failure = describe(error);
    final = { type: "failure", failure: { ...failure, message: failure.message.slice(0, 2000) } };
  }
  await send(final);
}
