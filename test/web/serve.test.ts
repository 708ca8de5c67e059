import { statSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { IMMUTABLE, REVALIDATE, webApp } from "../../src/web/index.ts";
import { ROOT } from "../helpers/processes.ts";

/** How the page is served: what a browser and a CDN in front of the API rely on. */

const ASSETS = path.join(ROOT, "src/web/assets");

function assetUrls(html: string): string[] {
  return [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
}

describe("the page's sub-app", () => {
  it("serves the page at / with no-cache and an ETag, and answers 304 to a matching If-None-Match", async () => {
    const app = new Hono().route("/", webApp());
    const first = await app.request("/");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(first.headers.get("cache-control")).toBe(REVALIDATE);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await first.text()).toContain("<h1>");

    const again = await app.request("/", { headers: { "If-None-Match": `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("links its assets by content version, served immutable; an unversioned request revalidates", async () => {
    const app = new Hono().route("/", webApp());
    const urls = assetUrls(await (await app.request("/")).text());
    expect(urls.map((u) => u.split("?")[0]).sort()).toEqual([
      "/assets/app.js",
      "/assets/style.css",
    ]);
    for (const url of urls) {
      expect(url).toMatch(/\?v=[\w-]{12}$/);
      const versioned = await app.request(url);
      expect(versioned.status).toBe(200);
      expect(versioned.headers.get("cache-control")).toBe(IMMUTABLE);
      const body = await versioned.text();
      const plain = await app.request(url.split("?")[0] as string);
      expect(plain.headers.get("cache-control")).toBe(REVALIDATE);
      expect(await plain.text()).toBe(body);
      const stale = await app.request(`${url.split("?")[0]}?v=old`);
      expect(stale.headers.get("cache-control")).toBe(REVALIDATE);
    }
    expect((await app.request("/assets/app.js")).headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    expect((await app.request("/assets/../index.ts")).status).toBe(404);
    expect((await app.request("/assets/secret.txt")).status).toBe(404);
  });

  it("tells the page where a separately hosted API is and allows only it to be fetched", async () => {
    const html = await (await webApp({ api: "https://api.example.com/" }).request("/")).text();
    expect(html).toContain('<meta name="repolens-api" content="https://api.example.com">');
    const csp = (await webApp({ api: "https://api.example.com" }).request("/")).headers.get(
      "content-security-policy",
    );
    expect(csp).toContain("connect-src 'self' https://api.example.com");
    expect(() => webApp({ api: "javascript:alert(1)" })).toThrow(/http/);
  });

  it("stays small: the page, its script and its stylesheet together under 40 KB", () => {
    const total = ["index.html", "app.js", "style.css"]
      .map((f) => statSync(path.join(ASSETS, f)).size)
      .reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(40 * 1024);
  });
});
