import type { Context, MiddlewareHandler } from "hono";
import type { ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

/**
 * A fixed-window limit per client, in memory: one API process per container, and a limit
 * that resets on restart is acceptable for "5 submissions a minute". Keeps no Redis state on
 * purpose (every INCR would be a billed command).
 */

export interface RateLimitOptions {
  /** Requests per window per client; 0 disables the limit. */
  limit: number;
  windowMs?: number;
  /** The client's key, usually `c.get("client")` (see `middleware/client-address.ts`). */
  key: (c: Context<ApiEnv>) => string;
  now?: () => number;
  /** Clients remembered at most; the oldest windows are dropped first. */
  maxClients?: number;
}

/**
 * @example
 * app.post("/api/analyses", rateLimit({ limit: 5, key: (c) => c.get("client") }));
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<ApiEnv> {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? 10_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  return async function rateLimitMiddleware(c, next) {
    if (options.limit <= 0) return next();
    const at = now();
    const key = options.key(c);
    let window = windows.get(key);
    if (!window || window.resetAt <= at) {
      windows.delete(key);
      if (windows.size >= maxClients) {
        // Map iteration is insertion order: the first key is the oldest window.
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
      window = { count: 0, resetAt: at + windowMs };
      windows.set(key, window);
    }
    window.count += 1;
    const remaining = Math.max(0, options.limit - window.count);
    c.header("RateLimit-Limit", String(options.limit));
    c.header("RateLimit-Remaining", String(remaining));
    if (window.count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.resetAt - at) / 1000));
      throw new ApiError(
        429,
        "RATE_LIMITED",
        `at most ${options.limit} submissions per minute; retry in ${retryAfter} s`,
        { "Retry-After": String(retryAfter) },
      );
    }
    return next();
  };
}
