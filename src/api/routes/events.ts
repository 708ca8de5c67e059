import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type SSEStreamingApi, streamSSE } from "hono/streaming";
import { CANCELLED, isTerminal, parseFailure } from "../../queue/index.ts";
import type { AnalysisService, AnalysisView } from "../analyses.ts";
import type { ApiEnv } from "../context.ts";
import { ApiError, guard, REDIS_UNAVAILABLE, redisUnavailable } from "../errors.ts";
import { compareEventIds, EVENT_ID, type EventHub, type JobEvent } from "../event-hub.ts";
import { ErrorSchema, IdParam } from "../schemas.ts";
import type { StreamSlots, StreamSlotsOptions } from "../stream-slots.ts";
import { validationHook } from "../validation.ts";

export interface EventsDeps {
  service: AnalysisService;
  hub: EventHub;
  /** Comment lines keep proxies from closing a quiet stream; default 15 s. */
  keepAliveMs?: number;
  /** Aborted when the API shuts down: every stream ends. */
  closing: AbortSignal;
  /** Open streams, counted per client and in all; a stream holds its slot until it ends. */
  slots: StreamSlots;
}

/** Seconds a refused client is asked to wait: about how long a quick analysis takes. */
const STREAM_RETRY_AFTER_S = 15;

const route = createRoute({
  method: "get",
  path: "/api/analyses/{id}/events",
  summary: "Follow an analysis live (Server-Sent Events)",
  description:
    "Events: `snapshot` (the analysis, first), `progress` ({id, progress}), then exactly one of " +
    "`completed` / `failed` / `cancelled` (the analysis) and the stream ends. A comment line " +
    "`: keep-alive` every 15 s. `progress` and the final event carry an SSE `id`; a client that " +
    "reconnects with `Last-Event-ID` (as EventSource does) gets, instead of a new snapshot, " +
    "exactly the events that came after it, or a snapshot if they are no longer all known.",
  request: { params: IdParam },
  responses: {
    200: {
      description: "An event stream",
      content: { "text/event-stream": { schema: z.string() } },
    },
    404: {
      description: "No such analysis",
      content: { "application/json": { schema: ErrorSchema } },
    },
    429: {
      description:
        "`TOO_MANY_STREAMS`: this client already has SSE_MAX_STREAMS_PER_CLIENT streams open; " +
        "see Retry-After",
      content: { "application/json": { schema: ErrorSchema } },
    },
    503: {
      description:
        "`STREAMS_FULL`: the API has SSE_MAX_STREAMS streams open (see Retry-After; " +
        "`GET /api/analyses/{id}` still answers); or `REDIS_UNAVAILABLE`: Redis is unreachable " +
        "and the analysis is not finished",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

function terminalOf(event: JobEvent): "completed" | "failed" | "cancelled" | null {
  if (event.type === "completed") return "completed";
  if (event.type === "removed") return "cancelled";
  if (event.type === "failed")
    return parseFailure(event.failedReason).code === CANCELLED ? "cancelled" : "failed";
  return null;
}

function streamRefused(refused: "client" | "all", limits: StreamSlotsOptions): ApiError {
  const retry = { "Retry-After": String(STREAM_RETRY_AFTER_S) };
  return refused === "client"
    ? new ApiError(
        429,
        "TOO_MANY_STREAMS",
        `at most ${limits.maxPerClient} event streams per client are open at once; close one ` +
          `or retry in ${STREAM_RETRY_AFTER_S} s`,
        retry,
      )
    : new ApiError(
        503,
        "STREAMS_FULL",
        `the server has ${limits.max} event streams open, as many as it serves; retry in ` +
          `${STREAM_RETRY_AFTER_S} s, or read GET /api/analyses/{id} meanwhile`,
        retry,
      );
}

const send = (stream: SSEStreamingApi, event: string, data: unknown, id?: string) =>
  stream.writeSSE({ event, data: JSON.stringify(data), id });

/** The Last-Event-ID a reconnecting EventSource sends, if it is one this API gave out. */
const lastEventId = (header: string | undefined): string | null =>
  header && EVENT_ID.test(header) ? header : null;

/**
 * The snapshot to send first and, for an analysis not yet finished, the subscription that
 * feeds `listener`. A finished analysis is told as stored, with no subscription; otherwise
 * the subscription is made before the snapshot is read, so nothing in between is missed.
 */
async function follow(
  deps: EventsDeps,
  id: string,
  listener: (event: JobEvent) => void,
): Promise<
  | { finished: string }
  | { finished: null; snapshot: AnalysisView; unsubscribe: (() => void) | null }
> {
  // A finished analysis is told from memory after its first read, without Postgres or Redis.
  const final = await deps.service.viewBody(id, { live: false });
  if (final) return { finished: final.json };
  let unsubscribe: (() => void) | null = null;
  try {
    unsubscribe = await guard("redis", () => deps.hub.subscribe(id, listener));
  } catch (error) {
    // Without Redis, one that finished meanwhile is still told from Postgres; else 503 below.
    if (!(error instanceof ApiError && error.code === REDIS_UNAVAILABLE)) throw error;
  }
  let snapshot: AnalysisView | null;
  try {
    snapshot = await deps.service.view(id);
  } catch (error) {
    unsubscribe?.();
    throw error;
  }
  if (!snapshot) {
    unsubscribe?.();
    throw new ApiError(404, "NOT_FOUND", `no analysis with id ${id}`);
  }
  if (!unsubscribe && !isTerminal(snapshot.status)) throw redisUnavailable();
  return { finished: null, snapshot, unsubscribe };
}

/**
 * @example
 * app.route("/", eventsRoutes({ service, hub, closing: shutdown.signal, slots }));
 */
export function eventsRoutes(deps: EventsDeps) {
  const keepAliveMs = deps.keepAliveMs ?? 15_000;

  // Every follower of an analysis hears its end at the same moment; one Postgres read and one
  // serialisation of its report (up to MAX_REPORT_KB) serve them all, instead of one per stream.
  const finals = new Map<string, Promise<string>>();
  const finalPayload = (id: string, terminal: string, first: AnalysisView): Promise<string> => {
    const key = `${id}:${terminal}`;
    let payload = finals.get(key);
    if (!payload) {
      payload = deps.service
        .view(id)
        .catch(() => null)
        // The event is the authority on how it ended; Postgres may lag by a moment.
        .then((final) => JSON.stringify({ ...(final ?? first), status: terminal }))
        .finally(() => finals.delete(key));
      finals.set(key, payload);
    }
    return payload;
  };

  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    // Before any Redis or Postgres work: a refused stream costs neither.
    const slot = deps.slots.acquire(c.get("client"));
    if (!slot.ok) throw streamRefused(slot.refused, deps.slots.limits);

    const inbox: JobEvent[] = [];
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    let followed: Awaited<ReturnType<typeof follow>>;
    try {
      followed = await follow(deps, id, (event) => {
        inbox.push(event);
        notify();
      });
    } catch (error) {
      slot.release();
      throw error;
    }
    const log = c.get("log");
    const resumeFrom = lastEventId(c.req.header("last-event-id"));
    if (followed.finished !== null) {
      const json = followed.finished;
      return streamSSE(c, async (stream) => {
        try {
          // A stream resumed after the end was announced gets the end, not a new beginning.
          const event = resumeFrom ? (JSON.parse(json) as AnalysisView).status : "snapshot";
          await stream.writeSSE({ event, data: json });
        } finally {
          slot.release();
        }
      });
    }
    const { snapshot: first, unsubscribe } = followed;
    // Resuming: what came after the client's last event, from BullMQ's stream, instead of a
    // snapshot; if the stream no longer reaches back that far, a snapshot as on a first visit.
    let replayed: JobEvent[] | null = null;
    if (resumeFrom) {
      try {
        const replay = await guard("redis", () => deps.hub.replay(id, resumeFrom));
        if (replay.complete) replayed = replay.events;
      } catch (error) {
        unsubscribe?.();
        slot.release();
        throw error;
      }
    }

    return streamSSE(
      c,
      async (stream) => {
        stream.onAbort(notify);
        deps.closing.addEventListener("abort", notify);
        // Events the client has had (ids up to this one) are not sent again.
        let sentUpTo = replayed ? resumeFrom : null;
        let percentage = replayed ? -1 : first.progress.percentage;
        /** Sends `event` unless it is old news; true once the analysis has ended. */
        const deliver = async (event: JobEvent): Promise<boolean> => {
          if (sentUpTo && compareEventIds(event.id, sentUpTo) <= 0) return false;
          if (event.type === "progress") {
            // An event read before the snapshot may be older than it; never go backwards.
            if (event.progress.percentage < percentage) return false;
            percentage = event.progress.percentage;
            sentUpTo = event.id;
            await send(stream, "progress", { id, progress: event.progress }, event.id);
            return false;
          }
          const terminal = terminalOf(event);
          if (!terminal) return false;
          await stream.writeSSE({
            event: terminal,
            data: await finalPayload(id, terminal, first),
            id: event.id,
          });
          return true;
        };
        try {
          if (replayed) {
            for (const event of replayed) if (await deliver(event)) return;
          } else {
            await send(stream, "snapshot", first);
            if (isTerminal(first.status)) return;
          }
          while (!stream.aborted && !stream.closed && !deps.closing.aborted) {
            if (inbox.length === 0) {
              const quiet = await new Promise<boolean>((resolve) => {
                const timer = setTimeout(() => resolve(true), keepAliveMs);
                wake = () => {
                  clearTimeout(timer);
                  resolve(false);
                };
              });
              if (quiet) await stream.write(": keep-alive\n\n");
              continue;
            }
            for (const event of inbox.splice(0)) if (await deliver(event)) return;
          }
        } finally {
          deps.closing.removeEventListener("abort", notify);
          unsubscribe?.();
          // However the stream ended: a terminal event, the client gone, shutdown, an error.
          slot.release();
        }
      },
      async (error) => {
        log.warn({ err: error }, "event stream ended by an error");
      },
    );
  });
}
