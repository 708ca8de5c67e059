import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  billed,
  type Command,
  type Monitor,
  startMonitor,
  watchCommands,
} from "../../scripts/lib/monitor.ts";
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

/** The harness's XREAD BLOCK timeout (`blockingTimeoutMs`); production's is 30 s. */
const BLOCK_MS = 1000;

/**
 * Redis streams MONITOR in the order it executes commands, so once a command of our own is seen,
 * every command executed before it has been seen too. Absences are asserted only up to such a
 * marker: "nothing" is then a fact, not a delivery that has not arrived yet.
 */
async function markerOn(url: string, tag: string) {
  const client = new Redis(url, { disableClientInfo: true });
  await client.ping();
  return {
    isMarker: (args: readonly string[]) =>
      args[0]?.toLowerCase() === "echo" && args[1]?.startsWith(tag),
    /** Sends a marker and waits until `commands` holds it; returns its index there. */
    async send(commands: () => readonly { args: readonly string[] }[]): Promise<number> {
      const text = `${tag}:${randomUUID()}`;
      await client.echo(text);
      return vi.waitFor(
        () => {
          const index = commands().findIndex((c) => c.args[1] === text);
          if (index === -1) throw new Error(`MONITOR has not delivered the marker ${text}`);
          return index;
        },
        { timeout: 10_000, interval: 10 },
      );
    },
    close: () => client.disconnect(),
  };
}

/**
 * An absence over time needs a span of time: long enough for a poller of the reader's period
 * to show. The span is measured by Redis's own clock, between two markers. A timer counts from
 * its event loop's cached time, which may be a millisecond old (a CI run saw 1,799.93 ms for
 * 1,800), so the wait is a few milliseconds longer than the span it must cover.
 */
const observe = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms + 5));

let database: TestDatabase;
let h: Harness;
let monitor: Awaited<ReturnType<typeof watchCommands>>;
let marker: Awaited<ReturnType<typeof markerOn>>;
/** Every command any client sends that names this suite's keys (other suites share Redis). */
const seen: Command[] = [];
const names = (commands: readonly Command[]) =>
  commands.filter((c) => !marker.isMarker(c.args)).map((c) => c.name);

beforeAll(async () => {
  database = await migratedDatabase("api_budget");
  h = await startApi(database, { sseKeepAliveMs: 60_000 });
  marker = await markerOn(redisUrl(), `${h.prefix}:marker`);
  monitor = await watchCommands(redisUrl(), (command) => {
    if (command.args.some((a) => a.includes(h.prefix))) seen.push(command);
  });
});
afterAll(async () => {
  monitor.close();
  marker.close();
  await h.close();
  await database.drop();
});

/** The commands sent between two markers `ms` apart, and when the first was seen (Redis's clock). */
async function sentOver(ms: number) {
  const from = await marker.send(() => seen);
  await observe(ms);
  const to = await marker.send(() => seen);
  const [start, end] = [seen[from] as Command, seen[to] as Command];
  return { commands: seen.slice(from + 1, to), startAt: start.at, spanMs: end.at - start.at };
}

describe("Redis command budget", () => {
  it("an idle API sends Redis nothing; a listened-to job costs only blocking reads", async () => {
    const idle = await sentOver(1500);
    expect(idle.spanMs).toBeGreaterThanOrEqual(1500);
    expect(names(idle.commands)).toEqual([]);

    const { id } = (await (await post(h, { repoUrl: "https://github.com/budget/one" })).json()) as {
      id: string;
    };
    const client = followEvents(`${h.url}/api/analyses/${id}/events`);
    await client.waitFor("snapshot");
    const from = await marker.send(() => seen);
    const xreads = () => seen.slice(from + 1).filter((c) => c.name === "xread");
    await vi.waitFor(
      () => {
        if (xreads().length < 3) throw new Error("fewer than three blocking reads yet");
      },
      { timeout: 10_000 },
    );
    const listened = seen.slice(from + 1, await marker.send(() => seen));
    expect(new Set(names(listened))).toEqual(new Set(["xread"]));
    // Each read waits out its block before the next (nothing is written to an idle job's
    // stream): no busy loop. Redis's clock, from MONITOR.
    const reads = listened.filter((c) => c.name === "xread").map((c) => c.at);
    for (const [i, at] of reads.slice(1).entries())
      expect(at - (reads[i] as number)).toBeGreaterThanOrEqual(BLOCK_MS);

    client.close();
    await client.ended;
    // What the close itself sends is let be for 300 ms; after that, nothing for 1.5 s.
    const after = await sentOver(1800);
    expect(after.spanMs).toBeGreaterThanOrEqual(1800);
    expect(names(after.commands.filter((c) => c.at - after.startAt >= 300))).toEqual([]);
  });
});
describe("Redis commands of one submission followed live (a Redis of the test's own)", () => {
  let own: OwnRedis;
  let api: Harness;
  let monitor: Monitor;
  let ownMarker: Awaited<ReturnType<typeof markerOn>>;
  /** Index of the last marker: what came before it has been delivered. */
  let from = 0;
  const settled = async () => {
    from = await ownMarker.send(() => monitor.commands);
  };
  /** Names of the commands clients sent (what Upstash bills) from the last marker to a new one. */
  const sentUntilSettled = async () => {
    const start = from;
    await settled();
    return billed(monitor.commands.slice(start + 1, from)).map((c) => c.name);
  };

  beforeAll(async () => {
    own = await startOwnRedis();
    api = await startApi(database, { redisUrl: own.url, sseKeepAliveMs: 60_000 });
    monitor = await startMonitor(own.url);
    ownMarker = await markerOn(own.url, "marker");
  });
  afterAll(async () => {
    ownMarker.close();
    await monitor.stop();
    await api.close();
    await own.stop();
  });

  it("submitting costs one command, and opening a live stream no set-up beyond its name", async () => {
    await settled();
    const { id } = (await (
      await post(api, { repoUrl: "https://github.com/budget/two" })
    ).json()) as { id: string };
    // BullMQ's addJob script (EVAL the first time, EVALSHA after), which also deduplicates:
    // no lookup before it.
    expect(await sentUntilSettled()).toEqual([expect.stringMatching(/^eval/)]);

    const client = followEvents(`${api.url}/api/analyses/${id}/events`);
    await client.waitFor("snapshot");
    client.close();
    await client.ended;
    // The stream's end, the reader's name (BullMQ's), the snapshot (job hash and state), and
    // the blocking read, in whatever order they race: no INFO ready or version check, no SETNAME
    // of a second connection.
    const sent = (await sentUntilSettled()).map((name) => name.replace(/^evalsha$/, "eval"));
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

    await settled();
    const view = await read();
    expect(view).toMatchObject({ status: "completed", attempts: 1, commit: "c0mm17-three" });
    expect(view.result).toBeDefined();
    const stream = followEvents(`${api.url}/api/analyses/${id}/events`);
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(["snapshot"]);
    expect(await sentUntilSettled()).toEqual([]);
  });
});
