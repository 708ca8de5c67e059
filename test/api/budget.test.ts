import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisUrl, type TestDatabase } from "../helpers/services.ts";
import { followEvents, type Harness, migratedDatabase, post, startApi } from "./harness.ts";

let database: TestDatabase;
let h: Harness;
let monitor: Redis;
const seen: string[] = [];

beforeAll(async () => {
  database = await migratedDatabase("api_budget");
  h = await startApi(database, { sseKeepAliveMs: 60_000 });
  monitor = await new Redis(redisUrl()).monitor();
  // Every command any client sends that names this suite's keys (other suites share Redis).
  monitor.on("monitor", (_time: string, args: string[]) => {
    if (args.some((a) => a.includes(h.prefix))) seen.push(args[0]?.toLowerCase() ?? "");
  });
});
afterAll(async () => {
  monitor.disconnect();
  await h.close();
  await database.drop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Redis command budget", () => {
  it("an idle API sends Redis nothing; a listened-to job costs only blocking reads", async () => {
    await pause(1500);
    expect(seen).toEqual([]);

    const { id } = (await (await post(h, { repoUrl: "https://github.com/budget/one" })).json()) as {
      id: string;
    };
    const client = followEvents(`${h.url}/api/analyses/${id}/events`);
    await client.waitFor("snapshot");
    seen.length = 0;
    // The harness's reader blocks 1 s per read; in production 30 s.
    await pause(2500);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(["xread"]));
    expect(seen.length).toBeLessThanOrEqual(4);

    client.close();
    await client.ended;
    await pause(300);
    seen.length = 0;
    await pause(1500);
    expect(seen).toEqual([]);
  });
});
