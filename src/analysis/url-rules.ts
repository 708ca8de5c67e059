import path from "node:path";
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

/**
 * Whether the analysis takes `url` as a local path, given as is (file:// or a path), without
 * the URL rules or a redirect check: only with ALLOW_LOCAL_REPOS, and never an https URL, which
 * always passes both.
 */
export function takenAsLocalPath(url: string, allowLocal: boolean): boolean {
  return allowLocal && !/^https:\/\//i.test(url);
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
