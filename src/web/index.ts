import path from "node:path";
import { type Context, Hono } from "hono";
import { renderSite, type SiteFile } from "./site.ts";

/**
 * The page at `/`: plain HTML, one ES module and one stylesheet from `./assets`, no build
 * step. It talks to the public HTTP API only, so it works the same when hosted elsewhere (the
 * static site `npm run build:web` writes for Vercel, from the same files) as when the API
 * serves it. `test/web/serve.test.ts` holds its three files under their size budget.
 */

export interface WebOptions {
  /** Where the API is (see `SiteOptions.api`). Default `""`: the origin serving the page. */
  api?: string;
  /** The folder holding index.html, app.js and style.css. Default: `assets` beside this file. */
  assetsDir?: string;
}

/** Versioned asset URLs never change content; everything else revalidates by ETag. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

/**
 * The page's hono sub-app: `GET /` and `GET /assets/*`. Reads its files once, here.
 *
 * @example
 * app.route("/", webApp());
 * // a page on its own origin, talking to the API elsewhere:
 * serve({ fetch: webApp({ api: "https://api.example.com" }).fetch, port: 3000 });
 */
export function webApp(options: WebOptions = {}): Hono {
  const site = renderSite({
    api: options.api ?? "",
    // Up and back into web/: this code may be bundled into dist/api/ or dist/chunks/.
    assetsDir: options.assetsDir ?? path.join(import.meta.dirname, "..", "web", "assets"),
  });
  const page = site.files.get("index.html") as SiteFile;

  function reply(
    c: Context,
    a: SiteFile,
    cacheControl: string,
    extra: Record<string, string> = {},
  ): Response {
    const etag = `"${a.version}"`;
    const headers = {
      "Content-Type": a.type,
      "Cache-Control": cacheControl,
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
      ...extra,
    };
    const match = c.req.header("if-none-match");
    if (match?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag))
      return new Response(null, { status: 304, headers });
    return new Response(a.body, { status: 200, headers });
  }

  return new Hono()
    .get("/", function webPage(c) {
      return reply(c, page, REVALIDATE, { "Content-Security-Policy": site.csp });
    })
    .get("/assets/:name", function webAsset(c) {
      const name = c.req.param("name");
      const a = name === "index.html" ? undefined : site.files.get(name);
      if (!a) return c.notFound();
      return reply(c, a, c.req.query("v") === a.version ? IMMUTABLE : REVALIDATE);
    });
}
