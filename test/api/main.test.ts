import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isListening, pongOf } from "../../src/ipc/protocol.ts";
import { redisUrl, type TestDatabase, uniquePrefix } from "../helpers/services.ts";
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
async function startEntry(env: Record<string, string> = {}) {
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
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, { timeout: 10_000 })
    .toBe(true);
  const exited = once(child, "exit") as Promise<[number | null, string | null]>;
  return { child, url, exited, messages };
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
    expect(messages.filter(isListening)).toHaveLength(1);
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
});
