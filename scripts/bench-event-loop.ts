/**
 * The longest the analysis of a large tree holds the event loop, the figure behind
 * LIVENESS_TIMEOUT_MS's default (README, Health): a generated git repository of 30,000 files
 * (scripts/lib/repos.ts) analysed in-process, as the worker runs it, under
 * perf_hooks.monitorEventLoopDelay. A liveness ping waits at most that long for an answer at full
 * speed; at the 0.1 CPU of a free instance, about ten times as long.
 *
 *   node scripts/bench-event-loop.ts [-- --files 30000]
 */
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { analyze } from "../src/analysis/index.ts";
import { analysisOptionsFromEnv } from "../src/analysis/options.ts";
import { loadConfig } from "../src/config/index.ts";
import { main, scratchDir } from "./lib/cleanup.ts";
import { generateRepo } from "./lib/repos.ts";
import { out } from "./lib/stats.ts";

const { values } = parseArgs({ options: { files: { type: "string", default: "30000" } } });
const files = Number(values.files);

await main(async () => {
  const dir = scratchDir("event-loop");
  const repo = generateRepo(path.join(dir, "large"), files);
  const env = loadConfig({ ...process.env, SANDBOX_DIR: path.join(dir, "sandbox") });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const report = await analyze({ directory: repo }, analysisOptionsFromEnv(env));
  const tookMs = performance.now() - started;
  delay.disable();
  const ms = (ns: number) => Math.round(ns / 1e6);
  out(
    `analysis of ${report.totals.files} files in ${Math.round(tookMs)} ms: event loop held at most ` +
      `${ms(delay.max)} ms (p99 ${ms(delay.percentile(99))} ms, mean ${ms(delay.mean)} ms)`,
  );
  out(
    `at 0.1 CPU about ${Math.round(ms(delay.max) * 10)} ms: LIVENESS_TIMEOUT_MS defaults to 30000`,
  );
});
