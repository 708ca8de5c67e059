import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { originMatcher } from "../../config/origin-pattern.ts";

/**
 * CORS for the frontend origins of FRONTEND_URL (exact origins, and the preview-deployment
 * wildcard described in src/config/origin-pattern.ts). A refused origin gets no
 * Access-Control-Allow-Origin header, so its browser hands the page nothing.
 */

/** The CORS middleware, or null when FRONTEND_URL is empty (same-origin use only). */
export function frontendCors(patterns: readonly string[]): MiddlewareHandler | null {
  if (patterns.length === 0) return null;
  const allowed = originMatcher(patterns);
  return cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
    allowHeaders: ["Content-Type", "X-Request-Id", "Last-Event-ID", "X-Cancel-Token"],
    exposeHeaders: ["X-Request-Id", "Retry-After"],
    maxAge: 600,
  });
}
