import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { AnalysisError } from "./errors.ts";

/**
 * The DNS guard: which addresses a repository host may resolve to, and the resolution itself,
 * just before a clone. The URL rules it complements are pure and live in url-rules.ts.
 */

/**
 * True for addresses no public repository host may resolve to. The ranges are ipaddr.js's
 * (a maintained table of the IANA special-purpose registries): only its `unicast` range is
 * public. IPv6 forms that carry an IPv4 address inside (IPv4-mapped and translated, NAT64,
 * 6to4, Teredo) are as public as every IPv4 address they embed: a DNS64 network gives
 * github.com a 64:ff9b:: address, while 2002:7f00:1:: is loopback in disguise.
 *
 * @example
 * isPrivateAddress("64:ff9b::8c52:7904") // false: NAT64 of 140.82.121.4
 * isPrivateAddress("2002:a00:1::")        // true: 6to4 of 10.0.0.1
 */
export function isPrivateAddress(address: string): boolean {
  // node's parser first: ipaddr.js also reads legacy spellings ("127.1", "0x7f.0.0.1").
  if (isIP(address) === 0) return true;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return parsed.range() !== "unicast";
  const embedded = embeddedIPv4(parsed as ipaddr.IPv6);
  if (embedded) return embedded.some((v4) => v4.range() !== "unicast");
  return parsed.range() !== "unicast";
}

/** The IPv4 addresses an IPv6 address carries, by its range; null for a plain IPv6 address. */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const b = v6.toByteArray();
  const v4 = (at: number, xor = 0) =>
    new ipaddr.IPv4([0, 1, 2, 3].map((i) => (b[at + i] ?? 0) ^ xor));
  switch (v6.range()) {
    case "ipv4Mapped":
    case "rfc6145":
      return [v4(12)];
    case "rfc6052":
      // 64:ff9b::/96 ends in the IPv4 address; the local-use 64:ff9b:1::/48 may also embed it
      // as RFC 6052 does for a /48 prefix (bytes 6-7 and 9-10, around the zero "u" octet).
      return b[5] === 1
        ? [v4(12), new ipaddr.IPv4([b[6] ?? 0, b[7] ?? 0, b[9] ?? 0, b[10] ?? 0])]
        : [v4(12)];
    case "6to4":
      return [v4(2)];
    case "teredo":
      // The Teredo server's address, and the client's, stored inverted.
      return [v4(4), v4(12, 0xff)];
    default:
      return null;
  }
}

/**
 * Resolves the host just before cloning and refuses private, loopback and link-local answers
 * (a public name pointing inside our network). Returns the checked addresses so the clone can
 * pin them (`http.curloptResolve`) and a second, different answer cannot slip in.
 *
 * @example
 * const addresses = await resolvePublicHost("github.com"); // ["140.82.121.4"]
 */
export async function resolvePublicHost(
  host: string,
  resolve: (host: string) => Promise<{ address: string }[]> = (h) => lookup(h, { all: true }),
  refused: (address: string) => boolean = isPrivateAddress,
): Promise<string[]> {
  let answers: { address: string }[];
  try {
    answers = await resolve(host);
  } catch (error) {
    throw new AnalysisError("DNS_FAILED", `could not resolve ${host}`, { cause: error });
  }
  if (answers.length === 0) throw new AnalysisError("DNS_FAILED", `${host} has no address`);
  const bad = answers.find((a) => refused(a.address));
  if (bad)
    throw new AnalysisError(
      "PRIVATE_ADDRESS",
      `${host} resolves to ${bad.address}, a private or local address; refusing to connect`,
    );
  return answers.map((a) => a.address);
}

/** Ranges a host the operator named as private may resolve to: its network, not link-local. */
const PRIVATE_NETWORK_RANGES = new Set(["unicast", "private", "loopback", "uniqueLocal"]);

/**
 * True for addresses even a named private host (PRIVATE_GIT_HOSTS) may not resolve to:
 * link-local (a cloud's metadata service at 169.254.169.254), unspecified, multicast, reserved.
 *
 * @example
 * isOutsidePrivateNetwork("10.1.2.3")        // false: a self-hosted GitLab's address
 * isOutsidePrivateNetwork("169.254.169.254") // true
 */
export function isOutsidePrivateNetwork(address: string): boolean {
  if (isIP(address) === 0) return true;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return !PRIVATE_NETWORK_RANGES.has(parsed.range());
  const embedded = embeddedIPv4(parsed as ipaddr.IPv6);
  if (embedded) return embedded.some((v4) => !PRIVATE_NETWORK_RANGES.has(v4.range()));
  return !PRIVATE_NETWORK_RANGES.has(parsed.range());
}

/**
 * The DNS guard for a set of allowed hosts: every host must resolve to public addresses, except
 * the hosts an operator names in `privateHosts` (PRIVATE_GIT_HOSTS, e.g. a self-hosted GitLab on
 * the company network), which may resolve to private and loopback ones. The answers are pinned
 * either way.
 *
 * @example
 * const resolveHost = hostGuard(["gitlab.internal"]);
 * await resolveHost("gitlab.internal"); // ["10.0.4.7"]
 * await resolveHost("github.com");      // public addresses, or PRIVATE_ADDRESS
 */
export function hostGuard(privateHosts: readonly string[]): (host: string) => Promise<string[]> {
  const named = new Set(privateHosts.map((h) => h.toLowerCase()));
  return (host) =>
    named.has(host.toLowerCase())
      ? resolvePublicHost(host, undefined, isOutsidePrivateNetwork)
      : resolvePublicHost(host);
}
