import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "../context.ts";
import type { Jobs } from "../jobs.ts";
import { CountsSchema, ErrorSchema, HealthResponse, StatusResponse } from "../schemas.ts";
import type { StatusProbe } from "../status.ts";
import { HEALTH_HEADERS, healthOf, type WorkerMonitor } from "../worker-state.ts";

export interface SystemDeps {
  jobs: Jobs;
  worker: WorkerMonitor;
  status: StatusProbe;
}

// Generic in the path so that the typed client sees "/api/health" and "/health", not `string`.
const healthRoute = <P extends "/api/health" | "/health">(path: P) =>
  createRoute({
    method: "get",
    path,
    summary: "Liveness: answers without touching Redis or Postgres",
    responses: {
      200: { description: "Alive", content: { "application/json": { schema: HealthResponse } } },
    },
  });

const statusRoute = createRoute({
  method: "get",
  path: "/api/status",
  summary: "Every dependency probed (cached a few seconds) and an overall verdict",
  responses: {
    200: {
      description: "healthy or degraded",
      content: { "application/json": { schema: StatusResponse } },
    },
    503: {
      description: "unhealthy: Redis or Postgres unreachable",
      content: { "application/json": { schema: StatusResponse } },
    },
  },
});

const statsRoute = createRoute({
  method: "get",
  path: "/api/stats",
  summary: "Queue counts",
  responses: {
    200: { description: "Counts", content: { "application/json": { schema: CountsSchema } } },
    503: {
      description: "Redis is unreachable",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

/**
 * @example
 * app.route("/", systemRoutes({ jobs, worker, status }));
 */
export function systemRoutes(deps: SystemDeps) {
  const health = () => healthOf(deps.worker);
  return new OpenAPIHono<ApiEnv>()
    .openapi(healthRoute("/api/health"), (c) => c.json(health(), 200, HEALTH_HEADERS))
    .openapi(healthRoute("/health"), (c) => c.json(health(), 200, HEALTH_HEADERS))
    .openapi(statusRoute, async (c) => {
      const report = await deps.status.get();
      return report.overall_status === "unhealthy" ? c.json(report, 503) : c.json(report, 200);
    })
    .openapi(statsRoute, async (c) => c.json(await deps.jobs.counts(), 200));
}
