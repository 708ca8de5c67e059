import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childMessageType, pongOf } from "../../src/ipc/protocol.ts";
import {
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";
import { followEvents, migratedDatabase } from "./harness.ts";

let database: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await migratedDatabase("api_main");
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await database.drop();
});

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The API entry as the supervisor starts it: a child with an IPC channel. */
async function startEntry(env: Record<string, string> = {}, { waitForHealth = true } = {}) {
  const port = await freePort();
  const child = fork("src/api/main.ts", [], {
    env: {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      PORT: String(port),
      REDIS_URL: redisUrl(),
      DATABASE_URL: database.url,
      QUEUE_PREFIX: uniquePrefix("main"),
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  const messages: unknown[] = [];
  child.on("message", (message) => messages.push(message));
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = once(child, "exit") as Promise<[number | null, string | null]>;
  const url = `http://127.0.0.1:${port}`;
  if (waitForHealth)
    await expect
      .poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, {
        timeout: 10_000,
      })
      .toBe(true);
  return { child, url, exited, messages, output: () => output };
}

type Entry = Awaited<ReturnType<typeof startEntry>>;

/**
 * Starts the entry on a database of its own, never migrated, runs `body`, then checks that
 * SIGTERM still ends it with 0.
 */
async function onNewDatabase(
  name: string,
  env: Record<string, string>,
  body: (entry: Entry, databaseUrl: string) => Promise<void>,
): Promise<void> {
  const fresh = await createTestDatabase(name);
  try {
    const entry = await startEntry({ ...env, DATABASE_URL: fresh.url });
    await body(entry, fresh.url);
    entry.child.kill("SIGTERM");
    expect((await entry.exited)[0]).toBe(0);
  } finally {
    await fresh.drop();
  }
}

const saidSchemaCurrent = (entry: Entry) =>
  entry.messages.some((m) => childMessageType(m) === "schema-current");

/** Waits for the entry to have built its service: it says the schema is current. */
async function built(entry: Entry, databaseUrl: string): Promise<void> {
  await expect.poll(() => saidSchemaCurrent(entry), { timeout: 10_000 }).toBe(true);
  expect(await migrated(databaseUrl)).toBe(true);
}

/** Whether `url`'s database has RepoLens's tables yet. */
async function migrated(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT to_regclass('analyses') IS NOT NULL AS present");
    return rows[0].present === true;
  } finally {
    await client.end();
  }
}

const workerState = (pid: number | null) => ({
  type: "worker-state",
  worker: {
    pid,
    state: pid ? "ready" : "stopped",
    reason: null,
    restarts: 0,
    startedAt: pid ? Date.now() : null,
    lastExit: null,
    rssMb: null,
  },
});

describe("the API entry", () => {
  it("reports the worker the supervisor describes, and on SIGTERM ends its streams and exits 0", async () => {
    const { child, url, exited } = await startEntry();
    child.send(workerState(777));
    await expect
      .poll(
        async () => {
          const health = (await (await fetch(`${url}/api/health`)).json()) as {
            worker_ok: boolean | null;
          };
          return health.worker_ok === true;
        },
        { timeout: 5000 },
      )
      .toBe(true);

    const submitted = (await (
      await fetch(`${url}/api/analyses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ repoUrl: "https://github.com/entry/sigterm" }),
      })
    ).json()) as { id: string };
    const stream = followEvents(`${url}/api/analyses/${submitted.id}/events`);
    await stream.waitFor("snapshot");

    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).toBe(0);
    await stream.ended;
    expect(stream.events.map((e) => e.event)).toEqual(["snapshot"]);
  });

  it("tells its supervisor when it listens, so that its health path is asked at once", async () => {
    const { child, messages } = await startEntry();
    expect(messages.filter((m) => childMessageType(m) === "listening")).toHaveLength(1);
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it("exits 0 when its supervisor goes away (the IPC channel disconnects)", async () => {
    const { child, exited } = await startEntry();
    child.disconnect();
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it("with ROLE=api says honestly that it knows nothing of a worker", async () => {
    const { child, url } = await startEntry({ ROLE: "api" });
    child.send(workerState(777));
    // Messages are handled in order: once a later ping is answered, the state has been seen.
    child.send({ type: "ping", id: 1 });
    await new Promise<void>((resolve) =>
      child.on("message", (message) => pongOf(message) === 1 && resolve()),
    );
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({
      status: "ok",
      worker_ok: null,
      worker: null,
    });
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it("beside a starting worker, answers health having built nothing; builds once health says the worker is ready, and says the schema is current", async () => {
    await onNewDatabase("api_main_deferred", {}, async (entry, databaseUrl) => {
      const workerOk = async () =>
        ((await (await fetch(`${entry.url}/api/health`)).json()) as { worker_ok: unknown })
          .worker_ok;
      entry.child.send({
        ...workerState(null),
        worker: { ...workerState(null).worker, state: "starting" },
      });
      // The worker takes seconds to start on a tenth of a CPU; meanwhile health is all the API does.
      for (let i = 0; i < 5; i++) expect(await workerOk()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await migrated(databaseUrl)).toBe(false);
      expect(saidSchemaCurrent(entry)).toBe(false);

      entry.child.send(workerState(777));
      await expect.poll(workerOk).toBe(true);
      await built(entry, databaseUrl);
    });
  });

  it("a request that needs the app before the worker is ready waits for it to be built", async () => {
    await onNewDatabase("api_main_first_request", {}, async (entry, databaseUrl) => {
      const response = await fetch(`${entry.url}/api/analyses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ repoUrl: "https://github.com/entry/early" }),
      });
      expect(response.status).toBe(202);
      expect(await migrated(databaseUrl)).toBe(true);
    });
  });

  it("with no worker beside it (ROLE=api), builds at once without being asked", async () => {
    await onNewDatabase("api_main_alone", { ROLE: "api" }, built);
  });

  it("a worker reported ready with nobody asking: builds a moment later anyway", async () => {
    await onNewDatabase("api_main_unasked", {}, async (entry, databaseUrl) => {
      entry.child.send(workerState(777));
      await built(entry, databaseUrl);
    });
  });

  it("a database it cannot reach ends it once it listens: MIGRATION_FAILED, exit 1", async () => {
    const entry = await startEntry(
      { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none", ROLE: "api", LOG_LEVEL: "info" },
      { waitForHealth: false },
    );
    const [code] = await entry.exited;
    expect(code).toBe(1);
    expect(entry.output()).toContain("api listening");
    expect(entry.output()).toContain("MIGRATION_FAILED");
  });
});
