import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeFailure } from "../../src/api/status.ts";
import { createLogger } from "../../src/log/index.ts";
import { redisUrl, type TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, startApi } from "./harness.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

/**
 * `/api/status` is public: it says which dependency is down and, in short, why; where that
 * dependency lives (host names, addresses, ports, user names) and what its driver said go to
 * the log only.
 */

let database: TestDatabase;
const apis: Harness[] = [];
let redisProxy: TcpProxy | undefined;

beforeAll(async () => {
  database = await migratedDatabase("api_status");
});
afterAll(async () => {
  for (const api of apis) await api.close();
  await redisProxy?.close();
  await database.drop();
});

function capturingLog() {
  const lines: string[] = [];
  const log = createLogger({
    service: "api",
    level: "warn",
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { log, lines };
}

async function status(h: Harness) {
  const res = await fetch(`${h.url}/api/status`);
  return { code: res.status, text: await res.text() };
}

describe("/api/status tells what is down, not where", () => {
  it("a Postgres host that does not resolve reads `host not found`; its name is only in the log", async () => {
    const host = "pg-primary-7c1e.internal.invalid";
    const { log, lines } = capturingLog();
    const h = await startApi(database, {
      databaseUrl: `postgres://repolens@${host}:5432/app`,
      log,
    });
    apis.push(h);
    const { code, text } = await status(h);
    expect(code).toBe(503);
    expect(JSON.parse(text)).toMatchObject({
      overall_status: "unhealthy",
      database: { ok: false, error: "host not found" },
      redis: { ok: true },
    });
    for (const secret of ["pg-primary", "invalid", "ENOTFOUND", "getaddrinfo", "repolens@"])
      expect(text).not.toContain(secret);
    const logged = lines.find((l) => l.includes("status probe"));
    expect(logged).toContain(host);
    expect(JSON.parse(logged as string)).toMatchObject({
      dependency: "database",
      failure: "host not found",
    });
  });

  it("a Postgres that refuses the user reads `auth failed`, without the user or the address", async () => {
    const url = new URL(database.url);
    url.username = "no_such_role_4f2a";
    const h = await startApi(database, { databaseUrl: url.toString() });
    apis.push(h);
    const { text } = await status(h);
    expect(JSON.parse(text)).toMatchObject({ database: { ok: false, error: "auth failed" } });
    for (const secret of ["no_such_role", url.hostname, `:${url.port || 5432}`, "does not exist"])
      expect(text).not.toContain(secret);
  });

  it("a Redis gone away reads a short reason, without its host or port", async () => {
    const redis = new URL(redisUrl());
    redisProxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    const h = await startApi(database, { redisUrl: `redis://localhost:${redisProxy.port}` });
    apis.push(h);
    await redisProxy.stop();
    await expect.poll(async () => h.redis.status !== "ready", { timeout: 5000 }).toBe(true);
    const { text } = await status(h);
    const body = JSON.parse(text) as { redis: { ok: boolean; error: string } };
    expect(body.redis.ok).toBe(false);
    expect(["unreachable", "connection refused", "connection lost"]).toContain(body.redis.error);
    for (const secret of ["localhost", `:${redisProxy.port}`, "ECONNREFUSED", "127.0.0.1"])
      expect(text).not.toContain(secret);
  });
});

describe("a driver's error becomes a short reason", () => {
  const error = (message: string, code?: string) => Object.assign(new Error(message), { code });
  it.each([
    [error('password authentication failed for user "x"', "28P01"), "auth failed"],
    [error("WRONGPASS invalid username-password pair or user is disabled."), "auth failed"],
    [error("NOAUTH Authentication required."), "auth failed"],
    [error("getaddrinfo EAI_AGAIN db.internal", "EAI_AGAIN"), "host not found"],
    [error("connect ECONNREFUSED 10.0.0.5:5432", "ECONNREFUSED"), "connection refused"],
    [error("timeout exceeded when trying to connect"), "timeout"],
    [error('database "x" does not exist', "3D000"), "database missing"],
    [error("sorry, too many clients already", "53300"), "too many connections"],
    [
      error("self-signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"),
      "tls failed",
    ],
    [error("Connection terminated unexpectedly"), "connection lost"],
    [
      Object.assign(
        new AggregateError([error("connect ECONNREFUSED ::1:6379", "ECONNREFUSED")]),
        {},
      ),
      "connection refused",
    ],
    [error("something else entirely"), "error"],
    ["not even an Error", "error"],
  ])("%s → %s", (thrown, expected) => {
    expect(probeFailure(thrown)).toBe(expected);
  });
});
