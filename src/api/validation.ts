import type { Hook } from "@hono/zod-openapi";
import type { ApiEnv } from "./context.ts";
import { errorBody } from "./errors.ts";

/**
 * zod validation failures in the one error shape: code INVALID_INPUT and a message naming each
 * offending field, e.g. `repoUrl: repoUrl is required; force: force must be true or false`.
 */
export const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const message = result.error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  return c.json(errorBody("INVALID_INPUT", message), 400);
};
