import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/services.ts";
import {
  followEvents,
  type Harness,
  migratedDatabase,
  post,
  startApi,
  startTestWorker,
  type TestWorker,
} from "./harness.ts";

let database: TestDatabase;
const apis: Harness[] = [];
let worker: TestWorker | undefined;

beforeAll(async () => {
  database = await migratedDatabase("api_streams");
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  for (const api of apis.splice(0)) await api.close();
});
afterAll(async () => {
  await database.drop();
});

async function api(env: Record<string, string>): Promise<Harness> {
  const h = await startApi(database, { env, sseKeepAliveMs: 200 });
  apis.push(h);
  return h;
}

async function submit(h: Harness, repoUrl: string) {
  const res = await post(h, { repoUrl });
  expect(res.status).toBe(202);
  return (await res.json()) as { id: string; cancelToken: string };
}

const from = (address: string) => ({ "x-forwarded-for": address });

async function refusal(res: Response) {
  return {
    status: res.status,
    code: ((await res.json()) as { error: { code: string } }).error.code,
    retryAfter: Number(res.headers.get("retry-after")),
  };
}

async function openStreams(h: Harness): Promise<number> {
  const status = (await (await fetch(`${h.url}/api/status`)).json()) as {
    api: { openStreams: number };
  };
  return status.api.openStreams;
}

describe("open event streams are capped", () => {
  it("a client past SSE_MAX_STREAMS_PER_CLIENT gets 429 TOO_MANY_STREAMS before anything is looked up", async () => {
    const h = await api({ SSE_MAX_STREAMS_PER_CLIENT: "2", TRUST_PROXY: "true" });
    const { id } = await submit(h, "https://github.com/streams/per-client");
    const events = `${h.url}/api/analyses/${id}/events`;
    const streams = [
      followEvents(events, from("203.0.113.1")),
      followEvents(events, from("203.0.113.1")),
    ];
    for (const stream of streams) await stream.waitFor("snapshot");

    const refused = await refusal(await fetch(events, { headers: from("203.0.113.1") }));
    expect(refused).toMatchObject({ status: 429, code: "TOO_MANY_STREAMS" });
    expect(refused.retryAfter).toBeGreaterThan(0);
    // An id nobody has would be a 404 had Postgres or Redis been asked.
    const unknown = await fetch(`${h.url}/api/analyses/no-such-id/events`, {
      headers: from("203.0.113.1"),
    });
    expect((await refusal(unknown)).code).toBe("TOO_MANY_STREAMS");
    expect(h.hub.listenerCount()).toBe(2);

    const other = followEvents(events, from("203.0.113.2"));
    await other.waitFor("snapshot");
    for (const stream of [...streams, other]) stream.close();
  });

  it("past SSE_MAX_STREAMS every client gets 503 STREAMS_FULL, and reads still answer", async () => {
    const h = await api({ SSE_MAX_STREAMS: "2", TRUST_PROXY: "true" });
    const { id } = await submit(h, "https://github.com/streams/global");
    const events = `${h.url}/api/analyses/${id}/events`;
    const streams = [
      followEvents(events, from("203.0.113.1")),
      followEvents(events, from("203.0.113.2")),
    ];
    for (const stream of streams) await stream.waitFor("snapshot");

    const refused = await refusal(await fetch(events, { headers: from("203.0.113.3") }));
    expect(refused).toMatchObject({ status: 503, code: "STREAMS_FULL" });
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect((await fetch(`${h.url}/api/analyses/${id}`)).status).toBe(200);
    for (const stream of streams) stream.close();
  });

  it("a stream gives its place back when the client leaves, when the analysis ends, and at shutdown", async () => {
    const h = await api({ SSE_MAX_STREAMS_PER_CLIENT: "1" });
    const { id, cancelToken } = await submit(h, "https://github.com/streams/release");
    const events = `${h.url}/api/analyses/${id}/events`;

    // The client leaves.
    const first = followEvents(events);
    await first.waitFor("snapshot");
    expect((await fetch(events)).status).toBe(429);
    first.close();
    await expect.poll(() => openStreams(h)).toBe(0);

    // The analysis ends: the stream closes after its terminal event.
    const second = followEvents(events);
    await second.waitFor("snapshot");
    const cancelled = await fetch(`${h.url}/api/analyses/${id}`, {
      method: "DELETE",
      headers: { "x-cancel-token": cancelToken },
    });
    expect(cancelled.status).toBe(200);
    await second.ended;
    expect(second.events.at(-1)?.event).toBe("cancelled");
    await expect.poll(() => openStreams(h)).toBe(0);
    // A finished analysis's stream is one snapshot, and its place is free again at once.
    for (let i = 0; i < 3; i++) {
      const done = followEvents(events);
      await done.ended;
      expect(done.events.map((e) => e.event)).toEqual(["snapshot"]);
    }

    // Shutdown.
    const running = await submit(h, "https://github.com/streams/shutdown");
    const third = followEvents(`${h.url}/api/analyses/${running.id}/events`);
    await third.waitFor("snapshot");
    expect(await openStreams(h)).toBe(1);
    h.closing.abort();
    await third.ended;
    await expect.poll(() => openStreams(h)).toBe(0);
  });

  it("idle streams hold no Postgres connection: with more streams than the pool has connections, a report still reads", async () => {
    const h = await api({ SSE_MAX_STREAMS_PER_CLIENT: "20" });
    worker = await startTestWorker(h, { hold: true });
    const done = await submit(h, "https://github.com/streams/report");
    await worker.started(done.id);
    worker.release(done.id);
    await expect
      .poll(async () => (await h.jobs.get(done.id))?.status === "completed", { timeout: 5000 })
      .toBe(true);

    const { id } = await submit(h, "https://github.com/streams/held");
    await worker.started(id);
    // The pool has 4 connections (src/db/pool.ts); twice as many streams follow a running job.
    const streams = Array.from({ length: 8 }, () =>
      followEvents(`${h.url}/api/analyses/${id}/events`),
    );
    for (const stream of streams) await stream.waitFor("snapshot");
    expect(h.hub.listenerCount()).toBe(8);

    const report = await fetch(`${h.url}/api/analyses/${done.id}`);
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({ status: "completed", result: { totals: {} } });
    expect((await fetch(`${h.url}/api/analyses`)).status).toBe(200);

    worker.release(id);
    for (const stream of streams) await stream.waitFor("completed");
  });

  it("the followers of one analysis share one read of its end, whatever their number", async () => {
    const h = await api({ SSE_MAX_STREAMS_PER_CLIENT: "20" });
    worker = await startTestWorker(h, { hold: true });
    const { id } = await submit(h, "https://github.com/streams/shared-end");
    await worker.started(id);
    const streams = Array.from({ length: 12 }, () =>
      followEvents(`${h.url}/api/analyses/${id}/events`),
    );
    for (const stream of streams) await stream.waitFor("snapshot");

    const query = h.db.query.bind(h.db);
    let reads = 0;
    h.db.query = ((text: string, values?: unknown[]) => {
      if (text.includes("FROM analyses WHERE id = $1") && values?.[0] === id) reads += 1;
      return query(text, values);
    }) as typeof h.db.query;
    worker.release(id);
    for (const stream of streams) await stream.waitFor("completed");

    const bodies = new Set(streams.map((s) => JSON.stringify(s.events.at(-1)?.data)));
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0] as string)).toMatchObject({ status: "completed" });
    expect(reads).toBe(1);
  });
});
