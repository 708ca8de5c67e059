import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestDatabase } from "../helpers/services.ts";
import {
  type Harness,
  migratedDatabase,
  post,
  startProxiedApi,
  startTestWorker,
} from "./harness.ts";
import type { TcpProxy } from "./tcp-proxy.ts";

let database: TestDatabase;
let redisProxy: TcpProxy;
let pgProxy: TcpProxy;
let h: Harness;

beforeAll(async () => {
  database = await migratedDatabase("api_outage");
  ({ h, redisProxy, pgProxy } = await startProxiedApi(database));
});
afterAll(async () => {
  await h.close();
  await redisProxy.close();
  await pgProxy.close();
  await database.drop();
});

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("when Redis goes away", () => {
  it("submit answers 503 fast, health stays up, and everything recovers with nothing accepted lost", async () => {
    const before = await post(h, { repoUrl: "https://github.com/outage/accepted" });
    expect(before.status).toBe(202);
    const { id } = (await before.json()) as { id: string };

    await redisProxy.stop();
    await expect.poll(async () => h.redis.status !== "ready", { timeout: 5000 }).toBe(true);

    const refused = await post(h, { repoUrl: "https://github.com/outage/refused" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBeTruthy();
    expect(await errorCode(refused)).toBe("REDIS_UNAVAILABLE");

    expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
    const status = await fetch(`${h.url}/api/status`);
    expect(status.status).toBe(503);
    expect(await status.json()).toMatchObject({
      overall_status: "unhealthy",
      redis: { ok: false },
      database: { ok: true },
    });
    // Reads fall back to Postgres.
    expect(await (await fetch(`${h.url}/api/analyses/${id}`)).json()).toMatchObject({
      id,
      status: "queued",
    });
    expect((await fetch(`${h.url}/api/stats`)).status).toBe(503);
    // Nothing of the refused submission was kept.
    const { rows } = await h.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM analyses WHERE repo_url LIKE '%refused'",
    );
    expect(rows[0]?.n).toBe(0);

    await redisProxy.start();
    await expect.poll(async () => h.redis.status === "ready", { timeout: 15_000 }).toBe(true);
    const after = await post(h, { repoUrl: "https://github.com/outage/after" });
    expect(after.status).toBe(202);

    // The job accepted before the outage is still there and runs to completion.
    const worker = await startTestWorker(h);
    try {
      await expect
        .poll(
          async () => {
            const v = (await (await fetch(`${h.url}/api/analyses/${id}`)).json()) as {
              status: string;
            };
            return v.status === "completed";
          },
          { timeout: 10_000 },
        )
        .toBe(true);
    } finally {
      await worker.close();
    }
  });
});

describe("when Postgres goes away", () => {
  it("submit answers 503 with nothing queued, health stays up, and it recovers", async () => {
    const waitingBefore = await h.queue.getWaitingCount();
    await pgProxy.stop();

    const refused = await post(h, { repoUrl: "https://github.com/outage/pg-refused" });
    expect(refused.status).toBe(503);
    expect(await errorCode(refused)).toBe("DATABASE_UNAVAILABLE");
    expect(await h.queue.getWaitingCount()).toBe(waitingBefore);
    expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
    expect(await (await fetch(`${h.url}/api/status`)).json()).toMatchObject({
      overall_status: "unhealthy",
      database: { ok: false },
      redis: { ok: true },
    });
    expect((await fetch(`${h.url}/api/analyses`)).status).toBe(503);

    await pgProxy.start();
    const accepted = await vi.waitFor(
      async () => {
        const res = await post(h, { repoUrl: "https://github.com/outage/pg-after" });
        expect(res.status).toBe(202);
        return res;
      },
      { timeout: 10_000 },
    );
    expect(accepted.status).toBe(202);
    expect((await fetch(`${h.url}/api/analyses`)).status).toBe(200);
  });
});
