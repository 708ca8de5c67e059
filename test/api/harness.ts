import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createApp } from "../../src/api/app.ts";
import { createEventHub, type EventHub } from "../../src/api/event-hub.ts";
import { createJobs, type Jobs } from "../../src/api/jobs.ts";
import { createWorkerMonitor } from "../../src/api/worker-state.ts";
import { type Env, loadConfig } from "../../src/config/index.ts";
import {
  createPool,
  type Db,
  findCachedAnalysis,
  runMigrations,
  upsertAnalysis,
} from "../../src/db/index.ts";
import { createLogger } from "../../src/log/index.ts";
import {
  type AnalysisJobData,
  type AnalysisQueue,
  type AnalysisReturn,
  CANCELLED,
  createQueue,
  createRedis,
  failureMessage,
  isCancelRequested,
  onCancelRequest,
  QUEUE_NAME,
  workerOptions,
} from "../../src/queue/index.ts";
import {
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";

export const silent = createLogger({ service: "api-test", level: "silent" });

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
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Reach Redis / Postgres through these URLs (a cuttable proxy) instead of directly. */
  redisUrl?: string;
  databaseUrl?: string;
  sseKeepAliveMs?: number;
  statusTtlMs?: number;
}

/** A test database with the schema, for suites that share one. */
export async function migratedDatabase(name: string): Promise<TestDatabase> {
  const database = await createTestDatabase(name);
  const db = createPool({ url: database.url });
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
  const db = createPool({ url: env.DATABASE_URL as string });
  const jobs = createJobs(redis, queue, prefix);
  const hub = createEventHub({
    redis,
    connect: () => {
      const connection = createRedis(env, "blocking");
      connection.on("error", () => undefined);
      return connection;
    },
    prefix,
    log: silent,
    blockingTimeoutMs: 1000,
  });
  const ipc = new EventEmitter();
  const worker = createWorkerMonitor(ipc);
  const closing = new AbortController();
  const app = createApp({
    config: env,
    log: silent,
    jobs,
    db,
    hub,
    worker,
    closing: closing.signal,
    sseKeepAliveMs: options.sseKeepAliveMs,
    statusTtlMs: options.statusTtlMs ?? 0,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () =>
      resolve(s as Server),
    ) as Server;
  });
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

/**
 * A stand-in for the real worker (someone else's): it follows the contract the real one
 * implements: record `active`, resolve the commit, reuse a cached analysis unless `force`,
 * report progress, store the report in Postgres, return {commit, cached}, and stop when asked.
 */
export interface TestWorker {
  /** Resolves when the job with this id has started and waits for `release`. */
  started(id: string): Promise<void>;
  release(id: string): void;
  close(): Promise<void>;
}

export async function startTestWorker(
  h: Harness,
  options: { hold?: boolean; steps?: number } = {},
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
  const steps = options.steps ?? 3;

  const processor = async (
    job: Job<AnalysisJobData>,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<AnalysisReturn> => {
    const id = job.id as string;
    const { repoUrl, ref, force } = job.data;
    const cancelled = () =>
      new UnrecoverableError(failureMessage(CANCELLED, "cancelled by request"));
    if (await isCancelRequested(connection, h.prefix, id)) throw cancelled();
    await upsertAnalysis(h.db, {
      id,
      repoUrl,
      ref,
      status: "active",
      attempts: job.attemptsMade + 1,
      startedAt: new Date(),
    });
    const commit = `c0mm17-${repoUrl.split("/").pop()}`;
    if (!force) {
      const hit = await findCachedAnalysis(h.db, {
        repoUrl,
        commit,
        maxAgeSeconds: h.env.CACHE_TTL,
      });
      if (hit) {
        await upsertAnalysis(h.db, {
          id,
          repoUrl,
          ref,
          status: "completed",
          commit,
          report: hit.report,
          cachedFrom: hit.id,
          finishedAt: new Date(),
        });
        return { commit, cached: true };
      }
    }
    const g = gate(id);
    g.started.resolve();
    const aborted = new Promise<never>((_resolve, reject) => {
      if (signal?.aborted) reject(cancelled());
      signal?.addEventListener("abort", () => reject(cancelled()));
    });
    aborted.catch(() => undefined);
    try {
      await Promise.race([g.go.promise, aborted]);
      for (let step = 1; step <= steps; step++) {
        await job.updateProgress({
          step: `step-${step}`,
          percentage: Math.round((step / steps) * 100),
          currentStep: step,
          totalSteps: steps,
        });
      }
      const report = {
        repo: { url: repoUrl, ref, commit },
        totals: { files: 2, code: 10, comments: 1, blanks: 1, bytes: 100 },
      };
      await upsertAnalysis(h.db, {
        id,
        repoUrl,
        ref,
        status: "completed",
        commit,
        report,
        finishedAt: new Date(),
      });
      return { commit, cached: false };
    } catch (error) {
      if (signal?.aborted)
        await upsertAnalysis(h.db, {
          id,
          repoUrl,
          ref,
          status: "cancelled",
          error: { code: CANCELLED, message: "cancelled by request" },
          finishedAt: new Date(),
        });
      throw error;
    }
  };

  const worker = new Worker<AnalysisJobData, AnalysisReturn>(QUEUE_NAME, processor, {
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

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface SseEvent {
  event: string;
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
            events.push({ event, data: data ? JSON.parse(data) : null });
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
      eventually(async () => events.find((e) => e.event === name), timeoutMs),
  };
}
