import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ApiError, guard } from "../../src/api/errors.ts";
import { createPool } from "../../src/db/pool.ts";
import { freePort } from "../helpers/processes.ts";
import { databaseUrl } from "../helpers/services.ts";

const failureOf = (work: () => Promise<unknown>, service: "redis" | "database") =>
  guard(service, work).then(
    () => {
      throw new Error("the call succeeded");
    },
    (error: unknown) => error,
  );

describe("guard", () => {
  const url = new URL(databaseUrl());
  url.username = "repolens_no_such_role";
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  const good = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await pool.end();
    await good.end();
  });

  it("answers 503 DATABASE_UNAVAILABLE when Postgres refuses the credentials, not a 500", async () => {
    const error = await failureOf(() => pool.query("SELECT 1"), "database");
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });

  it("answers 503 DATABASE_UNAVAILABLE when nothing listens where Postgres should be (ECONNREFUSED)", async () => {
    const away = new pg.Pool({ host: "127.0.0.1", port: await freePort(), max: 1 });
    const error = await failureOf(() => away.query("SELECT 1"), "database");
    await away.end();
    expect(error).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });

  it("answers 503 DATABASE_UNAVAILABLE when the Neon driver's WebSocket cannot connect, not a 500", async () => {
    const neon = await createPool({
      url: "postgres://user:secret@ep-away.neon.tech/db",
      driver: "neon",
      neon: { wsProxy: `127.0.0.1:${await freePort()}/v1`, useSecureWebSocket: false },
    });
    const raw = await neon.query("SELECT 1").catch((error: unknown) => error);
    const error = await failureOf(() => neon.query("SELECT 1"), "database");
    await neon.end();
    expect(raw).toBeInstanceOf(Error);
    expect(raw).toMatchObject({ code: "ECONNREFUSED" });
    expect(error).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });

  it("answers 503 REDIS_UNAVAILABLE for ioredis's own connection errors (no offline queue, retries spent)", async () => {
    const port = await freePort();
    const noQueue = new Redis({ port, enableOfflineQueue: false, lazyConnect: true });
    const noRetries = new Redis({ port, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    clients.push(noQueue, noRetries);
    // Reconnection failures are also emitted; they are not what this test looks at.
    for (const client of clients) client.on("error", () => undefined);
    for (const client of clients)
      expect(await failureOf(() => client.get("k"), "redis")).toMatchObject({
        status: 503,
        code: "REDIS_UNAVAILABLE",
      });
  });

  it("lets a bug through as it is: a TypeError, a plain Error, a query Postgres rejects", async () => {
    const bug = new TypeError("undefined is not a function");
    await expect(guard("database", () => Promise.reject(bug))).rejects.toBe(bug);
    // Text about a connection is not an outage: only what the error is counts.
    const plain = new Error("the connection string names no host");
    await expect(guard("redis", () => Promise.reject(plain))).rejects.toBe(plain);
    await expect(guard("database", () => good.query("SELEC 1"))).rejects.toMatchObject({
      code: "42601",
    });
  });
});
