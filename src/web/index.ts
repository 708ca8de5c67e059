import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Context, Hono } from "hono";

/**
 * The page at `/`: plain HTML, one ES module and one stylesheet from `./assets`, no build
 * step. It talks to the public HTTP API only, so it works the same when hosted elsewhere (a
 * Vercel frontend) as when the API serves it. Size: 26,677 bytes in all (index.html 3,035,
 * app.js 20,150, style.css 3,492), 8.9 KB gzipped; `test/web/serve.test.ts` holds it under
 * 32 KB.
 */

export interface WebOptions {
  /**
   * Where the API is, e.g. `https://api.example.com`. Default `""`: the origin that serves
   * the page. Another origin must be listed in the API's FRONTEND_URL (CORS).
   */
  api?: string;
  /** The folder holding index.html, app.js and style.css. Default: `assets` beside this file. */
  assetsDir?: string;
}

interface Asset {
  body: string;
  type: string;
  etag: string;
  /** Short content hash; a request carrying it as `?v=` may be cached forever. */
  version: string;
}

/** Versioned asset URLs never change content; everything else revalidates by ETag. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

const ASSET_TYPES: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "style.css": "text/css; charset=utf-8",
};

function asset(body: string, type: string): Asset {
  const version = createHash("sha256").update(body).digest("base64url").slice(0, 12);
  return { body, type, etag: `"${version}"`, version };
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function apiBase(api: string): { base: string; origin: string | null } {
  if (api === "") return { base: "", origin: null };
  const url = new URL(api);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`web: api must be an http(s) URL, got ${api}`);
  return { base: `${url.origin}${url.pathname.replace(/\/+$/, "")}`, origin: url.origin };
}

/**
 * The page's hono sub-app: `GET /` and `GET /assets/*`. Reads its files once, here.
 *
 * @example
 * app.route("/", webApp());
 * // a page on its own origin, talking to the API elsewhere:
 * serve({ fetch: webApp({ api: "https://api.example.com" }).fetch, port: 3000 });
 */
export function webApp(options: WebOptions = {}): Hono {
  const dir = options.assetsDir ?? path.join(import.meta.dirname, "assets");
  const { base, origin } = apiBase(options.api ?? "");

  const assets = new Map<string, Asset>();
  let html = readFileSync(path.join(dir, "index.html"), "utf8");
  for (const [name, type] of Object.entries(ASSET_TYPES)) {
    const a = asset(readFileSync(path.join(dir, name), "utf8"), type);
    assets.set(name, a);
    html = html.replace(`"/assets/${name}"`, `"/assets/${name}?v=${a.version}"`);
  }
  html = html.replace(
    '<meta name="repolens-api" content="">',
    `<meta name="repolens-api" content="${escapeAttr(base)}">`,
  );
  const page = asset(html, "text/html; charset=utf-8");
  // Everything the page loads is its own; only the API may be another origin.
  const csp = [
    "default-src 'self'",
    `connect-src 'self'${origin ? ` ${origin}` : ""}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  function reply(
    c: Context,
    a: Asset,
    cacheControl: string,
    extra: Record<string, string> = {},
  ): Response {
    const headers = {
      "Content-Type": a.type,
      "Cache-Control": cacheControl,
      ETag: a.etag,
      "X-Content-Type-Options": "nosniff",
      ...extra,
    };
    const match = c.req.header("if-none-match");
    if (match?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === a.etag))
      return new Response(null, { status: 304, headers });
    return new Response(a.body, { status: 200, headers });
  }

  return new Hono()
    .get("/", function webPage(c) {
      return reply(c, page, REVALIDATE, { "Content-Security-Policy": csp });
    })
    .get("/assets/:name", function webAsset(c) {
      const a = assets.get(c.req.param("name"));
      if (!a) return c.notFound();
      return reply(c, a, c.req.query("v") === a.version ? IMMUTABLE : REVALIDATE);
    });
}
