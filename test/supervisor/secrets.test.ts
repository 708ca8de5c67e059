import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OwnRedis, startOwnRedis } from "../../scripts/lib/redis-server.ts";
import { freePort, type LogLine, startSupervisor } from "../helpers/processes.ts";
import { createTestDatabase, type TestDatabase, uniquePrefix } from "../helpers/services.ts";

/**
 * The whole service with wrong credentials: every line it writes is searched for every secret.
 * Each secret holds a quote, a slash and a space, so its raw, JSON-escaped and URL-encoded
 * forms all differ.
 */
const SECRETS = {
  redis: 'Wr0ng "redis/pw',
  postgres: 'Pg "wrong/pw',
  openrouter: 'sk-or-v1-"test/key 42',
  admin: 'adm1n "pw/9',
};

const forms = (secret: string) => [
  secret,
  JSON.stringify(secret).slice(1, -1),
  encodeURIComponent(secret),
];

let scratch: string;
let database: TestDatabase;
let redis: OwnRedis;
let postgres: PostgresGate;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "repolens-secrets-"));
  database = await createTestDatabase("secrets");
  redis = await startOwnRedis({ requirepass: "the-right-one" });
  postgres = await startPostgresGate(new URL(database.url));
});
afterAll(async () => {
  await postgres?.close();
  await redis?.stop("SIGKILL");
  await database?.drop();
  await rm(scratch, { recursive: true, force: true });
});

describe("secrets in the log stream", () => {
  it("with a wrong Redis password, a refused Postgres password and an OpenRouter key set, no line holds any of them", async () => {
    const port = await freePort();
    const redisUrl = new URL(`redis://127.0.0.1:${redis.port}`);
    redisUrl.username = "default";
    redisUrl.password = SECRETS.redis;
    const databaseUrl = new URL(database.url);
    databaseUrl.port = String(postgres.port);
    databaseUrl.password = SECRETS.postgres;
    const s = startSupervisor([], {
      PORT: String(port),
      REDIS_URL: redisUrl.toString(),
      DATABASE_URL: databaseUrl.toString(),
      OPENROUTER_API_KEY: SECRETS.openrouter,
      ADMIN_USER: "admin",
      ADMIN_PASSWORD: SECRETS.admin,
      QUEUE_PREFIX: uniquePrefix("secrets"),
      SANDBOX_DIR: path.join(scratch, "sandbox"),
      SHUTDOWN_TIMEOUT_MS: "5000",
      LOG_LEVEL: "info",
    });
    try {
      const says = (svc: string, text: string) => (line: LogLine) =>
        line.svc === svc && JSON.stringify(line).includes(text);
      // The worker's own pino line and its plain stderr dump of the same ioredis error.
      await s.waitFor(says("worker", "WRONGPASS"), 60_000, "the worker's Redis failure");
      await s.waitFor(
        (l) => l.svc === "worker" && l.stream === "stderr" && String(l.msg).includes("args"),
        30_000,
        "the worker's stderr dump of the AUTH command",
      );
      // The API connects once a request needs it (the worker is never ready to say so).
      await fetch(`http://127.0.0.1:${port}/api/analyses`).then((r) => r.text());
      await s.waitFor(says("api", "WRONGPASS"), 30_000, "the API's Redis failure");
      postgres.refuse();
      // Reading the history makes the API connect to Postgres again, which refuses the password.
      await fetch(`http://127.0.0.1:${port}/api/analyses`).then((r) => r.text());
      await fetch(`http://127.0.0.1:${port}/api/status`).then((r) => r.text());
      await s.waitFor(
        says("api", "password authentication failed"),
        30_000,
        "the API's Postgres failure",
      );
      expect(postgres.refused()).toBeGreaterThan(0);
    } finally {
      if (s.child.exitCode === null) process.kill(s.pid, "SIGTERM");
      await s.waitExit(20_000).finally(() => s.cleanup());
    }

    expect(s.raw.length).toBeGreaterThan(20);
    const leaks = Object.entries(SECRETS).flatMap(([name, secret]) =>
      forms(secret).flatMap((form) =>
        s.raw.filter((line) => line.includes(form)).map((line) => `${name}: ${line}`),
      ),
    );
    expect(leaks).toEqual([]);
    // Every line of the stream is still JSON, the redacted ones included.
    for (const line of s.raw.filter((l) => !l.startsWith("[stderr]"))) JSON.parse(line);
  }, 120_000);
});

interface PostgresGate {
  port: number;
  /** Connections answered with a refused password so far. */
  refused(): number;
  /** From now on every connection is refused, and those let through are cut. */
  refuse(): void;
  close(): Promise<void>;
}

/**
 * A Postgres in front of the test database that lets connections through until `refuse()`
 * (the API and the worker migrate at start, before they do what the test watches), then cuts
 * them and answers every later one as a server that asks for the password in clear and refuses
 * it: SQLSTATE 28P01, what a wrong password gets from a real Postgres. The machine's Postgres
 * trusts every password, so it cannot refuse one itself.
 */
async function startPostgresGate(target: URL): Promise<PostgresGate> {
  let open = true;
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    if (open) {
      const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      client.pipe(upstream).pipe(client);
      return;
    }
    let buffered = Buffer.alloc(0);
    let step: "startup" | "password" = "startup";
    client.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Startup: int32 length, then the body; password: 'p', int32 length, then the body.
      const header = step === "startup" ? 0 : 1;
      if (buffered.length < header + 4) return;
      if (buffered.length < header + buffered.readInt32BE(header)) return;
      buffered = Buffer.alloc(0);
      if (step === "startup") {
        step = "password";
        client.write(message("R", int32(3)));
        return;
      }
      refused += 1;
      const field = (code: string, value: string) => Buffer.from(`${code}${value}\0`);
      client.end(
        message(
          "E",
          Buffer.concat([
            field("S", "FATAL"),
            field("V", "FATAL"),
            field("C", "28P01"),
            field("M", 'password authentication failed for user "postgres"'),
            Buffer.from("\0"),
          ]),
        ),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    refused: () => refused,
    refuse: () => {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function int32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}
