import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { afterAll, describe, expect, it } from "vitest";
import { webApp } from "../../src/web/index.ts";
import { pageCsp } from "../../src/web/site.ts";
import { tempDir } from "../analysis/fixtures.ts";
import { ROOT } from "../helpers/processes.ts";

/** `npm run build:web` and vercel.json: the static site a user deploys to Vercel. */

const scratch = tempDir("build-web");
afterAll(() => scratch.remove());

const vercel = JSON.parse(readFileSync(path.join(ROOT, "vercel.json"), "utf8")) as {
  buildCommand: string;
  outputDirectory: string;
  headers: { source: string; headers: { key: string; value: string }[] }[];
};

async function build(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      "npm",
      ["run", "--silent", "build:web", "--", ...args],
      { cwd: ROOT, env: { ...process.env, REPOLENS_API_URL: "", ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run build:web", () => {
  it("refuses to build without an API URL, and says where to set it", async () => {
    const out = path.join(scratch.path, "none");
    const result = await build(["--out", out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--api.*REPOLENS_API_URL/s);
    expect(() => readFileSync(path.join(out, "index.html"))).toThrow();
  });

  it.each([
    ["http://api.example.com", /https/],
    ["ftp://api.example.com", /https/],
    ["not a url", /https/],
    ["https://user:pw@api.example.com", /credentials/],
  ])("refuses the API URL %s", async (api, reason) => {
    const result = await build(["--api", api, "--out", path.join(scratch.path, "bad")]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(reason);
  });

  it("writes the same page with the API built in, from REPOLENS_API_URL as Vercel runs it", async () => {
    const out = path.join(scratch.path, vercel.outputDirectory);
    // vercel.json's own build command, with the output put in the scratch folder.
    const command = vercel.buildCommand.replace(` --out ${vercel.outputDirectory}`, "");
    expect(command).toContain("$REPOLENS_API_URL");
    const result = await promisify(execFile)("sh", ["-c", `${command} --out ${out}`], {
      cwd: ROOT,
      env: { ...process.env, REPOLENS_API_URL: "https://repolens.onrender.com/" },
    });
    expect(result.stdout).toContain("https://repolens.onrender.com");
    const html = readFileSync(path.join(out, "index.html"), "utf8");
    expect(html).toContain('<meta name="repolens-api" content="https://repolens.onrender.com">');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="connect-src 'self' https://repolens.onrender.com">`,
    );
    const served = await (await webApp().request("/assets/app.js")).text();
    expect(readFileSync(path.join(out, "assets/app.js"), "utf8")).toBe(served);
    expect(html).toMatch(/src="\/assets\/app\.js\?v=[\w-]+"/);
  });

  it("builds against plain http on localhost, for tests and development", async () => {
    const result = await build([
      "--api",
      "http://127.0.0.1:3000",
      "--out",
      path.join(scratch.path, "local"),
    ]);
    expect(result.code).toBe(0);
  });
});

describe("vercel.json", () => {
  it("sends the security headers the API sends with the page, its policy allowing only https connections beyond the meta tag's API", async () => {
    // What the API sends at `/`: its app-wide security headers and the page's own.
    const api = await new Hono().use(secureHeaders()).route("/", webApp()).request("/");
    const expected = Object.fromEntries(
      [...api.headers.entries()].filter(
        ([k]) => !["content-type", "cache-control", "etag"].includes(k),
      ),
    );
    expected["content-security-policy"] = pageCsp(null).replace(
      "connect-src 'self'",
      "connect-src 'self' https:",
    );
    const all = vercel.headers.find((h) => h.source === "/(.*)");
    const sent = Object.fromEntries(
      (all?.headers ?? []).map(({ key, value }) => [key.toLowerCase(), value]),
    );
    expect(sent).toEqual(expected);
  });
});
