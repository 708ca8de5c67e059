import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, post, startApi } from "./harness.ts";

let database: TestDatabase;
const apis: Harness[] = [];

beforeAll(async () => {
  database = await migratedDatabase("api_rate");
});
afterAll(async () => {
  for (const api of apis) await api.close();
  await database.drop();
});

describe("rate limit on submissions", () => {
  it("the client past RATE_LIMIT_PER_MIN gets 429 with Retry-After; reads are not limited", async () => {
    const h = await startApi(database, { env: { RATE_LIMIT_PER_MIN: "2" } });
    apis.push(h);
    expect((await post(h, { repoUrl: "https://github.com/r/one" })).status).toBe(202);
    expect((await post(h, { repoUrl: "https://github.com/r/two" })).status).toBe(202);
    const refused = await post(h, { repoUrl: "https://github.com/r/three" });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect((await fetch(`${h.url}/api/analyses`)).status).toBe(200);
  });

  it("X-Forwarded-For picks the client only when TRUST_PROXY says so", async () => {
    const trusting = await startApi(database, {
      env: { RATE_LIMIT_PER_MIN: "1", TRUST_PROXY: "true" },
    });
    const wary = await startApi(database, { env: { RATE_LIMIT_PER_MIN: "1" } });
    apis.push(trusting, wary);
    const from = (ip: string) => ({ "x-forwarded-for": `${ip}, 10.0.0.1` });

    expect(
      (await post(trusting, { repoUrl: "https://github.com/r/a" }, from("203.0.113.1"))).status,
    ).toBe(202);
    expect(
      (await post(trusting, { repoUrl: "https://github.com/r/b" }, from("203.0.113.2"))).status,
    ).toBe(202);
    expect(
      (await post(trusting, { repoUrl: "https://github.com/r/c" }, from("203.0.113.1"))).status,
    ).toBe(429);

    // Not trusted: the header is anyone's to write, so every request counts for the socket.
    expect(
      (await post(wary, { repoUrl: "https://github.com/r/d" }, from("203.0.113.1"))).status,
    ).toBe(202);
    expect(
      (await post(wary, { repoUrl: "https://github.com/r/e" }, from("203.0.113.2"))).status,
    ).toBe(429);
  });
});
