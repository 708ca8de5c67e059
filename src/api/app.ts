import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { Env } from "../config/index.ts";
import type { Db } from "../db/index.ts";
import type { Logger } from "../log/index.ts";
import { webApp } from "../web/index.ts";
import { createAnalysisService } from "./analyses.ts";
import type { ApiEnv } from "./context.ts";
import { ApiError, errorBody, errorResponse } from "./errors.ts";
import type { EventHub } from "./event-hub.ts";
import { createFinishedViews, type FinishedViews } from "./finished-views.ts";
import type { Jobs } from "./jobs.ts";
import { clientAddress } from "./middleware/client-address.ts";
import { frontendCors } from "./middleware/cors.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { requestLog } from "./middleware/request-log.ts";
import { ADMIN_PATH, adminRoutes } from "./routes/admin.ts";
import { analysesRoutes } from "./routes/analyses.ts";
import { eventsRoutes } from "./routes/events.ts";
import { systemRoutes } from "./routes/system.ts";
import { createStatusProbe } from "./status.ts";
import { createStreamSlots } from "./stream-slots.ts";
import type { WorkerMonitor } from "./worker-state.ts";

/** Bodies larger than this are refused: a submission is a URL, a ref and a flag. */
const MAX_BODY_BYTES = 4 * 1024;

type ApiConfig = Pick<
  Env,
  | "ALLOWED_GIT_HOSTS"
  | "ALLOW_LOCAL_REPOS"
  | "FRONTEND_URL"
  | "TRUST_PROXY"
  | "TRUST_PROXY_HOPS"
  | "RATE_LIMIT_PER_MIN"
  | "SSE_MAX_STREAMS"
  | "SSE_MAX_STREAMS_PER_CLIENT"
  | "ADMIN_USER"
  | "ADMIN_PASSWORD"
  | "MAX_REPORT_KB"
  | "VIEW_CACHE_MB"
>;

/** Everything the app needs, made by the caller (main.ts, or a test). */
export interface ApiDeps {
  config: ApiConfig;
  log: Logger;
  jobs: Jobs;
  db: Db;
  hub: EventHub;
  worker: WorkerMonitor;
  /** Finished views in memory; main.ts shares it with its fast path. Default: a new one. */
  finished?: FinishedViews;
  /** Aborted at shutdown; ends every SSE stream. */
  closing: AbortSignal;
  sseKeepAliveMs?: number;
  statusTtlMs?: number;
  now?: () => number;
}

const OPENAPI_PATH = "/openapi.json";

/**
 * The HTTP API, pure: no listening, no connections of its own.
 *
 * @example
 * const app = createApp(deps);
 * serve({ fetch: app.fetch, port: env.PORT });
 */
export function createApp(deps: ApiDeps) {
  const { config } = deps;
  const service = createAnalysisService({
    jobs: deps.jobs,
    db: deps.db,
    config,
    finished:
      deps.finished ?? createFinishedViews({ maxBytes: config.VIEW_CACHE_MB * 1024 * 1024 }),
    now: deps.now,
  });
  const slots = createStreamSlots({
    max: config.SSE_MAX_STREAMS,
    maxPerClient: config.SSE_MAX_STREAMS_PER_CLIENT,
  });
  const status = createStatusProbe(
    { jobs: deps.jobs, db: deps.db, worker: deps.worker, streams: slots, log: deps.log },
    deps.statusTtlMs,
  );

  const app = new OpenAPIHono<ApiEnv>();
  app.use(requestId());
  app.use(requestLog(deps.log, new Set(["/api/health", "/health"])));
  app.use(clientAddress({ trustProxy: config.TRUST_PROXY, hops: config.TRUST_PROXY_HOPS }));
  // A route may set one of these itself (health does): it is not overwritten.
  app.use(secureHeaders({ overwrite: false }));
  const cors = frontendCors(config.FRONTEND_URL);
  if (cors) app.use("/api/*", cors);
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(
          413,
          "PAYLOAD_TOO_LARGE",
          `the body is larger than ${MAX_BODY_BYTES} bytes`,
        );
      },
    }),
  );
  app.on(
    "POST",
    "/api/analyses",
    rateLimit({
      limit: config.RATE_LIMIT_PER_MIN,
      key: (c) => c.get("client"),
      now: deps.now,
    }),
  );

  const admin = adminRoutes(deps.jobs.queue, {
    user: config.ADMIN_USER,
    password: config.ADMIN_PASSWORD,
  });
  if (admin) app.route(ADMIN_PATH, admin);

  const routes = app
    .route("/", analysesRoutes(service))
    .route(
      "/",
      eventsRoutes({
        service,
        hub: deps.hub,
        keepAliveMs: deps.sseKeepAliveMs,
        closing: deps.closing,
        slots,
      }),
    )
    .route("/", systemRoutes({ jobs: deps.jobs, worker: deps.worker, status }));

  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "RepoLens API",
      version: "1",
      description:
        "Submit a public git repository, follow its analysis live, read the report and history.",
    },
  });
  // Loaded on first use: an API nobody browses does not hold Swagger UI's module in memory.
  let docs: Promise<MiddlewareHandler> | null = null;
  app.get("/docs", async function apiDocs(c, next) {
    docs ??= import("@hono/swagger-ui").then(({ swaggerUI }) => swaggerUI({ url: OPENAPI_PATH }));
    return (await docs)(c, next);
  });
  // The page uses the public API only, as a Vercel frontend would; it is served here so that a
  // deployment without a frontend of its own is still usable in a browser.
  app.route("/", webApp());

  app.notFound((c) =>
    c.json(errorBody("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), 404),
  );
  app.onError(errorResponse);
  return routes;
}

/** The app's type, for a typed client: `hc<AppType>("https://api.example.com")`. */
export type AppType = ReturnType<typeof createApp>;
