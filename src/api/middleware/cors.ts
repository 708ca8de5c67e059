import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { originMatcher } from "../../config/origin-pattern.ts";

/**
 * CORS for the frontend origins of FRONTEND_URL (exact origins, and the preview-deployment
 * wildcard described in src/config/origin-pattern.ts). A refused origin gets no
 * Access-Control-Allow-Origin header, so its browser hands the page nothing.
 */

/** Response headers a frontend's script may read. */
export const CORS_EXPOSE_HEADERS = ["X-Request-Id", "Retry-After"];

/** The CORS middleware, or null when FRONTEND_URL is empty (same-origin use only). */
export function frontendCors(patterns: readonly string[]): MiddlewareHandler | null {
  if (patterns.length === 0) return null;
  const allowed = originMatcher(patterns);
  return cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
    allowHeaders: ["Content-Type", "X-Request-Id", "Last-Event-ID", "X-Cancel-Token"],
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: 600,
  });
}
