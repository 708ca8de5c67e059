import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beat } from "../../src/queue/index.ts";
import type { TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, startApi } from "./harness.ts";

let database: TestDatabase;
let h: Harness;
beforeAll(async () => {
  database = await migratedDatabase("split");
  h = await startApi(database);
});
afterAll(async () => {
  await h.close();
  await database.drop();
});

describe("split deployment (no supervisor reports a worker to this API)", () => {
  it("/api/status sees the workers of other containers by their heartbeats", async () => {
    const status = async () =>
      (await (await fetch(`${h.url}/api/status`)).json()) as {
        worker_ok: boolean | null;
        workers: Array<{ id: string; heartbeatAgeS: number }> | null;
        overall_status: string;
      };
    expect(await status()).toMatchObject({
      worker_ok: false,
      workers: [],
      overall_status: "degraded",
    });
    await beat(h.redis, h.prefix, "worker-a");
    expect(await status()).toMatchObject({
      worker_ok: true,
      workers: [{ id: "worker-a", heartbeatAgeS: 0 }],
      overall_status: "healthy",
    });
  });

  it("/api/health stays free of Redis: it reports no worker rather than guess", async () => {
    expect(await (await fetch(`${h.url}/api/health`)).json()).toMatchObject({
      status: "ok",
      worker_ok: null,
      worker: null,
    });
  });
});
