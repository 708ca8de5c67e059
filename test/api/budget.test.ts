import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billed, type Monitor, startMonitor } from "../../scripts/lib/monitor.ts";
import { type OwnRedis, startOwnRedis } from "../../scripts/lib/redis-server.ts";
import { redisUrl, type TestDatabase } from "../helpers/services.ts";
import {
  followEvents,
  type Harness,
  migratedDatabase,
  post,
  startApi,
  startTestWorker,
} from "./harness.ts";

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

describe("Redis commands of one submission followed live (a Redis of the test's own)", () => {
  let own: OwnRedis;
  let api: Harness;
  let monitor: Monitor;
  // Names of the commands clients sent (what Upstash bills) since `from`.
  let from = 0;
  const sentSince = () => billed(monitor.commands.slice(from)).map((c) => c.name);

  beforeAll(async () => {
    own = await startOwnRedis();
    api = await startApi(database, { redisUrl: own.url, sseKeepAliveMs: 60_000 });
    monitor = await startMonitor(own.url);
  });
  afterAll(async () => {
    await monitor.stop();
    await api.close();
    await own.stop();
  });

  it("submitting costs one command, and opening a live stream no set-up beyond its name", async () => {
    await pause(300);
    from = monitor.commands.length;
    const { id } = (await (
      await post(api, { repoUrl: "https://github.com/budget/two" })
    ).json()) as { id: string };
    await pause(200);
    // BullMQ's addJob script (EVAL the first time, EVALSHA after), which also deduplicates:
    // no lookup before it.
    expect(sentSince()).toEqual([expect.stringMatching(/^eval/)]);

    from = monitor.commands.length;
    const client = followEvents(`${api.url}/api/analyses/${id}/events`);
    await client.waitFor("snapshot");
    await pause(200);
    client.close();
    await client.ended;
    // The stream's end, the reader's name (BullMQ's), the snapshot (job hash and state), and
    // the blocking read, in whatever order they race: no INFO ready or version check, no SETNAME
    // of a second connection.
    const sent = sentSince().map((name) => name.replace(/^evalsha$/, "eval"));
    expect(sent.sort()).toEqual(["client", "eval", "hgetall", "xread", "xrevrange"]);
  });

  it("reading a finished analysis costs Redis nothing: Postgres has it all", async () => {
    const worker = await startTestWorker(api);
    const { id } = (await (
      await post(api, { repoUrl: "https://github.com/budget/three" })
    ).json()) as { id: string };
    const read = async () =>
      (await (await fetch(`${api.url}/api/analyses/${id}`)).json()) as Record<string, unknown>;
    await expect
      .poll(async () => (await read()).status === "completed", { timeout: 10_000 })
      .toBe(true);
    await worker.close();
    await pause(200);

    from = monitor.commands.length;
    const view = await read();
    expect(view).toMatchObject({ status: "completed", attempts: 1, commit: "c0mm17-three" });
    expect(view.result).toBeDefined();
    const stream = followEvents(`${api.url}/api/analyses/${id}/events`);
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(["snapshot"]);
    await pause(200);
    expect(sentSince()).toEqual([]);
  });
});
