import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The page as files, ready to serve or to write out: index.html with the API's address built
 * in and its assets linked by content version, and the Content-Security-Policy that lets it
 * talk to that API and nothing else. One source for the page the API serves (`webApp`) and
 * the static site `npm run build:web` writes for Vercel.
 */

export interface SiteOptions {
  /**
   * Where the API is, e.g. `https://api.example.com`. `""`: the origin that serves the page.
   * Another origin must be listed in the API's FRONTEND_URL (CORS).
   */
  api: string;
  /** The folder holding index.html, app.js and style.css. */
  assetsDir: string;
}

export interface SiteFile {
  body: string;
  type: string;
  /** Short content hash; a request carrying it as `?v=` may be cached forever. */
  version: string;
}

export interface Site {
  /** `index.html`, `app.js`, `style.css`. */
  files: Map<string, SiteFile>;
  /** The API's origin, or null when it is the page's own. */
  apiOrigin: string | null;
  csp: string;
}

const ASSET_TYPES: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const file = (body: string, type: string): SiteFile => ({
  body,
  type,
  version: createHash("sha256").update(body).digest("base64url").slice(0, 12),
});

const escapeAttr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * The API base the page prefixes its paths with, and its origin. An https URL (a path prefix
 * is kept); plain http only on this machine (localhost, 127.0.0.1, [::1]), for tests and
 * development, since a page on https may not call an http API and a token sent in the clear is
 * anyone's.
 */
function apiBase(api: string): { base: string; origin: string | null } {
  if (api === "") return { base: "", origin: null };
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw new Error(`the API URL must be an https URL such as https://api.example.com, got ${api}`);
  }
  const local = url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !local)
    throw new Error(
      `the API URL must be https (plain http only for localhost), got ${url.protocol}//${url.host}`,
    );
  if (url.username || url.password || url.search || url.hash)
    throw new Error(`the API URL must have no credentials, query or fragment, got ${api}`);
  return { base: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, origin: url.origin };
}

/** The page's CSP: everything it loads is its own; only the API may be another origin. */
export function pageCsp(apiOrigin: string | null): string {
  return [
    "default-src 'self'",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ""}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Reads the page's files once and fills them in.
 *
 * @example
 * const site = renderSite({ api: "https://api.example.com", assetsDir });
 * site.files.get("index.html")?.body; // names the API in its repolens-api meta tag
 */
export function renderSite(options: SiteOptions): Site {
  const { base, origin } = apiBase(options.api);
  const files = new Map<string, SiteFile>();
  let html = readFileSync(path.join(options.assetsDir, "index.html"), "utf8");
  for (const [name, type] of Object.entries(ASSET_TYPES)) {
    const asset = file(readFileSync(path.join(options.assetsDir, name), "utf8"), type);
    files.set(name, asset);
    html = html.replace(`"/assets/${name}"`, `"/assets/${name}?v=${asset.version}"`);
  }
  html = html.replace(
    '<meta name="repolens-api" content="">',
    `<meta name="repolens-api" content="${escapeAttr(base)}">`,
  );
  files.set("index.html", file(html, "text/html; charset=utf-8"));
  return { files, apiOrigin: origin, csp: pageCsp(origin) };
}

/**
 * The static site `npm run build:web` writes: path → content. Its host (Vercel) sends the
 * headers of vercel.json, which cannot know the API's origin; so the page carries a second
 * policy in a meta tag, `connect-src 'self' <API origin>`, and the browser enforces both: the
 * page may connect to its own origin and the API, nothing else.
 *
 * @example
 * for (const [name, body] of staticSite({ api, assetsDir })) writeFileSync(path.join(out, name), body);
 */
export function staticSite(options: SiteOptions): Map<string, string> {
  const site = renderSite(options);
  if (!site.apiOrigin)
    throw new Error("the static site needs the API's URL: it is served from another origin");
  const meta = `<meta http-equiv="Content-Security-Policy" content="connect-src 'self' ${escapeAttr(site.apiOrigin)}">`;
  const html = (site.files.get("index.html") as SiteFile).body.replace(
    '<meta charset="utf-8">',
    `<meta charset="utf-8">\n${meta}`,
  );
  return new Map([
    ["index.html", html],
    ["assets/app.js", (site.files.get("app.js") as SiteFile).body],
    ["assets/style.css", (site.files.get("style.css") as SiteFile).body],
  ]);
}
