import { EventEmitter } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { vi } from "vitest";
import { REPORT_SCHEMA_VERSION } from "../../src/analysis/report.ts";
import { createApp } from "../../src/api/app.ts";
import { createEventHub, type EventHub } from "../../src/api/event-hub.ts";
import { fastReads } from "../../src/api/fast-reads.ts";
import { createFinishedViews } from "../../src/api/finished-views.ts";
import { createJobs, type Jobs } from "../../src/api/jobs.ts";
import { createWorkerMonitor, healthOf } from "../../src/api/worker-state.ts";
import { type Env, loadConfig } from "../../src/config/index.ts";
import { createPool, type Db, runMigrations } from "../../src/db/index.ts";
import { createLogger, type Logger } from "../../src/log/index.ts";
import {
  type AnalysisJobData,
  type AnalysisQueue,
  type AnalysisReturn,
  createQueue,
  createReaderTemplate,
  createRedis,
  isCancelRequested,
  onCancelRequest,
  QUEUE_NAME,
  workerOptions,
} from "../../src/queue/index.ts";
import { createProcessor, STEPS } from "../../src/worker/processor.ts";
import {
  createTestDatabase,
  databaseUrl,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

const silent = createLogger({ service: "api-test", level: "silent" });

export interface Harness {
  url: string;
  env: Env;
  prefix: string;
  db: Db;
  redis: Redis;
  queue: AnalysisQueue;
  jobs: Jobs;
  hub: EventHub;
  /** Stands in for the supervisor's IPC channel. */
  ipc: EventEmitter;
  /** The app itself, for what the server answers ahead of it (`fastReads`). */
  app: ReturnType<typeof createApp>;
  /** What main.ts aborts at shutdown: every SSE stream ends; the server still listens. */
  closing: AbortController;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Reach Redis / Postgres through these URLs (a cuttable proxy) instead of directly. */
  redisUrl?: string;
  databaseUrl?: string;
  sseKeepAliveMs?: number;
  statusTtlMs?: number;
  /** The API's logger; silent unless a test reads what is logged. */
  log?: Logger;
}

/** A test database with the schema, for suites that share one. */
export async function migratedDatabase(name: string): Promise<TestDatabase> {
  const database = await createTestDatabase(name);
  const db = await createPool({ url: database.url });
  await runMigrations(db);
  await db.end();
  return database;
}

/** The real app on a real HTTP server at an ephemeral port, with real Redis and Postgres. */
export async function startApi(
  database: TestDatabase,
  options: HarnessOptions = {},
): Promise<Harness> {
  const prefix = uniquePrefix("api");
  const env = loadConfig({
    REDIS_URL: options.redisUrl ?? redisUrl(),
    DATABASE_URL: options.databaseUrl ?? database.url,
    QUEUE_PREFIX: prefix,
    RATE_LIMIT_PER_MIN: "1000",
    RETRY_BACKOFF_MS: "10",
    ...options.env,
  });
  const redis = createRedis(env, "command");
  redis.on("error", () => undefined);
  await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
  const queue = createQueue(redis, { prefix, env });
  queue.on("error", () => undefined);
  const db = await createPool({ url: env.DATABASE_URL as string });
  const jobs = createJobs(redis, queue, prefix);
  const hub = createEventHub({
    redis,
    readerTemplate: () => createReaderTemplate(env),
    prefix,
    log: silent,
    blockingTimeoutMs: 1000,
  });
  const ipc = new EventEmitter();
  const worker = createWorkerMonitor(ipc);
  const closing = new AbortController();
  const finished = createFinishedViews({ maxBytes: env.VIEW_CACHE_MB * 1024 * 1024 });
  const app = createApp({
    finished,
    config: env,
    log: options.log ?? silent,
    jobs,
    db,
    hub,
    worker,
    closing: closing.signal,
    sseKeepAliveMs: options.sseKeepAliveMs,
    statusTtlMs: options.statusTtlMs ?? 0,
  });
  // Served as main.ts serves it: finished views in memory answered before hono.
  const server = createServer(
    fastReads(
      {
        finished,
        health: () => healthOf(worker),
        frontendOrigins: env.FRONTEND_URL,
        log: options.log ?? silent,
      },
      getRequestListener(app.fetch),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    prefix,
    db,
    redis,
    queue,
    jobs,
    hub,
    ipc,
    app,
    closing,
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hub.stop();
      await queue.close().catch(() => undefined);
      redis.disconnect();
      await db.end();
    },
  };
}

/** An API whose Redis and Postgres connections pass through TCP proxies a test can cut. */
export async function startProxiedApi(
  database: TestDatabase,
  options: Omit<HarnessOptions, "redisUrl" | "databaseUrl"> = {},
): Promise<{ h: Harness; redisProxy: TcpProxy; pgProxy: TcpProxy }> {
  const through = (url: string, defaultPort: number) => {
    const target = new URL(url);
    return startTcpProxy(target.hostname, Number(target.port || defaultPort));
  };
  const redisProxy = await through(redisUrl(), 6379);
  const pgProxy = await through(databaseUrl(), 5432);
  const viaProxy = (url: string, port: number) => {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(port);
    return u.toString();
  };
  const h = await startApi(database, {
    ...options,
    redisUrl: viaProxy(redisUrl(), redisProxy.port),
    databaseUrl: viaProxy(database.url, pgProxy.port),
  });
  return { h, redisProxy, pgProxy };
}

/**
 * A BullMQ worker running the real processor of src/worker over a pipeline that analyses
 * nothing, so API tests see exactly what the worker records and reports, while each job waits
 * for the test's `release` (with `hold`).
 */
export interface TestWorker {
  /** Resolves when the job with this id has started and waits for `release`. */
  started(id: string): Promise<void>;
  release(id: string): void;
  close(): Promise<void>;
}

export async function startTestWorker(
  h: Harness,
  options: { hold?: boolean } = {},
): Promise<TestWorker> {
  const connection = createRedis(h.env, "blocking");
  const subscriber = createRedis(h.env, "blocking");
  const gates = new Map<
    string,
    { started: PromiseWithResolvers<void>; go: PromiseWithResolvers<void> }
  >();
  const gate = (id: string) => {
    let g = gates.get(id);
    if (!g) {
      g = { started: Promise.withResolvers<void>(), go: Promise.withResolvers<void>() };
      if (!options.hold) g.go.resolve();
      gates.set(id, g);
    }
    return g;
  };
  // The real processor (src/worker/processor.ts) over a pipeline that analyses nothing: the
  // commit is derived from the URL, and the analysis waits for the test's `release`. One job
  // runs at a time (WORKER_CONCURRENCY 1), so the gate is the running job's.
  let runningId = "";
  const processor = createProcessor({
    env: h.env,
    db: h.db,
    log: silent,
    wasCancelled: (id) => isCancelRequested(connection, h.prefix, id),
    pipeline: {
      resolveCommit: async (repoUrl) => ({ commit: `c0mm17-${repoUrl.split("/").pop()}` }),
      checkRemote: async () => undefined,
      async analyze(repoUrl, ref, { signal, onStep }) {
        const g = gate(runningId);
        g.started.resolve();
        await new Promise<void>((resolve, reject) => {
          if (signal.aborted) reject(new Error("aborted"));
          signal.addEventListener("abort", () => reject(new Error("aborted")));
          void g.go.promise.then(resolve);
        });
        for (const step of STEPS.slice(0, -1)) onStep(step, 100);
        const commit = `c0mm17-${repoUrl.split("/").pop()}`;
        return {
          commit,
          report: {
            schemaVersion: REPORT_SCHEMA_VERSION,
            repo: { url: repoUrl, ref, commit },
            totals: { files: 2, code: 10, comments: 1, blanks: 1, bytes: 100 },
          },
        };
      },
      classify: (error) => ({ code: "ANALYSIS_FAILED", message: String(error), permanent: false }),
    },
  });

  const run = (job: Job<AnalysisJobData, AnalysisReturn>, token?: string, signal?: AbortSignal) => {
    runningId = job.id as string;
    return processor(job, token, signal);
  };
  const worker = new Worker<AnalysisJobData, AnalysisReturn>(QUEUE_NAME, run, {
    connection,
    prefix: h.prefix,
    ...workerOptions(h.env),
    drainDelay: 1,
  });
  worker.on("error", () => undefined);
  const stopCancel = await onCancelRequest(subscriber, h.prefix, (id) => {
    worker.cancelJob(id, "cancelled by request");
  });
  await worker.waitUntilReady();
  return {
    started: (id) => gate(id).started.promise,
    release: (id) => gate(id).go.resolve(),
    async close() {
      for (const g of gates.values()) g.go.resolve();
      await stopCancel().catch(() => undefined);
      await worker.close();
      connection.disconnect();
      subscriber.disconnect();
    },
  };
}

export async function post(h: Harness, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${h.url}/api/analyses`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export interface SseEvent {
  event: string;
  /** The SSE `id` field, when the event has one. */
  id?: string;
  data: {
    id: string;
    status?: string;
    progress: { step: string; percentage: number };
    cached?: boolean;
    result?: Record<string, unknown>;
    error?: { code: string; message: string };
  };
}

/**
 * An SSE client reading a real stream: `events` grows as events arrive, `comments` counts
 * keep-alive lines, `ended` resolves when the server closes the stream.
 */
export function followEvents(url: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  let comments = 0;
  const controller = new AbortController();
  const response = fetch(url, { headers, signal: controller.signal });
  const ended = (async () => {
    const res = await response;
    if (!res.body) return res;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.startsWith(":")) comments += 1;
          else {
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
            const data = /^data: (.*)$/m.exec(block)?.[1];
            const id = /^id: (.*)$/m.exec(block)?.[1];
            events.push({ event, data: data ? JSON.parse(data) : null, ...(id ? { id } : {}) });
          }
          cut = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted by the test
    }
    return res;
  })();
  return {
    response,
    events,
    comments: () => comments,
    ended,
    close: () => controller.abort(),
    /** Waits until an event of this name has arrived. */
    waitFor: (name: string, timeoutMs = 5000) =>
      vi.waitFor(
        () => {
          const event = events.find((e) => e.event === name);
          if (!event) throw new Error(`no ${name} event yet`);
          return event;
        },
        { timeout: timeoutMs },
      ),
  };
}
