import type { QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../log/index.ts";
import {
  type AnalysisProgress,
  analysisProgress,
  createQueueEvents,
  EVENT_STREAM_MAX_LEN,
  eventStreamKey,
} from "../queue/index.ts";

/**
 * Live job events for SSE clients. One QueueEvents reader (one Redis connection, one XREAD
 * BLOCK loop) serves every client of every job in this process, and it exists only while at
 * least one client listens: an idle API sends Redis nothing.
 */

/** `id` is the event's id in BullMQ's event stream: it orders events and resumes a stream. */
export type JobEvent = { id: string } & (
  | { type: "progress"; progress: AnalysisProgress }
  | { type: "completed" }
  | { type: "failed"; failedReason: string }
  | { type: "removed" }
);

/** The job events of BullMQ's stream entry `event` with `args`, or null for any other. */
function jobEventOf(event: string, args: Record<string, unknown>, id: string): JobEvent | null {
  switch (event) {
    case "progress": {
      const progress = analysisProgress.safeParse(args.data);
      return progress.success ? { id, type: "progress", progress: progress.data } : null;
    }
    case "completed":
      return { id, type: "completed" };
    case "failed":
      return { id, type: "failed", failedReason: String(args.failedReason ?? "") };
    case "removed":
      return { id, type: "removed" };
    default:
      return null;
  }
}

/** Stream ids are `<ms>-<seq>`: compares two as numbers, not as strings. */
export function compareEventIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split("-").map(BigInt);
  const [bm = 0n, bs = 0n] = b.split("-").map(BigInt);
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
}

/** A Last-Event-ID this API could have sent: a stream id, and nothing else. */
export const EVENT_ID = /^\d{1,20}-\d{1,20}$/;

/** The most stream entries one resume reads: the stream holds about EVENT_STREAM_MAX_LEN. */
const MAX_REPLAY = 2 * EVENT_STREAM_MAX_LEN;

type JobEventListener = (event: JobEvent) => void;

export interface EventHubSettings {
  /** The API's command connection: used once per opening to read the stream's last id. */
  redis: Redis;
  /** Makes the client the reader's connection is copied from: `createReaderTemplate`. */
  readerTemplate: () => Redis;
  prefix: string;
  log: Logger;
  /** XREAD BLOCK timeout; each expiry is one command while someone listens. */
  blockingTimeoutMs?: number;
}

interface Reader {
  events: QueueEvents;
  template: Redis;
}

export interface EventHub {
  /** Resolves once events for `jobId` flow to `listener`; the function unsubscribes. */
  subscribe(jobId: string, listener: JobEventListener): Promise<() => void>;
  /**
   * The events of `jobId` after stream id `after`, oldest first, read from BullMQ's event
   * stream (one or two commands). `complete` is false when the stream no longer reaches back
   * that far (trimmed) or holds more than one resume reads: then some may be missing.
   */
  replay(jobId: string, after: string): Promise<{ events: JobEvent[]; complete: boolean }>;
  /** Listeners across all jobs. */
  listenerCount(): number;
  /** Whether the shared reader (and its Redis connection) is open. */
  isOpen(): boolean;
  stop(): Promise<void>;
}

/**
 * @example
 * const hub = createEventHub({ redis, readerTemplate: () => createReaderTemplate(env), prefix, log });
 * const unsubscribe = await hub.subscribe(id, (event) => send(event));
 */
export function createEventHub(settings: EventHubSettings): EventHub {
  const listeners = new Map<string, Set<JobEventListener>>();
  let reader: Promise<Reader> | null = null;
  let count = 0;

  function dispatch(jobId: string, event: JobEvent) {
    for (const listener of listeners.get(jobId) ?? []) listener(event);
  }

  async function open(): Promise<Reader> {
    // Start from the stream's current end, read *before* the caller takes its snapshot, so
    // no event between snapshot and subscription is lost (a duplicate is harmless).
    const last = await settings.redis.xrevrange(
      eventStreamKey(settings.prefix),
      "+",
      "-",
      "COUNT",
      1,
    );
    const template = settings.readerTemplate();
    const events = createQueueEvents(template, settings.prefix, {
      lastEventId: last[0]?.[0] ?? "0",
      blockingTimeoutMs: settings.blockingTimeoutMs ?? 30_000,
    });
    for (const name of ["progress", "completed", "failed", "removed"] as const)
      events.on(name, (args: { jobId: string }, id: string) => {
        const event = jobEventOf(name, args, id);
        if (event) dispatch(args.jobId, event);
      });
    events.on("error", (error) => settings.log.warn({ err: error }, "job event reader error"));
    await events.waitUntilReady();
    settings.log.debug("job event reader opened");
    return { events, template };
  }

  async function close(pending: Promise<Reader>) {
    const { events, template } = await pending;
    await events.close();
    template.disconnect();
    settings.log.debug("job event reader closed");
  }

  function release(jobId: string, listener: JobEventListener) {
    const set = listeners.get(jobId);
    if (!set?.delete(listener)) return;
    count -= 1;
    if (set.size === 0) listeners.delete(jobId);
    if (count === 0 && reader) {
      const closing = reader;
      reader = null;
      close(closing).catch((error) => settings.log.warn({ err: error }, "closing job events"));
    }
  }

  return {
    async subscribe(jobId, listener) {
      const opening = reader ?? open();
      reader = opening;
      let set = listeners.get(jobId);
      if (!set) {
        set = new Set();
        listeners.set(jobId, set);
      }
      set.add(listener);
      count += 1;
      try {
        await opening;
      } catch (error) {
        if (reader === opening) reader = null;
        release(jobId, listener);
        throw error;
      }
      return () => release(jobId, listener);
    },
    async replay(jobId, after) {
      const key = eventStreamKey(settings.prefix);
      const entries = await settings.redis.xrange(key, `(${after}`, "+", "COUNT", MAX_REPLAY);
      let complete = entries.length < MAX_REPLAY;
      // Trimmed past `after`? Then the oldest entry left is younger than the one after it.
      if (complete && entries.length > 0) {
        const [first] = await settings.redis.xrange(key, "-", "+", "COUNT", 1);
        if (first && compareEventIds(first[0], after) > 0 && first[0] === entries[0]?.[0])
          complete = false;
      }
      const events: JobEvent[] = [];
      for (const [id, fields] of entries) {
        const args: Record<string, unknown> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) args[fields[i] as string] = fields[i + 1];
        if (args.jobId !== jobId) continue;
        if (args.event === "progress") {
          try {
            args.data = JSON.parse(String(args.data));
          } catch {
            continue;
          }
        }
        const event = jobEventOf(String(args.event), args, id);
        if (event) events.push(event);
      }
      return { events, complete };
    },
    listenerCount: () => count,
    isOpen: () => reader !== null,
    async stop() {
      listeners.clear();
      count = 0;
      const closing = reader;
      reader = null;
      if (closing) await close(closing).catch(() => undefined);
    },
  };
}
