import { existsSync, mkdirSync, readFileSync } from "node:fs";
import http, { type Server } from "node:http";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticSite } from "../../src/web/site.ts";
import { createRepo, git, type TempDir, tempDir } from "../analysis/fixtures.ts";
import { freePort, type Observed, ROOT, startSupervisor } from "../helpers/processes.ts";
import {
  createTestDatabase,
  redisUrl,
  type TestDatabase,
  uniquePrefix,
} from "../helpers/services.ts";

/**
 * The page in headless Chromium against the real service, split as a scaled deployment runs it:
 * an API-only supervisor, and a worker-only supervisor started and stopped by the tests so a job
 * can be held in `queued` while the page watches. The page is the static site `npm run build:web`
 * writes, served from an origin of its own by a plain node:http server with vercel.json's
 * headers (as Vercel would serve it), so CORS and cross-origin SSE are exercised for real; a
 * second copy on an origin FRONTEND_URL does not name is refused.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.join(ROOT, "test-artifacts/web");

let scratch: TempDir;
let database: TestDatabase;
let api: Observed;
let worker: Observed | null = null;
let apiBase: string;
let pageBase: string;
let pageServer: Server;
let foreignBase: string;
let foreignServer: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  scratch = tempDir("web");
  database = await createTestDatabase("web");
  const [apiPort, pagePort] = [await freePort(), await freePort()];
  apiBase = `http://127.0.0.1:${apiPort}`;
  pageBase = `http://127.0.0.1:${pagePort}`;
  env = {
    PORT: String(apiPort),
    REDIS_URL: redisUrl(),
    DATABASE_URL: database.url,
    QUEUE_PREFIX: uniquePrefix("web"),
    SANDBOX_DIR: path.join(scratch.path, "sandbox"),
    ALLOW_LOCAL_REPOS: "1",
    RATE_LIMIT_PER_MIN: "0",
    FRONTEND_URL: pageBase,
  };
  api = startSupervisor([], { ...env, ROLE: "api" });
  await api.waitFor((l) => l.svc === "api" && l.msg === "api listening", 30_000, "api up");

  const site = staticSite({ api: apiBase, assetsDir: path.join(ROOT, "src/web/assets") });
  pageServer = await staticServer(site, pagePort);
  const foreignPort = await freePort();
  foreignBase = `http://127.0.0.1:${foreignPort}`;
  foreignServer = await staticServer(site, foreignPort);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const server of [pageServer, foreignServer]) {
    server?.closeAllConnections();
    server?.close();
  }
  worker?.cleanup();
  api?.cleanup();
  await database?.drop();
  scratch?.remove();
});

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * The built site as a static host serves it: files by path, vercel.json's headers on every
 * answer. Its CSP allows https connections beyond the page's own origin; the API here is plain
 * http on 127.0.0.1, so that one directive names it instead (the page's meta policy, which
 * names the API too, is what the test relies on).
 */
function staticServer(site: Map<string, string>, port: number): Promise<Server> {
  const vercel = JSON.parse(readFileSync(path.join(ROOT, "vercel.json"), "utf8")) as {
    headers: { source: string; headers: { key: string; value: string }[] }[];
  };
  const headers = Object.fromEntries(
    (vercel.headers.find((h) => h.source === "/(.*)")?.headers ?? []).map(({ key, value }) => [
      key,
      value.replace("connect-src 'self' https:", `connect-src 'self' ${apiBase}`),
    ]),
  );
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const name = pathname === "/" ? "index.html" : pathname.slice(1);
    const body = site.get(name);
    if (req.method !== "GET" || body === undefined) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": TYPES[path.extname(name)] ?? "" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function startWorker(): Promise<void> {
  worker = startSupervisor([], { ...env, ROLE: "worker" });
  await worker.waitFor(
    (l) => l.svc === "worker" && l.msg === "worker is waiting for jobs",
    30_000,
    "worker up",
  );
}

async function stopWorker(): Promise<void> {
  if (!worker) return;
  process.kill(worker.pid, "SIGTERM");
  await worker.waitExit(30_000);
  worker = null;
}

function fixtureRepo(name: string): string {
  return createRepo(path.join(scratch.path, name), {
    "package.json": JSON.stringify({
      name,
      dependencies: { hono: "^4.0.0" },
      devDependencies: { vitest: "^5.0.0" },
    }),
    "src/index.ts":
      "// entry\nexport const answer = 42;\n\nexport function f() {\n  return answer;\n}\n",
    "app.py": "# comment\nimport os\n\nprint(os.name)\n",
    "README.md": "# Demo\n",
    LICENSE: "MIT License\n\nPermission is hereby granted, free of charge, to any person\n",
  });
}

async function submitInPage(repoUrl: string, ref = ""): Promise<void> {
  await page.getByLabel("Repository URL").fill(repoUrl);
  await page.getByLabel(/Branch, tag or commit/).fill(ref);
  await page.getByRole("button", { name: "Analyse" }).click();
}

const shot = (name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Polls a value until the assertion holds; 10 s unless told, as a browser round trip can take a moment. */
const poll = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: options.timeout ?? 10_000 });

// Strings, not functions: this file is typed for Node, without the DOM's globals.
const focused = () => page.evaluate<string | undefined>("document.activeElement?.id");

const status = () => page.locator("#analysis-status");

// Starting a worker supervisor and waiting out a job can outlast the default 30 s on a busy CI box.
describe("the page in a browser", { timeout: 90_000 }, () => {
  it("loads from its own origin with nothing from elsewhere, and a keyboard reaches the form in order", async () => {
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(pageBase) && !r.url().startsWith(apiBase)) foreign.push(r.url());
    });
    await page.goto(pageBase);
    await poll(() => page.locator("#history-list").textContent()).toContain("Nothing");
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      order.push(
        await page.evaluate<string>(
          "document.activeElement?.id || document.activeElement?.textContent || ''",
        ),
      );
    }
    expect(order).toEqual([
      "Skip to content",
      "RepoLens",
      "repo-url",
      "ref",
      "force",
      "submit-button",
    ]);
    expect(foreign).toEqual([]);
  });

  it("an invalid URL or ref is refused by the API and the reason shows next to its field", async () => {
    await page.goto(pageBase);
    await submitInPage("not a repository");
    const urlError = page.locator("#repo-url-error");
    await poll(() => urlError.isVisible()).toBe(true);
    expect((await urlError.textContent())?.length).toBeGreaterThan(5);
    expect(await page.getByLabel("Repository URL").getAttribute("aria-invalid")).toBe("true");
    expect(await focused()).toBe("repo-url");
    await shot("invalid-url");

    await submitInPage(path.join(scratch.path, "whatever"), "../etc");
    const refError = page.locator("#ref-error");
    await poll(() => refError.isVisible()).toBe(true);
    expect(await refError.textContent()).toMatch(/ref/);
    expect(await urlError.isVisible()).toBe(false);
    expect(await page.locator("#analysis").isVisible()).toBe(false);
  });

  it("a submission is followed live from queued to the report with its language chart", async () => {
    const repo = fixtureRepo("live");
    await page.goto(pageBase);
    await submitInPage(repo);
    // No worker yet: the job waits, and the page says so.
    await poll(() => status().textContent()).toBe("queued");
    expect(page.url()).toMatch(/\?id=[\w-]+$/);
    const id = new URL(page.url()).searchParams.get("id");
    expect(await page.locator("#share-link").getAttribute("href")).toContain(`?id=${id}`);
    expect(await page.locator("#announce").getAttribute("aria-live")).toBe("polite");
    expect(await page.locator("#announce").textContent()).toBe("Analysis queued");
    await shot("queued");

    await startWorker();
    await poll(() => status().textContent(), { timeout: 30_000 }).toBe("completed");
    expect(await page.locator("#announce").textContent()).toBe("Analysis completed");
    // The worker's progress arrived through the stream while the page was open: this job is
    // shorter than the worker's progress interval, so its first step is the one it reported.
    const steps = await page.locator("#step-log li").allTextContents();
    expect(steps[0]).toContain("queued");
    expect(steps.some((s) => s.includes("cloning"))).toBe(true);

    const report = page.locator("#report");
    const chart = report.locator("svg.chart");
    expect(await chart.getAttribute("aria-label")).toMatch(/TypeScript [\d.]+%.*Python/);
    const fills = await chart
      .locator("rect")
      .evaluateAll((rects) => rects.map((r) => r.getAttribute("fill")));
    // Linguist's colours, as the report carries them.
    expect(fills).toContain("#3178c6");
    expect(fills).toContain("#3572A5");
    const text = (await report.textContent()) ?? "";
    expect(text).toContain("Lines of code");
    expect(text).toContain("package.json (npm)");
    expect(text).toContain("Vitest");
    expect(text).toContain("License");
    expect(text).toContain("Contributors");
    // Report v3: ownership as a stacked bar, hotspots and complexity in their own sections.
    expect(await report.locator("svg.stack").getAttribute("aria-label")).toBe(
      "Commits by author: Fixture 1",
    );
    expect(text).toContain("Bus factor1");
    expect(text).toContain("Hotspots");
    expect(text).toMatch(/No summary/);
    await page.locator("#report details summary").first().click();
    expect(await report.getByRole("cell", { name: "dev" }).count()).toBe(1);
    await shot("report");

    // As GitHub draws it: a legend of the languages under the bar; the commits as a chart.
    expect(await report.locator("ul.legend li").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/TypeScript [\d.]+%/)]),
    );
    // The month (UTC, as the report counts) of the fixture's commit, not of now: a run across
    // a month's end would differ.
    const committed = Number(git(repo, "log", "-1", "--format=%ct")) * 1000;
    const month = new Date(committed).toISOString().slice(0, 7);
    expect(await report.locator("svg.commits-chart").getAttribute("aria-label")).toContain(
      `${month} 1`,
    );

    // A phone and a desktop: the report fits the window, nothing scrolls sideways.
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      expect(
        await page.evaluate<{ scroll: number; client: number }>(
          "({ scroll: document.scrollingElement.scrollWidth, client: document.scrollingElement.clientWidth })",
        ),
      ).toSatisfy(({ scroll, client }: { scroll: number; client: number }) => scroll <= client);
      await shot(`report-${width}`);
    }
    await page.setViewportSize({ width: 1100, height: 900 });

    // The shareable URL opens the same report in a fresh load.
    await page.goto(`${pageBase}/?id=${id}`);
    await poll(() => status().textContent()).toBe("completed");
    expect(await page.locator("#report svg.chart").count()).toBe(1);
  });

  it("a waiting analysis can be cancelled from the page", async () => {
    await stopWorker();
    await page.goto(pageBase);
    await submitInPage(fixtureRepo("cancelled"));
    await poll(() => status().textContent()).toBe("queued");
    await page.getByRole("button", { name: "Cancel analysis" }).click();
    await poll(() => status().textContent()).toBe("cancelled");
    expect(await page.locator("#failure").textContent()).toMatch(/was cancelled/);
    expect(await page.getByRole("button", { name: "Cancel analysis" }).isVisible()).toBe(false);
  });

  it("a connection dropped while waiting resumes and shows the final state", async () => {
    await stopWorker();
    const repo = fixtureRepo("dropped");
    await page.goto(pageBase);
    await submitInPage(repo);
    await poll(() => status().textContent()).toBe("queued");

    const listening = () => api.lines.filter((l) => l.svc === "api" && l.msg === "api listening");
    const before = listening().length;
    const apiPid = listening().at(-1)?.pid as number;
    process.kill(apiPid, "SIGKILL");
    await poll(() => page.locator("#connection").textContent()).toMatch(/reconnecting/i);
    await shot("reconnecting");
    // The job finishes while the page may still be cut off; it must not miss the end.
    await startWorker();
    await expect
      .poll(() => listening().length > before, { timeout: 30_000, message: "the API is back" })
      .toBe(true);
    await poll(() => status().textContent(), { timeout: 30_000 }).toBe("completed");
    expect(await page.locator("#connection").isVisible()).toBe(false);
    expect(await page.locator("#report svg.chart").count()).toBe(1);
  });

  it("a failed analysis shows the reason instead of a report", async () => {
    await page.goto(pageBase);
    await submitInPage(path.join(scratch.path, "no-such-repo"));
    await poll(() => status().textContent(), { timeout: 30_000 }).toBe("failed");
    const failure = page.locator("#failure");
    expect(await failure.getAttribute("role")).toBe("alert");
    expect(await failure.textContent()).toMatch(
      /The analysis failed.*Code: (REPO_NOT_FOUND|NOT_A_REPOSITORY)/s,
    );
    expect(await page.locator("#report").textContent()).toBe("");
    await shot("failed");
  });

  it("history lists analyses newest first, pages on, and each entry opens its report", async () => {
    // Eight more (queued is enough to be history) make 12 in all: two pages of ten.
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${apiBase}/api/analyses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ repoUrl: path.join(scratch.path, `missing-${i}`) }),
      });
      expect(response.status).toBe(202);
    }
    await page.goto(pageBase);
    const items = page.locator("#history-list li");
    await poll(() => items.count()).toBe(10);
    expect(await items.first().textContent()).toContain("missing-7");
    const more = page.getByRole("button", { name: "Show older" });
    await more.click();
    await poll(() => items.count()).toBe(12);
    expect(await more.isVisible()).toBe(false);
    await shot("history");

    const live = page.locator("#history-list a", { hasText: `${path.sep}live` });
    await live.focus();
    await page.keyboard.press("Enter");
    await poll(() => status().textContent()).toBe("completed");
    expect(page.url()).toContain("?id=");
    expect(await focused()).toBe("analysis-title");
    await page.goBack();
    expect(await page.locator("#analysis").isVisible()).toBe(false);
  });

  it("an analysis someone else submitted offers no Cancel button", async () => {
    await stopWorker();
    const response = await fetch(`${apiBase}/api/analyses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ repoUrl: fixtureRepo("not-mine") }),
    });
    const { id, cancelToken } = (await response.json()) as { id: string; cancelToken: string };
    expect(cancelToken).toBeTruthy();
    await page.goto(`${pageBase}/?id=${id}`);
    await poll(() => status().textContent()).toBe("queued");
    expect(await page.getByRole("button", { name: "Cancel analysis" }).isVisible()).toBe(false);
    // Its submitter still can: the page only leaves out what it cannot do.
    const cancelled = await fetch(`${apiBase}/api/analyses/${id}`, {
      method: "DELETE",
      headers: { "x-cancel-token": cancelToken },
    });
    expect(cancelled.status).toBe(200);
    await poll(() => status().textContent()).toBe("cancelled");
  });

  it("a page on an origin FRONTEND_URL does not name gets nothing from the API, and says why", async () => {
    const answer = await fetch(`${apiBase}/api/analyses`, { headers: { origin: foreignBase } });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    await page.goto(foreignBase);
    const service = page.locator("#service");
    await poll(() => service.textContent()).toContain("not allowed");
    expect(await service.textContent()).toContain(foreignBase);
    expect(await service.textContent()).toContain("FRONTEND_URL");
    expect(await page.locator("#history-list li").count()).toBe(0);
    await shot("origin-refused");
  });

  it("a page opened while the API sleeps says it is waking the server, then carries on once it answers", async () => {
    process.kill(api.pid, "SIGTERM");
    await api.waitExit(30_000);
    await page.goto(pageBase);
    const service = page.locator("#service");
    await poll(() => service.textContent()).toMatch(/Waking the server/);
    await shot("waking");
    api = startSupervisor([], { ...env, ROLE: "api" });
    await poll(() => page.locator("#history-list li").count(), { timeout: 60_000 }).toBe(10);
    expect(await service.isVisible()).toBe(false);
  });

  it("the API serves the same page at / and it works same-origin", async () => {
    await page.goto(`${apiBase}/`);
    await poll(() => page.locator("#history-list li").count()).toBe(10);
  });

  it("no script error happened on any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
