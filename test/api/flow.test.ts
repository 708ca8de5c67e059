import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
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
let h: Harness;
let worker: TestWorker | undefined;

beforeAll(async () => {
  database = await migratedDatabase("api_flow");
  h = await startApi(database, { sseKeepAliveMs: 200 });
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});
afterAll(async () => {
  await h.close();
  await database.drop();
});

/** Connections of this suite's shared event reader, as Redis itself lists them. */
async function eventReaders(): Promise<number> {
  const list = (await h.redis.client("LIST")) as string;
  return list
    .split("\n")
    .filter((line) => line.includes(`name=${h.prefix}:`) && line.includes(":qe")).length;
}

async function submit(repoUrl: string, extra: Record<string, unknown> = {}) {
  const res = await post(h, { repoUrl, ...extra });
  expect(res.status).toBe(202);
  return (await res.json()) as {
    id: string;
    status: string;
    deduplicated: boolean;
    cancelToken?: string;
  };
}

function cancel(id: string, token = "") {
  return fetch(`${h.url}/api/analyses/${id}`, {
    method: "DELETE",
    headers: { "x-cancel-token": token },
  });
}

describe("submit, follow live, read back", () => {
  it("two SSE clients see snapshot, progress and completion in order over one shared subscription", async () => {
    const { id, status } = await submit("https://github.com/acme/flow");
    expect(status).toBe("queued");
    expect(await eventReaders()).toBe(0);

    worker = await startTestWorker(h, { hold: true });
    await worker.started(id);
    const a = followEvents(`${h.url}/api/analyses/${id}/events`);
    const b = followEvents(`${h.url}/api/analyses/${id}/events`);
    await a.waitFor("snapshot");
    await b.waitFor("snapshot");
    expect((await a.response).headers.get("content-type")).toContain("text/event-stream");
    expect(h.hub.listenerCount()).toBe(2);
    expect(await eventReaders()).toBe(1);
    // Nothing happens for a while: keep-alive comments hold the stream open.
    await expect.poll(async () => a.comments() >= 1, { timeout: 5000 }).toBe(true);

    worker.release(id);
    await a.ended;
    await b.ended;
    for (const client of [a, b]) {
      const names = client.events.map((e) => e.event);
      expect(names[0]).toBe("snapshot");
      expect(names.at(-1)).toBe("completed");
      expect(names.filter((n) => n === "completed")).toHaveLength(1);
      const percentages = client.events
        .filter((e) => e.event === "progress")
        .map((e) => e.data.progress.percentage);
      expect(percentages.length).toBeGreaterThan(0);
      expect(percentages).toEqual([...percentages].sort((x, y) => x - y));
      expect(client.events.at(-1)?.data.result).toMatchObject({ totals: { files: 2 } });
    }
    // Both clients left: the shared reader and its Redis connection are gone.
    await expect
      .poll(async () => h.hub.listenerCount() === 0 && !h.hub.isOpen(), { timeout: 5000 })
      .toBe(true);
    await expect.poll(async () => (await eventReaders()) === 0, { timeout: 5000 }).toBe(true);

    const res = await fetch(`${h.url}/api/analyses/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id,
      status: "completed",
      repoUrl: "https://github.com/acme/flow",
      progress: { percentage: 100 },
      attempts: 1,
      cached: false,
      result: { repo: { url: "https://github.com/acme/flow" } },
    });
  });

  it("a client that connects after the end gets the final snapshot and the stream closes", async () => {
    worker = await startTestWorker(h);
    const { id } = await submit("https://github.com/acme/late");
    await expect
      .poll(
        async () => {
          const res = await fetch(`${h.url}/api/analyses/${id}`);
          return ((await res.json()) as { status: string }).status === "completed";
        },
        { timeout: 5000 },
      )
      .toBe(true);
    const late = followEvents(`${h.url}/api/analyses/${id}/events`);
    await late.ended;
    expect(late.events.map((e) => e.event)).toEqual(["snapshot"]);
    expect(late.events[0]?.data.status).toBe("completed");
    expect(h.hub.isOpen()).toBe(false);
  });

  it("the same repo+ref while queued or running answers that job's id; another ref is another job", async () => {
    const first = await submit("https://github.com/acme/dedupe", { ref: "main" });
    const again = await submit("https://GitHub.com/acme/dedupe.git", { ref: "main" });
    expect(again).toMatchObject({ id: first.id, deduplicated: true });
    const other = await submit("https://github.com/acme/dedupe", { ref: "dev" });
    expect(other.id).not.toBe(first.id);
    const history = await (
      await fetch(`${h.url}/api/analyses?repoUrl=https://github.com/acme/dedupe`)
    ).json();
    expect((history as { items: unknown[] }).items).toHaveLength(2);
  });

  it("a completed analysis of the same commit is reused, unless force", async () => {
    worker = await startTestWorker(h);
    const repoUrl = "https://github.com/acme/cached";
    const first = await submit(repoUrl);
    await expect
      .poll(async () => (await h.jobs.get(first.id))?.status === "completed", { timeout: 5000 })
      .toBe(true);

    const second = await submit(repoUrl);
    expect(second.id).not.toBe(first.id);
    const view = await vi.waitFor(
      async () => {
        const v = (await (await fetch(`${h.url}/api/analyses/${second.id}`)).json()) as {
          status: string;
          cached: boolean;
          result?: unknown;
        };
        expect(v.status).toBe("completed");
        return v;
      },
      { timeout: 5000 },
    );
    expect(view).toMatchObject({ cached: true, result: { totals: { files: 2 } } });

    const forced = await submit(repoUrl, { force: true });
    const fresh = await vi.waitFor(
      async () => {
        const v = (await (await fetch(`${h.url}/api/analyses/${forced.id}`)).json()) as {
          status: string;
          cached: boolean;
        };
        expect(v.status).toBe("completed");
        return v;
      },
      { timeout: 5000 },
    );
    expect(fresh.cached).toBe(false);
  });

  it("cancelling a queued job removes it; its followers see `cancelled`", async () => {
    const { id, cancelToken } = await submit("https://github.com/acme/cancel-queued");
    const follower = followEvents(`${h.url}/api/analyses/${id}/events`);
    await follower.waitFor("snapshot");
    const res = await cancel(id, cancelToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, status: "cancelled", cancelRequested: false });
    await follower.ended;
    expect(follower.events.map((e) => e.event)).toEqual(["snapshot", "cancelled"]);
    expect(await h.queue.getJob(id)).toBeUndefined();
    const view = await (await fetch(`${h.url}/api/analyses/${id}`)).json();
    expect(view).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    // Cancelled twice: already finished.
    expect((await cancel(id, cancelToken)).status).toBe(409);
  });

  it("cancelling a running job aborts its worker cooperatively and ends as cancelled", async () => {
    worker = await startTestWorker(h, { hold: true });
    const { id, cancelToken } = await submit("https://github.com/acme/cancel-running");
    await worker.started(id);
    const follower = followEvents(`${h.url}/api/analyses/${id}/events`);
    await follower.waitFor("snapshot");
    const res = await cancel(id, cancelToken);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id, status: "active", cancelRequested: true });
    await follower.ended;
    expect(follower.events.at(-1)?.event).toBe("cancelled");
    const view = await vi.waitFor(
      async () => {
        const v = (await (await fetch(`${h.url}/api/analyses/${id}`)).json()) as { status: string };
        expect(v.status).toBe("cancelled");
        return v;
      },
      { timeout: 5000 },
    );
    expect(view).toMatchObject({ status: "cancelled", error: { code: "CANCELLED" } });
    expect((await h.queue.getJob(id))?.attemptsMade).toBe(1);
  });

  it("a job Redis no longer holds still answers from Postgres, report included", async () => {
    worker = await startTestWorker(h);
    const { id } = await submit("https://github.com/acme/evicted");
    await expect
      .poll(async () => (await h.jobs.get(id))?.status === "completed", { timeout: 5000 })
      .toBe(true);
    await h.queue.remove(id);
    expect(await h.queue.getJob(id)).toBeUndefined();

    const res = await fetch(`${h.url}/api/analyses/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id,
      status: "completed",
      result: { totals: { code: 10 } },
    });
    expect((await fetch(`${h.url}/api/analyses/no-such-job`)).status).toBe(404);
  });

  it("history pages newest first with a cursor", async () => {
    const ids: string[] = [];
    for (const name of ["p1", "p2", "p3"])
      ids.push((await submit(`https://github.com/pages/${name}`)).id);
    const first = (await (await fetch(`${h.url}/api/analyses?limit=2`)).json()) as {
      items: { id: string }[];
      nextCursor: string;
    };
    expect(first.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    const second = (await (
      await fetch(`${h.url}/api/analyses?limit=2&cursor=${first.nextCursor}`)
    ).json()) as {
      items: { id: string }[];
    };
    expect(second.items[0]?.id).toBe(ids[0]);
  });

  it("stats count the queue", async () => {
    const res = await fetch(`${h.url}/api/stats`);
    expect(res.status).toBe(200);
    const counts = (await res.json()) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([
      "active",
      "completed",
      "delayed",
      "failed",
      "waiting",
    ]);
    expect(counts.completed).toBeGreaterThan(0);
  });
});
