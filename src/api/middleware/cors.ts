import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/**
 * CORS for the frontend origins of FRONTEND_URL: exact origins, and an explicit wildcard form
 * for preview deployments, e.g. `https://*-myteam.vercel.app`, where `*` stands for one DNS
 * label's worth of letters, digits and dashes (never a dot, so it cannot reach another domain).
 */

function toMatcher(pattern: string): (origin: string) => boolean {
  const normal = pattern.replace(/\/+$/, "").toLowerCase();
  if (!normal.includes("*")) return (origin) => origin.toLowerCase() === normal;
  const escaped = normal.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"));
  const regex = new RegExp(`^${escaped.join("[a-z0-9-]+")}$`);
  return (origin) => regex.test(origin.toLowerCase());
}

/**
 * @example
 * const allowed = originMatcher(["https://app.example.com", "https://*-team.vercel.app"]);
 * allowed("https://pr-12-team.vercel.app") // true
 * allowed("https://evil.com/x-team.vercel.app") // false
 */
export function originMatcher(patterns: readonly string[]): (origin: string) => boolean {
  const matchers = patterns.map(toMatcher);
  return (origin) => matchers.some((match) => match(origin));
}

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
