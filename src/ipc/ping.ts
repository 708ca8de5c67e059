import type { EventEmitter } from "node:events";
import { supervisorMessage } from "./protocol.ts";

/** The part of `process` that answers pings; tests pass an EventEmitter and a send function. */
export interface PingChannel extends Pick<EventEmitter, "on"> {
  send?: (message: unknown, callback: (error: Error | null) => void) => boolean;
}

/**
 * Answers the supervisor's liveness pings from this process's event loop: a process whose loop
 * is stuck (or that is stopped) answers nothing, and the supervisor replaces it.
 *
 * @example
 * answerPings(process);
 */
export function answerPings(channel: PingChannel): void {
  channel.on("message", (message: unknown) => {
    const parsed = supervisorMessage.safeParse(message);
    if (parsed.success && parsed.data.type === "ping")
      // A closed channel means the supervisor is gone; the stop request handles that.
      channel.send?.({ type: "pong", id: parsed.data.id }, () => undefined);
  });
}
