import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { AnalysisError } from "./errors.ts";

export const MAX_REPO_URL_LENGTH = 512;

type RepoUrlErrorCode =
  | "INVALID_URL"
  | "UNSUPPORTED_SCHEME"
  | "CREDENTIALS_NOT_ALLOWED"
  | "PORT_NOT_ALLOWED"
  | "IP_NOT_ALLOWED"
  | "HOST_NOT_ALLOWED"
  | "URL_TOO_LONG";

export type RepoUrlCheck =
  | { ok: true; url: string; host: string }
  | { ok: false; code: RepoUrlErrorCode; message: string };

// Path segments as git hosts allow them; ".." and "." are refused separately.
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// An explicit port in the raw text: WHATWG URL parsing drops ":443" on https, so the parsed URL
// alone cannot tell whether the user typed one.
const RAW_PORT = /^https:\/\/(\[[^\]]*\]|[^/?#@:[\]]*)(:\d*)(?:[/?#]|$)/i;

function refuse(code: RepoUrlErrorCode, message: string): RepoUrlCheck {
  return { ok: false, code, message };
}

/**
 * Checks a user-supplied repository URL and returns its normal form: lower-case host, no
 * trailing slash, no `.git` suffix. The normal form is what dedupe and the cache compare.
 *
 * @example
 * checkRepoUrl("https://GitHub.com/hono/hono.git/", ["github.com"])
 * // { ok: true, url: "https://github.com/hono/hono", host: "github.com" }
 * checkRepoUrl("git@github.com:hono/hono.git", ["github.com"]).ok // false, UNSUPPORTED_SCHEME
 */
export function checkRepoUrl(
  input: string,
  allowedHosts: readonly string[],
  options: { allowLocal?: boolean } = {},
): RepoUrlCheck {
  const text = input.trim();
  if (text.length === 0) return refuse("INVALID_URL", "repoUrl is empty");
  if (text.length > MAX_REPO_URL_LENGTH)
    return refuse("URL_TOO_LONG", `repoUrl is longer than ${MAX_REPO_URL_LENGTH} characters`);
  if (options.allowLocal && (text.startsWith("/") || text.startsWith("file://")))
    return localRepo(text);

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== "https") {
    const what = scheme ? `the ${scheme}: scheme is` : "scp-style and schemeless addresses are";
    return refuse("UNSUPPORTED_SCHEME", `${what} not accepted; use an https:// URL`);
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse("INVALID_URL", "repoUrl is not a valid URL");
  }
  if (url.username || url.password)
    return refuse("CREDENTIALS_NOT_ALLOWED", "repoUrl must not contain credentials");
  if (url.port || RAW_PORT.test(text))
    return refuse("PORT_NOT_ALLOWED", "repoUrl must not name a port");

  const host = url.hostname.toLowerCase();
  // The URL parser already turned decimal/hex/octal IPv4 spellings into dotted quads.
  if (host.startsWith("[") || IPV4.test(host))
    return refuse("IP_NOT_ALLOWED", "repoUrl must name a host, not an IP address");
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host))
    return refuse("HOST_NOT_ALLOWED", `host ${host} is not one of: ${allowedHosts.join(", ")}`);
  if (url.search || url.hash)
    return refuse("INVALID_URL", "repoUrl must not have a query string or fragment");

  const segments = url.pathname.split("/").filter((s) => s.length > 0);
  const last = segments.length - 1;
  if (last >= 0 && segments[last]?.toLowerCase().endsWith(".git"))
    segments[last] = segments[last]?.slice(0, -4) ?? "";
  if (segments.length < 2)
    return refuse("INVALID_URL", "repoUrl must point at a repository: https://host/owner/name");
  if (segments.some((s) => !SEGMENT.test(s) || s === "." || s === ".."))
    return refuse("INVALID_URL", "repoUrl has a path segment with characters git hosts refuse");

  return { ok: true, url: `https://${host}/${segments.join("/")}`, host };
}

/**
 * ALLOW_LOCAL_REPOS (tests and development): an absolute path or a file:// URL, in the normal
 * form `file:///abs/path`, which the worker's git clones like a remote.
 */
function localRepo(text: string): RepoUrlCheck {
  let pathname = text;
  if (text.startsWith("file://")) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return refuse("INVALID_URL", "repoUrl is not a valid file:// URL");
    }
    if (url.host !== "" && url.host !== "localhost")
      return refuse("INVALID_URL", "a file:// URL names no host: file:///absolute/path");
    pathname = decodeURIComponent(url.pathname);
  }
  const normal = path.posix.normalize(pathname).replace(/\/+$/, "");
  if (!path.posix.isAbsolute(normal) || normal === "")
    return refuse("INVALID_URL", "a local repository must be an absolute path");
  return { ok: true, url: `file://${normal}`, host: "" };
}

/** A repository URL in normal form, and the host git will connect to. */
export interface RepoUrl {
  url: string;
  host: string;
}

/**
 * {@link checkRepoUrl} for the analysis: throws an {@link AnalysisError} (HOST_NOT_ALLOWED, or
 * INVALID_URL for every other refusal) instead of returning the refusal.
 *
 * @example
 * validateRepoUrl("https://GitHub.com/hono/hono.git/", ["github.com"])
 * // { url: "https://github.com/hono/hono", host: "github.com" }
 */
export function validateRepoUrl(input: string, allowedHosts: readonly string[]): RepoUrl {
  const check = checkRepoUrl(input, allowedHosts);
  if (check.ok) return { url: check.url, host: check.host };
  throw new AnalysisError(
    check.code === "HOST_NOT_ALLOWED" ? "HOST_NOT_ALLOWED" : "INVALID_URL",
    check.message,
  );
}

/**
 * What is wrong with a git ref as users type it (branch, tag or commit), or null when nothing
 * is. It reaches git as an argument, so a leading "-" and anything outside [A-Za-z0-9._/-] are
 * refused, as are "..", "//", and a trailing "/" or ".lock" that git itself refuses.
 */
export function refProblem(ref: string): string | null {
  if (ref.length === 0 || ref.length > 200) return "ref must be 1 to 200 characters";
  if (!/^[A-Za-z0-9._/-]+$/.test(ref)) return "ref may contain letters, digits, . _ / - only";
  if (ref.startsWith("-") || ref.startsWith("/")) return "ref must not start with - or /";
  if (ref.includes("..") || ref.includes("//")) return "ref must not contain .. or //";
  if (ref.endsWith("/") || ref.endsWith(".lock")) return "ref must not end with / or .lock";
  return null;
}

/** Returns `ref` when {@link refProblem} finds nothing wrong; throws INVALID_REF otherwise. */
export function validateRef(ref: string): string {
  const problem = refProblem(ref);
  if (problem)
    throw new AnalysisError(
      "INVALID_REF",
      `"${ref.slice(0, 60)}" is not a valid branch, tag or commit: ${problem}`,
    );
  return ref;
}

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
