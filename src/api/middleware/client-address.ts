import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import ipaddr from "ipaddr.js";
import type { ApiEnv } from "../context.ts";

/**
 * Who is asking, as a key for per-client limits (submissions, open streams). Behind trusted
 * proxies that is the address the outermost of them appended to X-Forwarded-For, counted from
 * the right: everything left of it was written by the client and proves nothing. Without
 * TRUST_PROXY the header is ignored and the socket's peer is the client.
 */

export interface ClientAddressOptions {
  /** TRUST_PROXY: only then is X-Forwarded-For read at all. */
  trustProxy: boolean;
  /**
   * TRUST_PROXY_HOPS: proxies in front of the API that each append the address they received
   * the request from. 1 takes the rightmost entry; Render (its Cloudflare, then its own proxy) 2.
   */
  hops: number;
}

// The longest address form, bracketed IPv6 with a zone and a port, is far shorter: anything
// longer is refused before the address parser sees it.
const MAX_ENTRY_LENGTH = 100;

/**
 * The X-Forwarded-For entry `hops` from the right, or the leftmost when the header has fewer
 * entries (a request that came through fewer proxies than configured). Scans from the right
 * and stops there, so a long header costs no more than its last few entries.
 *
 * @example
 * forwardedEntry("6.6.6.6, 203.0.113.7, 104.22.17.40", 2) // "203.0.113.7"
 */
export function forwardedEntry(header: string, hops: number): string {
  let end = header.length;
  for (let hop = 1; hop < hops; hop++) {
    const comma = header.lastIndexOf(",", end - 1);
    if (comma < 0) break;
    end = comma;
  }
  return header.slice(header.lastIndexOf(",", end - 1) + 1, end).trim();
}

/**
 * One address in its canonical form (IPv4-mapped IPv6 as IPv4), with brackets and a port
 * removed as some proxies write them; null when it is no IP address.
 *
 * @example
 * parseAddress("[2001:db8::1]:443") // "2001:db8::1"
 * parseAddress("::ffff:203.0.113.7") // "203.0.113.7"
 */
export function parseAddress(entry: string): string | null {
  if (entry.length === 0 || entry.length > MAX_ENTRY_LENGTH) return null;
  let address = entry;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d{1,5}$/.test(address)) address = address.slice(0, address.indexOf(":"));
  // Four-part decimal only: ipaddr.js also accepts legacy forms such as "0x7f.1".
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) return ipaddr.IPv4.parse(address).toString();
  if (!ipaddr.IPv6.isValid(address)) return null;
  return ipaddr.process(address).toString();
}

/**
 * The key a client is counted under: an IPv4 address, or the /64 network of an IPv6 one,
 * since one host is usually given a whole /64 and could otherwise take a fresh address (and
 * a fresh bucket) for every request.
 *
 * @example
 * clientKey("2001:db8:1:2:aaaa::1") // "2001:db8:1:2::/64"
 */
export function clientKey(address: string): string {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return address;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

function socketPeer(c: Context): string | null {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? parseAddress(address) : null;
  } catch {
    // Not served by @hono/node-server (app.request() in a test).
    return null;
  }
}

/**
 * The client's key (see {@link clientKey}) from a trusted proxy's entry, else the socket's
 * peer; "unknown" (one shared bucket) when neither is an address.
 */
function resolveClient(c: Context, options: ClientAddressOptions): string {
  const header = options.trustProxy ? c.req.header("x-forwarded-for") : undefined;
  // A proxy entry that is no address (a misconfigured proxy) falls back to the peer, which is
  // then the proxy itself: its clients share a bucket rather than choosing their own.
  const address = (header && parseAddress(forwardedEntry(header, options.hops))) || socketPeer(c);
  return address ? clientKey(address) : "unknown";
}

/**
 * Sets `c.var.client` for the limits and the request log.
 *
 * @example
 * app.use(clientAddress({ trustProxy: env.TRUST_PROXY, hops: env.TRUST_PROXY_HOPS }));
 */
export function clientAddress(options: ClientAddressOptions): MiddlewareHandler<ApiEnv> {
  return async function clientAddressMiddleware(c, next) {
    c.set("client", resolveClient(c, options));
    await next();
  };
}
