import type { RequestListener } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Env } from "../config/index.ts";
import { createPool } from "../db/index.ts";
import { migrateOrExit } from "../db/schema.ts";
import type { ChildMessage } from "../ipc/protocol.ts";
import type { Logger } from "../log/index.ts";
import {
  createQueue,
  createReaderTemplate,
  createRedis,
  firstReady,
  watchConnection,
} from "../queue/index.ts";
import { createApp } from "./app.ts";
import { createEventHub } from "./event-hub.ts";
import type { FinishedViews } from "./finished-views.ts";
import { createJobs } from "./jobs.ts";
import type { WorkerMonitor } from "./worker-state.ts";

/**
 * The part of the API that only its app needs: the Redis connection and the queue, the Postgres
 * pool with its schema check, the event hub and the hono app with its routes and OpenAPI
 * schemas. `main.ts` imports this module once it listens (`warm-up.ts` says when), so that a
 * start answers `/api/health` having loaded none of it: on Render's 0.1 CPU this is most of the
 * API's start (docs/PERFORMANCE.md §10). An entry of the build of its own, so that the image's
 * compile cache holds it (scripts/warm-compile-cache.ts).
 */

export interface ServiceOptions {
  env: Env & { DATABASE_URL: string };
  log: Logger;
  worker: WorkerMonitor;
  /** Shared with the fast path, which serves the views the app puts here. */
  finished: FinishedViews;
  /** Aborted at shutdown; ends every SSE stream. */
  closing: AbortSignal;
}

export interface ApiService {
  /** The app, as node:http calls it. */
  listener: RequestListener;
  /** Closes the connections, once the server no longer takes requests. */
  stop(): Promise<void>;
}

/**
 * Connects, checks the schema (ends the process on MIGRATION_FAILED, as `migrateOrExit` says),
 * waits two seconds at most for Redis's first connection, and builds the app.
 *
 * @example
 * const service = await startService({ env, log, worker, finished, closing: shutdown.signal });
 * server.on("request", service.listener);
 */
export async function startService(options: ServiceOptions): Promise<ApiService> {
  const { env, log } = options;
  const redis = createRedis(env, "command", "repolens-api");
  watchConnection(redis, log, "api");
  const queue = createQueue(redis, { prefix: env.QUEUE_PREFIX, env });
  queue.on("error", (error) => log.warn({ err: error.message }, "queue error"));
  const db = await createPool({ url: env.DATABASE_URL, driver: env.DB_DRIVER, log });
  if (!env.REPOLENS_SCHEMA_CURRENT) {
    await migrateOrExit(db, log);
    // Later starts of the API, and the worker's, skip the check (a restart during a Postgres
    // outage must wait for it, not fail on it).
    const current: ChildMessage = { type: "schema-current" };
    process.send?.(current, () => undefined);
  }
  // Redis connects while the schema is checked; without the check (a restart) the app would
  // serve its first requests while Redis still connected, each a 503.
  await firstReady(redis, 2_000);
  const hub = createEventHub({
    redis,
    readerTemplate: () => createReaderTemplate(env),
    prefix: env.QUEUE_PREFIX,
    log,
  });
  const app = createApp({
    config: env,
    log,
    jobs: createJobs(redis, queue, env.QUEUE_PREFIX),
    db,
    hub,
    worker: options.worker,
    finished: options.finished,
    closing: options.closing,
  });
  return {
    listener: getRequestListener(app.fetch),
    async stop() {
      await hub.stop();
      await queue.close().catch(() => undefined);
      redis.disconnect();
      await db.end().catch(() => undefined);
    },
  };
}
