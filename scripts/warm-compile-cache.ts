/**
 * Fills a Node compile cache (NODE_COMPILE_CACHE) with V8's code for the modules each process of
 * the image compiles at start: Dockerfile.combined runs it in its build stage, and every process
 * of the image reads the cache, read-only, instead of parsing and compiling its bundle again.
 * At Render's 0.1 CPU that compiling is a large part of start-up (docs/PERFORMANCE.md, "A
 * compile cache in the image"): the supervisor, API and worker start once each, and every job
 * starts an analysis process.
 *
 * Each entry runs as the image runs it, with no V8 flag that shapes its code (the supervisor
 * and the worker turn their interpreter-only flags on once loaded, src/config/lean-v8.ts;
 * heap sizes do not count) and with no configuration: it loads its modules, stops at its
 * configuration check, and Node writes the cache as it exits. Then each runs again and must
 * read every module it loaded from the cache; the script fails otherwise, so a Node that
 * changes how the cache works fails the build rather than slowing the image down unseen. The
 * cache names files by absolute path: run it where the image keeps dist/ (/app/dist).
 *
 * Usage: node scripts/warm-compile-cache.ts <dist dir> <cache dir>
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { YOUNG_GENERATION_FLAG } from "../src/supervisor/plan.ts";

const [distArg, cacheArg] = process.argv.slice(2);
if (!distArg || !cacheArg) {
  process.stderr.write("usage: node scripts/warm-compile-cache.ts <dist dir> <cache dir>\n");
  process.exit(2);
}
const dist = path.resolve(distArg);
const cache = path.resolve(cacheArg);

/** Each process of the image, as start-combined.sh and src/supervisor/plan.ts start it. */
const ENTRIES = [
  { name: "supervisor", entry: "supervisor/main.js", args: ["--version"] },
  { name: "api", entry: "api/main.js", args: [] },
  // What the API imports once it listens: a module with no effects of its own when loaded.
  { name: "api service", entry: "api/service.js", args: [] },
  { name: "worker", entry: "worker/main.js", args: [] },
  { name: "analysis", entry: "worker/analysis-entry.js", args: [] },
];

function start(entry: (typeof ENTRIES)[number], debug: boolean): string {
  const result = spawnSync(
    process.execPath,
    [YOUNG_GENERATION_FLAG, path.join(dist, entry.entry), ...entry.args],
    {
      // No configuration: the entry stops at its check, having loaded what it loads at start.
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        NODE_COMPILE_CACHE: cache,
        ...(debug ? { NODE_DEBUG_NATIVE: "COMPILE_CACHE" } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`;
}

let failed = false;
for (const entry of ENTRIES) start(entry, false);
for (const entry of ENTRIES) {
  const log = start(entry, true);
  const accepted = log.match(/V8 code cache for \S+ \S+ was accepted/g)?.length ?? 0;
  // A miss is "was not initialized" (nothing cached), or "was rejected" (made by another V8).
  const compiled = log.match(/V8 code cache for \S+ \S+ was (?!accepted)/g)?.length ?? 0;
  process.stdout.write(
    `warm-compile-cache: ${entry.name}: ${accepted} modules from the cache, ${compiled} compiled\n`,
  );
  if (accepted === 0 || compiled > 0) failed = true;
}
if (failed) {
  process.stderr.write(
    "warm-compile-cache: some process did not read its modules from the cache\n",
  );
  process.exit(1);
}
