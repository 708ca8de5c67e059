import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFinishedViews } from "../../src/api/finished-views.ts";
import type { TestDatabase } from "../helpers/services.ts";
import {
  followEvents,
  type Harness,
  migratedDatabase,
  post,
  startProxiedApi,
  startTestWorker,
  type TestWorker,
} from "./harness.ts";
import type { TcpProxy } from "./tcp-proxy.ts";

const FRONTEND = "https://repolens.example.com";

describe("the finished-view cache", () => {
  it("keeps views within its byte budget, dropping the least recently read first", () => {
    // Each entry is about 2.2 KB: six fit.
    const views = createFinishedViews({ maxBytes: 14_000 });
    const body = (n: number) => JSON.stringify({ n, pad: "x".repeat(1000) });
    for (let i = 0; i < 4; i++) views.put(`a${i}`, body(i));
    expect(views.get("a0")?.json).toBe(body(0)); // a0 is now the most recent
    for (let i = 4; i < 8; i++) views.put(`a${i}`, body(i));
    expect(views.bytes()).toBeLessThanOrEqual(14_000);
    expect(views.size()).toBe(6);
    expect(views.get("a0")).toBeDefined();
    expect(views.get("a1")).toBeUndefined();
    expect(views.get("a2")).toBeUndefined();
    expect(views.get("a3")).toBeDefined();
    expect(views.get("a7")).toBeDefined();
  });

  it("does not keep a view over a quarter of its budget, yet gives it its ETag", () => {
    const views = createFinishedViews({ maxBytes: 4 * 1024 * 1024 });
    const huge = JSON.stringify({ pad: "é".repeat(1024 * 1024) });
    const entry = views.put("big", huge);
    expect(entry.etag).toMatch(/^"[\w-]{27}"$/);
    expect(entry.length).toBe(Buffer.byteLength(huge));
    expect(views.get("big")).toBeUndefined();
    expect(views.bytes()).toBe(0);
  });

  it("gives equal bodies equal ETags and different bodies different ones", () => {
    const views = createFinishedViews({ maxBytes: 0 });
    expect(views.put("a", "{}").etag).toBe(views.put("b", "{}").etag);
    expect(views.put("a", "{}").etag).not.toBe(views.put("a", '{"x":1}').etag);
  });
});

describe("reads of finished analyses", () => {
  let database: TestDatabase;
  let redisProxy: TcpProxy;
  let pgProxy: TcpProxy;
  let h: Harness;
  let worker: TestWorker | null;

  beforeAll(async () => {
    database = await migratedDatabase("api_reads");
    ({ h, redisProxy, pgProxy } = await startProxiedApi(database, {
      env: { FRONTEND_URL: FRONTEND, RATE_LIMIT_PER_MIN: "0" },
    }));
    worker = await startTestWorker(h);
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    await redisProxy.close();
    await pgProxy.close();
    await database.drop();
  });

  async function finished(repo: string): Promise<string> {
    const res = await post(h, { repoUrl: `https://github.com/reads/${repo}` });
    const { id } = (await res.json()) as { id: string };
    await expect
      .poll(
        async () => {
          const view = (await (await fetch(`${h.url}/api/analyses/${id}`)).json()) as {
            status: string;
          };
          return view.status === "completed";
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    return id;
  }

  it("the answer from memory carries the same headers as the app's, request id included", async () => {
    const id = await finished("headers");
    const viaApp = await fetch(`${h.url}/api/analyses/${id}?via=app`, {
      headers: { origin: FRONTEND, "x-request-id": "caller-1" },
    });
    const viaMemory = await fetch(`${h.url}/api/analyses/${id}`, {
      headers: { origin: FRONTEND, "x-request-id": "caller-2" },
    });
    const names = (r: Response) =>
      [...r.headers.keys()].filter((k) => !["date", "connection", "keep-alive"].includes(k));
    expect(names(viaMemory).sort()).toEqual(names(viaApp).sort());
    expect(viaMemory.headers.get("x-request-id")).toBe("caller-2");
    for (const name of names(viaApp).filter((n) => n !== "x-request-id"))
      expect([name, viaMemory.headers.get(name)]).toEqual([name, viaApp.headers.get(name)]);
  });

  it("an analysis still running is never cached", async () => {
    // Paused, the queue holds the job in `queued` while it is read.
    await h.queue.pause();
    const res = await post(h, { repoUrl: "https://github.com/reads/running" }, {});
    const { id } = (await res.json()) as { id: string };
    const view = await fetch(`${h.url}/api/analyses/${id}`);
    expect(((await view.json()) as { status: string }).status).toBe("queued");
    expect(view.headers.get("etag")).toBeNull();
    expect(view.headers.get("cache-control")).toBe("no-store");
    await h.queue.resume();
    await expect
      .poll(
        async () => {
          const r = await fetch(`${h.url}/api/analyses/${id}`);
          return ((await r.json()) as { status: string }).status === "completed";
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  it("a history page after a cursor whose analyses all finished gets an ETag; the first page never does", async () => {
    for (const repo of ["h1", "h2", "h3"]) await finished(repo);
    const first = await fetch(`${h.url}/api/analyses?limit=1`);
    expect(first.headers.get("etag")).toBeNull();
    const { nextCursor } = (await first.json()) as { nextCursor: string };
    const url = `${h.url}/api/analyses?limit=1&cursor=${nextCursor}`;
    const second = await fetch(url);
    const etag = second.headers.get("etag") as string;
    expect(etag).toBeTruthy();
    await pgProxy.stop();
    try {
      const revalidated = await fetch(url, { headers: { "if-none-match": etag } });
      expect(revalidated.status).toBe(304);
    } finally {
      await pgProxy.start();
    }
  });

  it("a finished analysis answers from memory with a strong ETag, 304 on revalidation, with Redis and Postgres both gone", async () => {
    const id = await finished("etag");
    const url = `${h.url}/api/analyses/${id}`;
    const headers = { origin: FRONTEND };
    // Through the app (its first read after it finished was the poll above) and from memory.
    const first = await fetch(url, { headers });
    const body = await first.text();
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    // Its connections would be cut too; nothing here needs it any more.
    await worker?.close();
    worker = null;

    await redisProxy.stop();
    await pgProxy.stop();
    try {
      await answersWithoutServices();
    } finally {
      await redisProxy.start();
      await pgProxy.start();
    }
    async function answersWithoutServices() {
      const again = await fetch(url, { headers });
      expect(again.status).toBe(200);
      expect(await again.text()).toBe(body);
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("access-control-allow-origin")).toBe(FRONTEND);
      expect(again.headers.get("content-type")).toBe("application/json");

      const revalidated = await fetch(url, { headers: { ...headers, "if-none-match": etag } });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe("");
      expect(revalidated.headers.get("etag")).toBe(etag);

      // The event stream of a finished analysis: its snapshot, from memory too, then the end.
      const events = followEvents(`${url}/events`);
      await events.ended;
      expect(events.events.map((e) => [e.event, e.data.status])).toEqual([
        ["snapshot", "completed"],
      ]);

      // A refused origin gets nothing it could read, from memory as from the app.
      const foreign = await fetch(url, { headers: { origin: "https://evil.example" } });
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});
