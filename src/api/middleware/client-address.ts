import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The client's address. Behind a proxy (TRUST_PROXY=true) that is the first address of
 * X-Forwarded-For, as the proxy received it; otherwise the socket's peer. Without TRUST_PROXY
 * the header is ignored, since any client can write it.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const first = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by @hono/node-server (app.request() in a test): one shared bucket.
    return "unknown";
  }
}
