import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startWsProxy, type WsProxy } from "../db/ws-proxy.ts";
import { freePort } from "../helpers/processes.ts";
import { canConnect, createTestDatabase, type TestDatabase } from "../helpers/services.ts";

/**
 * Production's managed services speak TLS only: Upstash (`rediss://`) and Neon (`wss://` to its
 * WebSocket proxy). Here a throwaway certificate authority stands in for the public ones; the
 * client runs in a child process that trusts it through NODE_EXTRA_CA_CERTS, and product code
 * keeps full verification (the tests without the CA, or with the wrong name, must fail).
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const client = path.join(import.meta.dirname, "fixtures/tls-client.ts");
const PASSWORD = "upstash-like-secret";

let dir: string;
let cert: string;
let redis: ChildProcess | undefined;
let redisPort: number;

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  [key: string]: unknown;
}

async function connect(args: string[], trustCa: boolean): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: "silent" };
  if (trustCa) env.NODE_EXTRA_CA_CERTS = cert;
  const { stdout } = await run(process.execPath, [client, ...args], {
    cwd: root,
    env,
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Outcome;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "repolens-tls-"));
  cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  // Self-signed, valid for the name "localhost" only, so a client that checks names must use it.
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost",
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  redisPort = await freePort();
  redis = spawn(
    process.env.REDIS_SERVER_BIN ?? "redis-server",
    [
      ...["--port", "0", "--tls-port", String(redisPort)],
      ...["--tls-cert-file", cert, "--tls-key-file", key, "--tls-ca-cert-file", cert],
      ...["--tls-auth-clients", "no", "--requirepass", PASSWORD],
      ...["--bind", "127.0.0.1 -::1", "--save", "", "--appendonly", "no"],
    ],
    { stdio: "ignore" },
  );
  await vi.waitFor(
    async () => {
      if (!(await canConnect("127.0.0.1", redisPort)))
        throw new Error("redis-server is not up yet");
    },
    { timeout: 10_000 },
  );
});

afterAll(async () => {
  redis?.kill("SIGTERM");
  await rm(dir, { recursive: true, force: true });
});

describe("rediss:// (Upstash) through the project's createRedis", () => {
  const url = (host: string, password = PASSWORD) =>
    `rediss://default:${password}@${host}:${redisPort}`;

  it("connects with verified TLS, runs commands, a blocking read and BullMQ's scripts", async () => {
    const outcome = await connect(["redis", url("localhost")], true);
    expect(outcome).toMatchObject({
      ok: true,
      encrypted: true,
      authorized: true,
      servername: "localhost",
      waiting: 1,
    });
    expect(outcome.popped).toEqual([expect.stringMatching(/^tls-test-/), "job"]);
  });

  it("refuses a certificate no trusted authority signed", async () => {
    const outcome = await connect(["redis", url("localhost")], false);
    expect(outcome).toMatchObject({ ok: false, code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
  });

  it("refuses a certificate issued for another host name", async () => {
    const outcome = await connect(["redis", url("127.0.0.1")], true);
    expect(outcome).toMatchObject({ ok: false, code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });

  it("reports a wrong password as Redis says it", async () => {
    const outcome = await connect(["redis", url("localhost", "wrong")], true);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.message).toMatch(/WRONGPASS/);
  });
});

describe("Neon: a sslmode=require URL on a *.neon.tech host", () => {
  let database: TestDatabase;
  let proxy: WsProxy;
  let terminator: tls.Server;
  let tlsPort: number;
  let neonUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase("neon_tls");
    proxy = await startWsProxy();
    // TLS in front of the plain WebSocket proxy: the driver then speaks wss:// as it does to
    // Neon, checked against the throwaway authority. The proxy's own port comes from its URL.
    const wsPort = Number(/:(\d+)\//.exec(proxy.wsProxy("x", 0))?.[1]);
    const [key, certificate] = await Promise.all([
      readFile(path.join(dir, "key.pem")),
      readFile(cert),
    ]);
    terminator = tls.createServer({ key, cert: certificate }, (socket) => {
      const upstream = net.connect({ host: "127.0.0.1", port: wsPort });
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    tlsPort = await freePort();
    await new Promise<void>((resolve) => terminator.listen(tlsPort, "127.0.0.1", resolve));
    const local = new URL(database.url);
    neonUrl =
      `postgresql://${local.username}@ep-quiet-star-123456.us-west-2.aws.neon.tech` +
      `${local.pathname}?sslmode=require`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => terminator.close(() => resolve()));
    await proxy.stop();
    await database.drop();
  });

  it("is served by the Neon driver over verified wss://", async () => {
    const before = proxy.connections();
    const outcome = await connect(["neon", neonUrl, String(tlsPort)], true);
    expect(outcome).toEqual({ ok: true, driver: "neon", one: 1 });
    expect(proxy.connections()).toBeGreaterThan(before);
  });

  it("does not connect when the WebSocket endpoint's certificate is not trusted", async () => {
    const outcome = await connect(["neon", neonUrl, String(tlsPort)], false);
    expect(outcome.ok).toBe(false);
    expect(`${outcome.code} ${outcome.message}`).toMatch(/self-signed|SELF_SIGNED|certificate/i);
  });
});
