import type { AddressInfo } from "node:net";
import { configOrExit, EXIT_CONFIG } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { answerPings } from "../ipc/ping.ts";
import type { ChildMessage } from "../ipc/protocol.ts";
import { onStopRequest } from "../ipc/stop-request.ts";
import { processLogger } from "../log/index.ts";
import { fastReads } from "./fast-reads.ts";
import { createFinishedViews } from "./finished-views.ts";
import { warmUp } from "./warm-up.ts";
import { createWorkerMonitor, healthOf } from "./worker-state.ts";

/**
 * The API process: reads its config, listens on HOST:PORT, and shuts down cleanly on SIGTERM,
 * SIGINT, or when its IPC channel to the supervisor disconnects (the supervisor died).
 *
 * It listens having loaded only what `/api/health` and the fast path need. The service behind
 * them (Redis, the queue, Postgres and its schema check, the app: `service.ts`) is built once it
 * listens, or, where a worker starts beside it (the combined container), at the first of: a
 * request that needs it, which waits for it; a health answer that says the worker is ready (the
 * service is up, and whoever asked will submit next); a moment after the worker is reported
 * ready. On Render's 0.1 CPU every process shares a tenth of a CPU, and the API's build while
 * the worker starts delayed the service's readiness by its own CPU time (docs/PERFORMANCE.md §10).
 */

// Not `import ... from "node:http"`: an ES module's view of a built-in reads every export, and
// http's WebSocket, CloseEvent and MessageEvent load undici when read (a third of what this
// process loads before it listens; docs/PERFORMANCE.md §10).
const { createServer } = process.getBuiltinModule("node:http");

/** Once the worker is ready, how long the API waits for a request before building anyway. */
const BUILD_AFTER_READY_MS = 2000;

const log = processLogger("api");
const env = configOrExit(loadConfig, log);
const databaseUrl = env.DATABASE_URL;
if (!databaseUrl) {
  log.fatal({ variable: "DATABASE_URL" }, "DATABASE_URL: required by the API");
  process.exit(EXIT_CONFIG);
}

// ROLE=api: the worker runs in another container, nobody here can vouch for it.
const besideWorker = process.send !== undefined && env.ROLE !== "api";
const worker = createWorkerMonitor(besideWorker ? process : null);
answerPings(process);
const shutdown = new AbortController();
const finished = createFinishedViews({ maxBytes: env.VIEW_CACHE_MB * 1024 * 1024 });
const service = warmUp(() =>
  import("./service.ts")
    .then(({ startService }) =>
      startService({
        env: { ...env, DATABASE_URL: databaseUrl },
        log,
        worker,
        finished,
        closing: shutdown.signal,
      }),
    )
    .catch((error: unknown): never => {
      log.fatal(
        { err: error, code: "API_START_FAILED" },
        `the API could not start: ${String(error)}`,
      );
      process.exit(1);
    }),
);
if (besideWorker) worker.onceReady(() => service.soon(BUILD_AFTER_READY_MS));

const server = createServer(
  fastReads(
    {
      finished,
      health: () => {
        const health = healthOf(worker);
        if (health.worker_ok) service.soon(0);
        return health;
      },
      frontendOrigins: env.FRONTEND_URL,
      log,
    },
    (req, res) => void service.get().then(({ listener }) => listener(req, res)),
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
  if (!besideWorker) service.soon(0);
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
  // Requests come on connections, all closed now: a build not begun will not be.
  await (await service.begun())?.stop();
  log.info("api stopped");
  process.exit(0);
}

onStopRequest((reason) => void stop(reason));
