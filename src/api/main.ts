import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { configOrExit, EXIT_CONFIG } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { createPool } from "../db/index.ts";
import { migrateOrExit } from "../db/schema.ts";
import { answerPings } from "../ipc/ping.ts";
import type { ChildMessage } from "../ipc/protocol.ts";
import { onStopRequest } from "../ipc/stop-request.ts";
import { processLogger } from "../log/index.ts";
import { createQueue, createReaderTemplate, createRedis, watchConnection } from "../queue/index.ts";
import { createApp } from "./app.ts";
import { createEventHub } from "./event-hub.ts";
import { fastReads } from "./fast-reads.ts";
import { createFinishedViews } from "./finished-views.ts";
import { createJobs } from "./jobs.ts";
import { createWorkerMonitor, healthOf } from "./worker-state.ts";

/**
 * The API process: reads its config, listens on HOST:PORT, and shuts down cleanly on SIGTERM,
 * SIGINT, or when its IPC channel to the supervisor disconnects (the supervisor died).
 */

const log = processLogger("api");
const env = configOrExit(loadConfig, log);
if (!env.DATABASE_URL) {
  log.fatal({ variable: "DATABASE_URL" }, "DATABASE_URL: required by the API");
  process.exit(EXIT_CONFIG);
}

const redis = createRedis(env, "command", "repolens-api");
watchConnection(redis, log, "api");
const queue = createQueue(redis, { prefix: env.QUEUE_PREFIX, env });
queue.on("error", (error) => log.warn({ err: error.message }, "queue error"));
const db = await createPool({ url: env.DATABASE_URL, driver: env.DB_DRIVER, log });
if (!env.REPOLENS_SCHEMA_CURRENT) await migrateOrExit(db, log);
const hub = createEventHub({
  redis,
  readerTemplate: () => createReaderTemplate(env),
  prefix: env.QUEUE_PREFIX,
  log,
});
// ROLE=api: the worker runs in another container, nobody here can vouch for it.
const worker = createWorkerMonitor(process.send && env.ROLE !== "api" ? process : null);
answerPings(process);
const shutdown = new AbortController();
const finished = createFinishedViews({ maxBytes: env.VIEW_CACHE_MB * 1024 * 1024 });

const app = createApp({
  config: env,
  log,
  jobs: createJobs(redis, queue, env.QUEUE_PREFIX),
  db,
  hub,
  worker,
  finished,
  closing: shutdown.signal,
});

const server = createServer(
  await fastReads(
    { finished, health: () => healthOf(worker), frontendOrigins: env.FRONTEND_URL, log },
    getRequestListener(app.fetch),
  ),
);
server.on("error", (error) => {
  log.fatal({ err: error }, `cannot listen on ${env.HOST}:${env.PORT}`);
  process.exit(1);
});
server.listen(env.PORT, env.HOST, () => {
  const info = server.address() as AddressInfo;
  log.info({ host: info.address, port: info.port, role: env.ROLE }, "api listening");
  // The supervisor asks the health path now instead of at its next poll (a closed channel
  // means it is gone; the stop request handles that).
  const listening: ChildMessage = { type: "listening" };
  process.send?.(listening, () => undefined);
});

async function stop(reason: string): Promise<void> {
  if (shutdown.signal.aborted) return;
  log.info({ reason }, "api shutting down");
  // Leave a margin inside the supervisor's own deadline for closing connections.
  const deadline = setTimeout(
    () => {
      log.warn("in-flight requests outlived the shutdown deadline; closing them");
      server.closeAllConnections();
    },
    Math.max(1000, env.SHUTDOWN_TIMEOUT_MS - 5000),
  );
  deadline.unref();
  // Stop accepting; SSE streams end (their clients reconnect elsewhere); idle keep-alive
  // sockets close now, busy ones when their response is done.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  shutdown.abort();
  // A connection becomes idle when its response ends (an SSE stream just now, a slow request
  // later); sweep until all are gone rather than wait out their keep-alive timeout.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  await closed;
  clearInterval(sweep);
  clearTimeout(deadline);
  worker.stop();
  await hub.stop();
  await queue.close().catch(() => undefined);
  redis.disconnect();
  await db.end().catch(() => undefined);
  log.info("api stopped");
  process.exit(0);
}

onStopRequest((reason) => void stop(reason));
