import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiEnv } from "./context.ts";
import { isOutage } from "./outage.ts";

/**
 * The one error shape of the API, `{ error: { code, message } }`: `code` for programs,
 * `message` for people.
 */

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

// hono's own middleware throws HTTPExceptions; each status gets our code.
const HTTP_CODES: Record<number, string> = {
  400: "MALFORMED_REQUEST",
  401: "UNAUTHORIZED",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
};

/** Turns anything thrown by a handler into the error shape; unknown errors become a 500. */
export function errorResponse(error: unknown, c: Context<ApiEnv>): Response {
  if (error instanceof ApiError) {
    return c.json(errorBody(error.code, error.message), error.status, error.headers);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const message = /malformed json/i.test(error.message)
      ? "the request body is not valid JSON"
      : error.message || "request refused";
    const code = /malformed json/i.test(error.message)
      ? "MALFORMED_JSON"
      : (HTTP_CODES[status] ?? "HTTP_ERROR");
    // Keep headers the middleware chose (WWW-Authenticate from basic auth).
    const headers = Object.fromEntries(error.getResponse().headers);
    delete headers["content-type"];
    delete headers["content-length"];
    return c.json(errorBody(code, message), status, headers);
  }
  c.get("log")?.error({ err: error }, "unhandled error");
  return c.json(errorBody("INTERNAL", "something went wrong on our side"), 500);
}

export const REDIS_UNAVAILABLE = "REDIS_UNAVAILABLE";
const DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";

export function redisUnavailable(): ApiError {
  return new ApiError(
    503,
    REDIS_UNAVAILABLE,
    "the job queue (Redis) is unreachable; try again shortly",
    { "Retry-After": "5" },
  );
}

function databaseUnavailable(): ApiError {
  return new ApiError(
    503,
    DATABASE_UNAVAILABLE,
    "the database (Postgres) is unreachable; try again shortly",
    { "Retry-After": "5" },
  );
}

/**
 * Runs a Redis or Postgres call; a connection failure becomes the matching 503, anything else
 * (a bug) is rethrown as it is.
 *
 * @example
 * const row = await guard("database", () => findAnalysis(db, id));
 */
export async function guard<T>(service: "redis" | "database", work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError || !isOutage(error)) throw error;
    throw service === "redis" ? redisUnavailable() : databaseUnavailable();
  }
}
