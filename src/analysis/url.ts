import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AnalysisError } from "./errors.ts";

export const MAX_REPO_URL_LENGTH = 512;

/** A repository URL in normal form, and the host git will connect to. */
export interface RepoUrl {
  url: string;
  host: string;
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// WHATWG URL parsing drops ":443" on https, so an explicit port is looked for in the raw text.
const RAW_PORT = /^https:\/\/(\[[^\]]*\]|[^/?#@:[\]]*)(:\d*)(?:[/?#]|$)/i;

/**
 * Validates a repository URL by its form alone (no DNS) and returns its normal form: https
 * only, an allowed host, no credentials, port, IP literal, query or fragment; lower-case host,
 * no trailing "/" or ".git". The same rules and normal form as the API's input check, so a
 * report's URL matches the submitted one.
 *
 * @example
 * validateRepoUrl("https://GitHub.com/hono/hono.git/", ["github.com"])
 * // { url: "https://github.com/hono/hono", host: "github.com" }
 */
export function validateRepoUrl(input: string, allowedHosts: readonly string[]): RepoUrl {
  const fail = (code: "INVALID_URL" | "HOST_NOT_ALLOWED", message: string) =>
    new AnalysisError(code, message);
  const text = input.trim();
  if (text.length === 0) throw fail("INVALID_URL", "the repository URL is empty");
  if (text.length > MAX_REPO_URL_LENGTH)
    throw fail(
      "INVALID_URL",
      `the repository URL is longer than ${MAX_REPO_URL_LENGTH} characters`,
    );
  if (!/^https:\/\//i.test(text))
    throw fail("INVALID_URL", "only https:// repository URLs are accepted");

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail("INVALID_URL", "the repository URL is not a valid URL");
  }
  if (url.username || url.password)
    throw fail("INVALID_URL", "the URL must not contain credentials");
  if (url.port || RAW_PORT.test(text)) throw fail("INVALID_URL", "the URL must not name a port");
  const host = url.hostname.toLowerCase();
  // The URL parser has already turned decimal, hex and octal IPv4 spellings into dotted quads.
  if (host.startsWith("[") || IPV4.test(host))
    throw fail("INVALID_URL", "the URL must name a host, not an IP address");
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host))
    throw fail("HOST_NOT_ALLOWED", `host ${host} is not one of: ${allowedHosts.join(", ")}`);
  if (url.search || url.hash)
    throw fail("INVALID_URL", "the URL must not have a query or fragment");

  const segments = url.pathname.split("/").filter((s) => s.length > 0);
  const last = segments.length - 1;
  if (last >= 0 && segments[last]?.toLowerCase().endsWith(".git"))
    segments[last] = segments[last]?.slice(0, -4) ?? "";
  if (segments.length < 2)
    throw fail("INVALID_URL", "the URL must point at a repository: https://host/owner/name");
  if (segments.some((s) => !SEGMENT.test(s) || s === "." || s === ".."))
    throw fail("INVALID_URL", "the URL has a path segment with characters git hosts refuse");
  return { url: `https://${host}/${segments.join("/")}`, host };
}

/**
 * Validates a git ref as users type it (branch, tag or commit): it reaches git as an argument,
 * so a leading "-" and anything outside [A-Za-z0-9._/-] are refused.
 */
export function validateRef(ref: string): string {
  const ok =
    ref.length > 0 &&
    ref.length <= 200 &&
    /^[A-Za-z0-9._/-]+$/.test(ref) &&
    !ref.startsWith("-") &&
    !ref.startsWith("/") &&
    !ref.includes("..") &&
    !ref.includes("//") &&
    !ref.endsWith("/") &&
    !ref.endsWith(".lock");
  if (!ok)
    throw new AnalysisError(
      "INVALID_REF",
      `"${ref.slice(0, 60)}" is not a valid branch, tag or commit`,
    );
  return ref;
}

// Addresses a public git host never has: private, loopback, link-local, CGNAT, multicast,
// reserved, and the IPv6 equivalents (IPv4-mapped addresses are checked as IPv4).
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** True for addresses no public repository host may resolve to. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
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
): Promise<string[]> {
  let answers: { address: string }[];
  try {
    answers = await resolve(host);
  } catch (error) {
    throw new AnalysisError("DNS_FAILED", `could not resolve ${host}`, { cause: error });
  }
  if (answers.length === 0) throw new AnalysisError("DNS_FAILED", `${host} has no address`);
  const bad = answers.find((a) => isPrivateAddress(a.address));
  if (bad)
    throw new AnalysisError(
      "PRIVATE_ADDRESS",
      `${host} resolves to ${bad.address}, a private or local address; refusing to connect`,
    );
  return answers.map((a) => a.address);
}
