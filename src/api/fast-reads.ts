import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { originMatcher } from "../config/origin-pattern.ts";
import type { Logger } from "../log/index.ts";
import { type FinishedViews, matchesEtag } from "./finished-views.ts";
import { CORS_EXPOSE_HEADERS } from "./middleware/cors.ts";
import { FINAL_CACHE_CONTROL, JSON_TYPE } from "./view-response.ts";
import { HEALTH_HEADERS, type HealthBody } from "./worker-state.ts";

/**
 * The reads worth a shortcut, answered straight on node:http before hono turns the request into
 * a web Request and runs its middleware, with the same headers the app would send (hono's
 * security headers, CORS for FRONTEND_URL on /api/*, a request id) and logged at debug:
 * - `GET /api/analyses/:id` of a finished analysis already in memory, with its ETag;
 * - `GET` or `HEAD` of `/api/health` and `/health`, which the platform, the supervisor and a
 *   waking page ask every few seconds: through the app a process's first answer cost 17-20 ms
 *   of CPU and each later one about 1 ms, here 8-10 and 0.4, the rest being middleware this
 *   answer has no use for (at Render's 0.1 CPU, ten times that; docs/PERFORMANCE.md §10).
 * Anything else, a cache miss included, goes to the app unchanged.
 */

export interface FastReadsOptions {
  finished: FinishedViews;
  /** What the health paths answer: the app's health route says the same. */
  health: () => HealthBody;
  /** FRONTEND_URL's patterns, as the CORS middleware has them. */
  frontendOrigins: readonly string[];
  log: Logger;
}

const VIEW_PATH = /^\/api\/analyses\/([A-Za-z0-9_-]{1,100})$/;
// As hono routes them: exact paths, any query.
const HEALTH_PATH = /^\/(api\/)?health(?:\?|$)/;
// As hono's requestId middleware accepts a caller's id.
const CALLER_ID = /^[\w\-=]{1,255}$/;

/**
 * The headers hono's secureHeaders() middleware sets on every response of the app, in lower case
 * as hono's Headers give them. Written out, not read from the middleware at start: running it
 * takes the global Request and Response, whose first use loads undici, about a third of what
 * the API loads before it listens (docs/PERFORMANCE.md §10). The tests compare every header of
 * these answers with the app's, so a hono that changes its defaults fails them.
 */
const SECURITY_HEADERS = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "origin-agent-cluster": "?1",
  "referrer-policy": "no-referrer",
  "strict-transport-security": "max-age=15552000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-dns-prefetch-control": "off",
  "x-download-options": "noopen",
  "x-frame-options": "SAMEORIGIN",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

/**
 * @example
 * const listener = fastReads({ finished, health, frontendOrigins: env.FRONTEND_URL, log }, next);
 * http.createServer(listener);
 */
export function fastReads(options: FastReadsOptions, next: RequestListener): RequestListener {
  const cors = options.frontendOrigins.length > 0;
  const corsFixed = cors
    ? { "Access-Control-Expose-Headers": CORS_EXPOSE_HEADERS.join(","), Vary: "Origin" }
    : {};
  // Flat [name, value, ...] lists: the cheapest form node:http takes.
  const viewFixed = Object.entries({
    ...SECURITY_HEADERS,
    "Content-Type": JSON_TYPE,
    "Cache-Control": FINAL_CACHE_CONTROL,
    ...corsFixed,
  }).flat();
  const healthFixed = (api: boolean) =>
    Object.entries({
      ...SECURITY_HEADERS,
      ...HEALTH_HEADERS,
      "Content-Type": JSON_TYPE,
      ...(api ? corsFixed : {}),
    }).flat();
  const apiHealthFixed = healthFixed(true);
  const rootHealthFixed = healthFixed(false);
  const allowed = originMatcher(options.frontendOrigins);
  const debug = options.log.isLevelEnabled("debug");

  /**
   * Writes the answer with its request id and, on /api/*, CORS for an allowed origin; `headers`
   * hold the rest, Content-Length included when there is a body.
   */
  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: string[],
    body: string | undefined,
    from: string,
  ): void {
    const started = debug ? performance.now() : 0;
    const caller = req.headers["x-request-id"];
    const requestId = typeof caller === "string" && CALLER_ID.test(caller) ? caller : randomUUID();
    headers.push("X-Request-Id", requestId);
    const origin = req.headers.origin;
    if (cors && origin && req.url?.startsWith("/api/") && allowed(origin))
      headers.push("Access-Control-Allow-Origin", origin);
    res.writeHead(status, headers);
    // node:http sends no body to a HEAD request, with the length a GET would have.
    res.end(body);
    // Not even the line's object is made unless debug is on: these are the hot paths.
    if (!debug) return;
    options.log.debug(
      {
        reqId: requestId,
        method: req.method,
        path: req.url,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        from,
      },
      "request",
    );
  }

  return function fastRead(req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? "";
    if ((req.method === "GET" || req.method === "HEAD") && HEALTH_PATH.test(url)) {
      const fixed = url.startsWith("/api/") ? apiHealthFixed : rootHealthFixed;
      const body = JSON.stringify(options.health());
      const headers = [...fixed, "Content-Length", String(Buffer.byteLength(body))];
      answer(req, res, 200, headers, body, "health");
      return;
    }
    const match = req.method === "GET" ? VIEW_PATH.exec(url) : null;
    const view = match ? options.finished.get(match[1] as string) : undefined;
    if (!view) {
      next(req, res);
      return;
    }
    const fresh = matchesEtag(req.headers["if-none-match"], view.etag);
    const headers = [...viewFixed, "ETag", view.etag];
    if (!fresh) headers.push("Content-Length", String(view.length));
    answer(req, res, fresh ? 304 : 200, headers, fresh ? undefined : view.json, "memory");
  };
}
