import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../log/index.ts";
import type { ApiEnv } from "../context.ts";

/**
 * Gives each request a logger carrying its id (set by hono's requestId middleware, which also
 * returns it as X-Request-Id) and writes one line when the response is ready.
 */
export function requestLog(
  log: Logger,
  quiet: ReadonlySet<string> = new Set(),
): MiddlewareHandler<ApiEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    const child = log.child({ reqId: c.get("requestId") });
    c.set("log", child);
    await next();
    const status = c.res.status;
    const line = {
      method: c.req.method,
      path: c.req.path,
      // The key the limits counted this request under: how an operator checks TRUST_PROXY_HOPS.
      client: c.get("client"),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) child.error(line, "request failed");
    // The platform's liveness probe calls every few seconds; at info it would drown the log.
    else if (quiet.has(c.req.path)) child.debug(line, "request");
    else child.info(line, "request");
  };
}
