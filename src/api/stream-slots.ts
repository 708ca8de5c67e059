/**
 * Counts open SSE streams, in all and per client, so that neither one client nor a crowd can
 * hold more than the API can serve. In memory: the streams belong to this process, and so
 * does their count. Clients are dropped from the table when their last stream ends, so it
 * never holds more entries than there are open streams.
 */

export interface StreamSlotsOptions {
  /** SSE_MAX_STREAMS: streams open at once in this process. */
  max: number;
  /** SSE_MAX_STREAMS_PER_CLIENT: streams open at once per client key. */
  maxPerClient: number;
}

type StreamSlot =
  | { ok: true /** Gives the slot back; idempotent. */; release(): void }
  | { ok: false; refused: "client" | "all" };

export interface StreamSlots {
  /** A slot for `client`, or why there is none: its own cap first, then the global one. */
  acquire(client: string): StreamSlot;
  /** Streams open now. */
  open(): number;
  readonly limits: StreamSlotsOptions;
}

/**
 * @example
 * const slots = createStreamSlots({ max: 200, maxPerClient: 10 });
 * const slot = slots.acquire(c.get("client"));
 * if (slot.ok) stream.finally(slot.release);
 */
export function createStreamSlots(options: StreamSlotsOptions): StreamSlots {
  const perClient = new Map<string, number>();
  let open = 0;

  return {
    acquire(client) {
      const held = perClient.get(client) ?? 0;
      if (held >= options.maxPerClient) return { ok: false, refused: "client" };
      if (open >= options.max) return { ok: false, refused: "all" };
      open += 1;
      perClient.set(client, held + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          open -= 1;
          const left = (perClient.get(client) ?? 1) - 1;
          if (left > 0) perClient.set(client, left);
          else perClient.delete(client);
        },
      };
    },
    open: () => open,
    limits: options,
  };
}
