import path from "node:path";

/**
 * The input rules for a repository URL, decided on the URL's form alone: no DNS look-up happens
 * here (the worker checks where a host resolves just before it clones). Pure, so the API, the
 * worker and the CLI can share it.
 */

export const MAX_REPO_URL_LENGTH = 512;

export type RepoUrlErrorCode =
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
