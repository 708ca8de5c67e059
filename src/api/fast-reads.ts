import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { originMatcher } from "../config/origin-pattern.ts";
import type { Logger } from "../log/index.ts";
import { type FinishedViews, matchesEtag } from "./finished-views.ts";
import { CORS_EXPOSE_HEADERS } from "./middleware/cors.ts";
import { FINAL_CACHE_CONTROL, JSON_TYPE } from "./view-response.ts";

/**
 * The one read worth a shortcut: `GET /api/analyses/:id` of a finished analysis already in
 * memory. It is answered straight on node:http, before hono turns the request into a web
 * Request and runs its middleware, with the same headers the app would send (security
 * headers derived from hono's own middleware once, CORS for FRONTEND_URL, a request id, the
 * ETag) and logged at debug. Anything else, a cache miss included, goes to the app unchanged.
 */

export interface FastReadsOptions {
  finished: FinishedViews;
  /** FRONTEND_URL's patterns, as the CORS middleware has them. */
  frontendOrigins: readonly string[];
  log: Logger;
}

const VIEW_PATH = /^\/api\/analyses\/([A-Za-z0-9_-]{1,100})$/;
// As hono's requestId middleware accepts a caller's id.
const CALLER_ID = /^[\w\-=]{1,255}$/;

/** The headers hono's secureHeaders() middleware sets on every response, read from it once. */
async function securityHeaders(): Promise<Record<string, string>> {
  const probe = new Hono().use(secureHeaders()).get("/", (c) => c.body(null, 204));
  const response = await probe.request("/");
  return Object.fromEntries(response.headers.entries());
}

/**
 * @example
 * const listener = await fastReads({ finished, frontendOrigins: env.FRONTEND_URL, log }, next);
 * http.createServer(listener);
 */
export async function fastReads(
  options: FastReadsOptions,
  next: RequestListener,
): Promise<RequestListener> {
  const cors = options.frontendOrigins.length > 0;
  const fixed = Object.entries({
    ...(await securityHeaders()),
    "Content-Type": JSON_TYPE,
    "Cache-Control": FINAL_CACHE_CONTROL,
    ...(cors
      ? { "Access-Control-Expose-Headers": CORS_EXPOSE_HEADERS.join(","), Vary: "Origin" }
      : {}),
  }).flat();
  const allowed = originMatcher(options.frontendOrigins);

  const debug = options.log.isLevelEnabled("debug");

  return function fastRead(req: IncomingMessage, res: ServerResponse) {
    const match = req.method === "GET" && req.url ? VIEW_PATH.exec(req.url) : null;
    const view = match ? options.finished.get(match[1] as string) : undefined;
    if (!view) {
      next(req, res);
      return;
    }
    const started = debug ? performance.now() : 0;
    const caller = req.headers["x-request-id"];
    const requestId =
      typeof caller === "string" && CALLER_ID.test(caller) ? caller : crypto.randomUUID();
    // A flat [name, value, ...] list: the cheapest form node:http takes.
    const headers = [...fixed, "ETag", view.etag, "X-Request-Id", requestId];
    const origin = req.headers.origin;
    if (cors && origin && allowed(origin)) headers.push("Access-Control-Allow-Origin", origin);
    const fresh = matchesEtag(req.headers["if-none-match"], view.etag);
    if (!fresh) headers.push("Content-Length", String(view.length));
    res.writeHead(fresh ? 304 : 200, headers);
    res.end(fresh ? undefined : view.json);
    // Not even the line's object is made unless debug is on: this is the hot path.
    if (!debug) return;
    options.log.debug(
      {
        reqId: requestId,
        method: "GET",
        path: req.url,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        from: "memory",
      },
      "request",
    );
  };
}
