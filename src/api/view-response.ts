import type { Context } from "hono";
import type { ViewBody } from "./analyses.ts";
import { matchesEtag } from "./finished-views.ts";

/**
 * How a body that may be final is answered. A final one revalidates by its strong ETag
 * (`no-cache` means "ask again", and the answer is a body-less 304 when nothing changed, which
 * a final body never does); any other is `no-store`, as it is stale a moment later.
 */
export const FINAL_CACHE_CONTROL = "no-cache";
const LIVE_CACHE_CONTROL = "no-store";
export const JSON_TYPE = "application/json";

/** Whether the request already holds this final body. */
const notModified = (body: ViewBody, ifNoneMatch: string | undefined | null) =>
  body.final && matchesEtag(ifNoneMatch, body.etag);

/**
 * @example
 * return answerBody(c, await service.viewBody(id));
 */
export function answerBody(c: Context, body: ViewBody): Response {
  if (!body.final) {
    c.header("Cache-Control", LIVE_CACHE_CONTROL);
    return c.body(body.json, 200, { "Content-Type": JSON_TYPE });
  }
  c.header("Cache-Control", FINAL_CACHE_CONTROL);
  c.header("ETag", body.etag);
  if (notModified(body, c.req.header("if-none-match"))) return c.body(null, 304);
  return c.body(body.json, 200, { "Content-Type": JSON_TYPE });
}
