import type { QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../log/index.ts";
import {
  type AnalysisProgress,
  analysisProgress,
  createQueueEvents,
  eventStreamKey,
} from "../queue/index.ts";

/**
 * Live job events for SSE clients. One QueueEvents reader (one Redis connection, one XREAD
 * BLOCK loop) serves every client of every job in this process, and it exists only while at
 * least one client listens: an idle API sends Redis nothing.
 */

export type JobEvent =
  | { type: "progress"; progress: AnalysisProgress }
  | { type: "completed" }
  | { type: "failed"; failedReason: string }
  | { type: "removed" };

export type JobEventListener = (event: JobEvent) => void;

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
    events.on("progress", ({ jobId, data }) => {
      const progress = analysisProgress.safeParse(data);
      if (progress.success) dispatch(jobId, { type: "progress", progress: progress.data });
    });
    events.on("completed", ({ jobId }) => dispatch(jobId, { type: "completed" }));
    events.on("failed", ({ jobId, failedReason }) =>
      dispatch(jobId, { type: "failed", failedReason }),
    );
    events.on("removed", ({ jobId }) => dispatch(jobId, { type: "removed" }));
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
