import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, post, startApi } from "./harness.ts";

let database: TestDatabase;
let h: Harness;

beforeAll(async () => {
  database = await migratedDatabase("api_protection");
  h = await startApi(database, {
    env: {
      FRONTEND_URL: "https://app.example.com, https://repolens-git-*-myteam.vercel.app",
      ADMIN_USER: "ops",
      ADMIN_PASSWORD: "s3cret",
    },
  });
});
afterAll(async () => {
  await h.close();
  await database.drop();
});

async function nothingEnqueued() {
  const counts = await h.queue.getJobCounts();
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  const { rows } = await h.db.query<{ n: number }>("SELECT count(*)::int AS n FROM analyses");
  expect(rows[0]?.n).toBe(0);
}

describe("input rules", () => {
  it.each([
    ["malformed JSON", "{not json", "MALFORMED_JSON"],
    ["a missing repoUrl", {}, "INVALID_INPUT"],
    ["a repoUrl of the wrong type", { repoUrl: 42 }, "INVALID_INPUT"],
    [
      "force of the wrong type",
      { repoUrl: "https://github.com/a/b", force: "yes" },
      "INVALID_INPUT",
    ],
    ["an unknown field", { repoUrl: "https://github.com/a/b", branch: "x" }, "INVALID_INPUT"],
    [
      "a ref that would be a git option",
      { repoUrl: "https://github.com/a/b", ref: "--upload-pack=x" },
      "INVALID_INPUT",
    ],
    ["an ssh URL", { repoUrl: "ssh://git@github.com/a/b.git" }, "UNSUPPORTED_SCHEME"],
    ["an scp-style address", { repoUrl: "git@github.com:a/b.git" }, "UNSUPPORTED_SCHEME"],
    ["a file URL", { repoUrl: "file:///etc/passwd" }, "UNSUPPORTED_SCHEME"],
    ["plain http", { repoUrl: "http://github.com/a/b" }, "UNSUPPORTED_SCHEME"],
    ["the git protocol", { repoUrl: "git://github.com/a/b" }, "UNSUPPORTED_SCHEME"],
    ["a host not allowed", { repoUrl: "https://evil.example/a/b" }, "HOST_NOT_ALLOWED"],
    ["credentials", { repoUrl: "https://user:pass@github.com/a/b" }, "CREDENTIALS_NOT_ALLOWED"],
    ["a loopback IP", { repoUrl: "https://127.0.0.1/a/b" }, "IP_NOT_ALLOWED"],
    ["the metadata IP", { repoUrl: "https://169.254.169.254/latest/meta-data" }, "IP_NOT_ALLOWED"],
    ["an explicit port", { repoUrl: "https://github.com:8443/a/b" }, "PORT_NOT_ALLOWED"],
  ])("%s gets a 400 with a reason and nothing is enqueued", async (_what, body, code) => {
    const res = await post(h, body);
    expect(res.status).toBe(400);
    const payload = (await res.json()) as { error: { code: string; message: string } };
    expect(payload.error.code).toBe(code);
    expect(payload.error.message.length).toBeGreaterThan(5);
    await nothingEnqueued();
  });

  it("an oversized body gets a 413 and nothing is enqueued", async () => {
    const res = await post(h, { repoUrl: `https://github.com/a/${"b".repeat(8000)}` });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    await nothingEnqueued();
  });

  it("a body not declared as JSON gets a 415", async () => {
    const res = await fetch(`${h.url}/api/analyses`, {
      method: "POST",
      body: JSON.stringify({ repoUrl: "https://github.com/a/b" }),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    await nothingEnqueued();
  });
});

describe("responses", () => {
  it("every response carries a request id, an incoming one is kept, errors have one shape", async () => {
    const res = await fetch(`${h.url}/nowhere`, { headers: { "x-request-id": "trace-123" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBe("trace-123");
    expect(await res.json()).toEqual({
      error: { code: "NOT_FOUND", message: "no route for GET /nowhere" },
    });
    const health = await fetch(`${h.url}/api/health`);
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(health.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("health, answered ahead of the app", () => {
  const ignored = ["date", "connection", "keep-alive", "content-length", "x-request-id"];
  const names = (r: Response) => [...r.headers.keys()].filter((k) => !ignored.includes(k)).sort();

  it.each([
    ["GET", "/api/health", "https://app.example.com"],
    ["GET", "/api/health", "https://evil.example"],
    ["GET", "/api/health?probe=1", null],
    ["GET", "/health", "https://app.example.com"],
    ["HEAD", "/api/health", "https://app.example.com"],
  ])("%s %s from %s: the app's status, headers and body", async (method, path, origin) => {
    const headers: Record<string, string> = origin ? { origin } : {};
    const viaApp = await h.app.request(path, { method, headers });
    const served = await fetch(`${h.url}${path}`, { method, headers });
    expect(served.status).toBe(viaApp.status);
    expect(names(served)).toEqual(names(viaApp));
    for (const name of names(viaApp))
      expect([name, served.headers.get(name)]).toEqual([name, viaApp.headers.get(name)]);
    expect(served.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = await served.text();
    expect(body).toBe(await viaApp.text());
    if (method === "GET") expect(served.headers.get("content-length")).toBe(String(body.length));
  });

  it("keeps a caller's request id, and leaves other methods and paths to the app", async () => {
    const kept = await fetch(`${h.url}/api/health`, { headers: { "x-request-id": "probe-7" } });
    expect(kept.headers.get("x-request-id")).toBe("probe-7");
    expect((await fetch(`${h.url}/api/health`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${h.url}/api/health/`)).status).toBe(404);
    expect((await fetch(`${h.url}/api/healthz`)).status).toBe(404);
  });
});

describe("CORS", () => {
  it.each([
    ["https://app.example.com", true],
    ["https://repolens-git-pr42-myteam.vercel.app", true],
    ["https://repolens-git-pr42-x-myteam.vercel.app", false],
    ["https://evil.example", false],
    ["https://x.evil-myteam.vercel.app.evil.example", false],
    ["https://a.b-myteam.vercel.app", false],
    ["http://app.example.com", false],
  ])("origin %s allowed: %s", async (origin, allowed) => {
    const preflight = await fetch(`${h.url}/api/analyses`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    const simple = await fetch(`${h.url}/api/health`, { headers: { origin } });
    expect(preflight.headers.get("access-control-allow-origin")).toBe(allowed ? origin : null);
    expect(simple.headers.get("access-control-allow-origin")).toBe(allowed ? origin : null);
  });
});

describe("admin", () => {
  it("Bull Board refuses without credentials and opens with them", async () => {
    const anonymous = await fetch(`${h.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const wrong = await fetch(`${h.url}/admin/queues/api/queues`, {
      headers: { authorization: `Basic ${Buffer.from("ops:nope").toString("base64")}` },
    });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${h.url}/admin/queues`, {
      headers: { authorization: `Basic ${Buffer.from("ops:s3cret").toString("base64")}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<html");
  });
});

describe("health", () => {
  it("reports the worker as the supervisor last described it, without touching Redis or SQL", async () => {
    const before = (await (await fetch(`${h.url}/health`)).json()) as Record<string, unknown>;
    expect(before).toEqual({ status: "ok", worker_ok: null, worker: null });

    const startedAt = Date.now() - 42_000;
    h.ipc.emit("message", {
      type: "worker-state",
      worker: {
        pid: 4242,
        state: "ready",
        reason: null,
        restarts: 2,
        startedAt,
        lastExit: { code: 137, signal: null, at: startedAt - 1000, cause: "killed" },
        rssMb: 80,
      },
    });
    h.ipc.emit("message", { type: "something-else" });
    const running = (await (await fetch(`${h.url}/api/health`)).json()) as {
      worker_ok: boolean;
      worker: {
        pid: number;
        restarts: number;
        uptimeS: number;
        lastExit: { code: number; cause: string };
      };
    };
    expect(running).toMatchObject({
      status: "ok",
      worker_ok: true,
      worker: {
        pid: 4242,
        state: "ready",
        restarts: 2,
        lastExit: { code: 137, cause: "killed" },
      },
    });
    expect(running.worker.uptimeS).toBeGreaterThanOrEqual(41);

    // A running worker that lost Redis cannot take a job: not ok, and /api/status says why.
    h.ipc.emit("message", {
      type: "worker-state",
      worker: {
        pid: 4242,
        state: "reconnecting",
        reason: "Redis connection lost (worker: reconnecting)",
        restarts: 2,
        startedAt,
        lastExit: null,
        rssMb: 80,
      },
    });
    const reconnecting = await fetch(`${h.url}/api/health`);
    expect(reconnecting.status).toBe(200);
    expect(await reconnecting.json()).toMatchObject({
      worker_ok: false,
      worker: { pid: 4242, state: "reconnecting" },
    });

    h.ipc.emit("message", {
      type: "worker-state",
      worker: {
        pid: null,
        state: "backoff",
        reason: "restarting after it crashed",
        restarts: 3,
        startedAt: null,
        lastExit: { code: 1, signal: null, at: Date.now(), cause: "crashed" },
        rssMb: null,
      },
    });
    const down = (await (await fetch(`${h.url}/api/health`)).json()) as { worker_ok: boolean };
    expect(down.worker_ok).toBe(false);
    const status = (await (await fetch(`${h.url}/api/status`)).json()) as {
      overall_status: string;
      worker: { state: string; reason: string };
    };
    expect(status.overall_status).toBe("degraded");
    expect(status.worker).toMatchObject({
      state: "backoff",
      reason: "restarting after it crashed",
    });
  });
});
