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

  it("behind a trusted proxy, entries the client writes to X-Forwarded-For win no fresh bucket", async () => {
    // The attack: a rotating first entry used to give every request a bucket of its own.
    const h = await startApi(database, { env: { RATE_LIMIT_PER_MIN: "3", TRUST_PROXY: "true" } });
    apis.push(h);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const spoofed = `198.51.100.${i}, 2001:db8::${i}, ${i}`;
      const res = await post(
        h,
        { repoUrl: `https://github.com/rotating/r${i}` },
        { "x-forwarded-for": `${spoofed}, 203.0.113.7` },
      );
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // Another client, as the proxy tells it, has a bucket of its own.
    expect(
      (
        await post(
          h,
          { repoUrl: "https://github.com/rotating/other" },
          { "x-forwarded-for": "203.0.113.8" },
        )
      ).status,
    ).toBe(202);
  });

  it("with TRUST_PROXY_HOPS=2 the client is the entry the outer proxy appended", async () => {
    // Render: Cloudflare appends the client, Render's proxy appends the Cloudflare edge.
    const h = await startApi(database, {
      env: { RATE_LIMIT_PER_MIN: "1", TRUST_PROXY: "true", TRUST_PROXY_HOPS: "2" },
    });
    apis.push(h);
    const via = (spoof: string, client: string, edge: string) => ({
      "x-forwarded-for": `${spoof}, ${client}, ${edge}`,
    });
    expect(
      (
        await post(
          h,
          { repoUrl: "https://github.com/h/a" },
          via("1.1.1.1", "203.0.113.1", "104.22.17.40"),
        )
      ).status,
    ).toBe(202);
    // Same client through another edge, with another spoofed entry: the same bucket.
    expect(
      (
        await post(
          h,
          { repoUrl: "https://github.com/h/b" },
          via("2.2.2.2", "203.0.113.1", "104.22.17.41"),
        )
      ).status,
    ).toBe(429);
    expect(
      (
        await post(
          h,
          { repoUrl: "https://github.com/h/c" },
          via("1.1.1.1", "203.0.113.2", "104.22.17.40"),
        )
      ).status,
    ).toBe(202);
  });

  it("addresses of one IPv6 /64 share a bucket", async () => {
    const h = await startApi(database, { env: { RATE_LIMIT_PER_MIN: "2", TRUST_PROXY: "true" } });
    apis.push(h);
    const from = (address: string) => ({ "x-forwarded-for": address });
    const statuses = [];
    for (const [i, suffix] of [":1", ":2", "dead:beef:1:2", "ffff:ffff:ffff:ffff"].entries())
      statuses.push(
        (await post(h, { repoUrl: `https://github.com/v6/r${i}` }, from(`2001:db8:5:6:${suffix}`)))
          .status,
      );
    expect(statuses).toEqual([202, 202, 429, 429]);
    expect(
      (await post(h, { repoUrl: "https://github.com/v6/other" }, from("2001:db8:5:7::1"))).status,
    ).toBe(202);
  });

  it("a malformed proxy entry, or no trust in proxies at all, counts the socket's peer", async () => {
    const trusting = await startApi(database, {
      env: { RATE_LIMIT_PER_MIN: "1", TRUST_PROXY: "true" },
    });
    const wary = await startApi(database, { env: { RATE_LIMIT_PER_MIN: "1" } });
    apis.push(trusting, wary);

    // Garbage where the proxy's entry belongs: the peer (127.0.0.1) is the bucket, so the
    // second garbage value lands in the same one.
    expect(
      (
        await post(
          trusting,
          { repoUrl: "https://github.com/m/a" },
          { "x-forwarded-for": "not-an-ip" },
        )
      ).status,
    ).toBe(202);
    expect(
      (
        await post(
          trusting,
          { repoUrl: "https://github.com/m/b" },
          { "x-forwarded-for": "1.2.3.4, 0x7f.1" },
        )
      ).status,
    ).toBe(429);

    // Not trusted: the header is anyone's to write, so every request counts for the socket.
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    expect(
      (await post(wary, { repoUrl: "https://github.com/r/d" }, from("203.0.113.1"))).status,
    ).toBe(202);
    expect(
      (await post(wary, { repoUrl: "https://github.com/r/e" }, from("203.0.113.2"))).status,
    ).toBe(429);
  });
});
