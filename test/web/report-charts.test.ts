import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze, type Report } from "../../src/analysis/index.ts";
import { webApp } from "../../src/web/index.ts";
import { localAnalysisOptions, type TempDir, tempDir, writeFiles } from "../analysis/fixtures.ts";
import { freePort, ROOT } from "../helpers/processes.ts";

/**
 * The report's charts (hotspots, ownership, complexity) in headless Chromium, drawn from a real
 * report of a repository with three authors; the API's answers are served by the test (the
 * page only reads them), so no queue or worker is needed.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = path.join(ROOT, "test-artifacts/web");
const ID = "a1b2c3";

let scratch: TempDir;
let report: Report;
let pageServer: Server;
let pageBase: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/**
 * Six commits (Ada 3, Grace 2, Linus 1), each changing src/busy.ts (10 lines of `if` and `===`
 * in the end: complexity 20); three of them src/calm.py (5 `if`s in the end).
 */
function buildRepo(dir: string): string {
  mkdirSync(dir);
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
  const busy = (n: number) =>
    `${Array.from({ length: n }, (_, i) => `if (x === ${i}) y();`).join("\n")}\n`;
  const authors = ["Ada", "Ada", "Grace", "Ada", "Grace", "Linus"];
  authors.forEach((name, i) => {
    writeFiles(dir, {
      "src/busy.ts": busy(i + 5),
      ...(i % 2 === 0 ? { "src/calm.py": `${"if a:\n    pass\n".repeat(i + 1)}` } : {}),
    });
    const env = {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: `${name.toLowerCase()}@example.com`,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: `${name.toLowerCase()}@example.com`,
    };
    execFileSync("git", ["add", "-A"], { cwd: dir, env });
    execFileSync("git", ["commit", "-q", "-m", `c${i}`], { cwd: dir, env });
  });
  return dir;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  scratch = tempDir("charts");
  const repo = buildRepo(path.join(scratch.path, "repo"));
  report = await analyze({ directory: repo }, localAnalysisOptions(scratch.path));

  const port = await freePort();
  pageBase = `http://127.0.0.1:${port}`;
  pageServer = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: webApp({}).fetch, hostname: "127.0.0.1", port }, () =>
      resolve(s as Server),
    ) as Server;
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const view = {
    id: ID,
    repoUrl: "https://github.com/acme/charts",
    ref: null,
    status: "completed",
    progress: { step: "saving", percentage: 100, currentStep: 6, totalSteps: 6 },
    attempts: 1,
    createdAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    result: report,
  };
  await page.route(`${pageBase}/api/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === `/api/analyses/${ID}/events`)
      return route.fulfill({
        status: 200,
        headers: { "content-type": "text/event-stream" },
        body: `event: snapshot\ndata: ${JSON.stringify(view)}\n\n`,
      });
    if (url.pathname === `/api/analyses/${ID}`) return route.fulfill({ json: view });
    return route.fulfill({ json: { items: [], nextCursor: null } });
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  pageServer?.closeAllConnections();
  pageServer?.close();
  scratch?.remove();
});

describe("the report's charts", () => {
  it("draws hotspots as bars with both figures, ownership as a stacked bar, and complexity", async () => {
    expect(report.hotspots?.map((h) => [h.path, h.commits, h.complexity])).toEqual([
      ["src/busy.ts", 6, 20],
      ["src/calm.py", 3, 5],
    ]);
    await page.goto(`${pageBase}/?id=${ID}`);
    const hotspots = page.getByRole("list", { name: "Hotspots by commits × complexity" });
    await expect.poll(() => hotspots.locator("li").count(), { timeout: 10_000 }).toBe(2);
    expect(await hotspots.locator("li").first().textContent()).toBe(
      "src/busy.ts6 commits × 20 = 120",
    );
    // The bars are to scale: the second is an eighth of the first (15 of 120).
    const widths = await hotspots
      .locator("svg.bar rect:last-child")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
    expect(widths).toEqual([100, 12.5]);

    const stack = page.locator("#report svg.stack");
    expect(await stack.getAttribute("aria-label")).toBe(
      "Commits by author: Ada 3, Grace 2, Linus 1",
    );
    const text = (await page.locator("#report").textContent()) ?? "";
    expect(text).toContain("Bus factor1");
    expect(text).toContain("Branch points");
    await page.screenshot({ path: path.join(ARTIFACTS, "report-charts.png"), fullPage: true });

    await page.setViewportSize({ width: 375, height: 800 });
    expect(
      await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth"),
    ).toBe(true);
    await page.screenshot({
      path: path.join(ARTIFACTS, "report-charts-phone.png"),
      fullPage: true,
    });
    expect(pageErrors).toEqual([]);
  });
});
