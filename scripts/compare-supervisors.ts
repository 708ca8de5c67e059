/**
 * Runs the same scenarios against RepoLens's supervisor, pm2-runtime, concurrently, supervisord
 * and a bash loop, and prints what each one did. docs/SUPERVISOR-COMPARISON.md explains every
 * scenario and configuration.
 *
 *   npm run compare:supervisors -- [--only <tool>[,<tool>]] [--scenario <n>[,<n>]] [--json <file>]
 *
 * --only matches a tool family (repolens, pm2-runtime, concurrently, supervisord, bash) or one
 * configuration's exact name. Everything runs on 127.0.0.1 with bounded timeouts; every process
 * a run started is killed at its end, and the script checks that none is left.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { MARKER } from "./compare/harness.ts";
import { type Result, SCENARIOS, type Scenario } from "./compare/scenarios.ts";
import { TOOLS, type Tool } from "./compare/tools.ts";

const { values } = parseArgs({
  options: {
    only: { type: "string", multiple: true },
    scenario: { type: "string", multiple: true },
    json: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
const out = (line = "") => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);

if (values.help) {
  out("usage: npm run compare:supervisors -- [--only <tool>] [--scenario <n>] [--json <file>]");
  out(`tools: ${TOOLS.map((t) => t.id).join(" | ")}`);
  out(`scenarios: ${SCENARIOS.map((s) => `${s.n} ${s.title}`).join(" | ")}`);
  process.exit(0);
}

const list = (v: string[] | undefined) => (v ?? []).flatMap((x) => x.split(",")).filter(Boolean);
const only = list(values.only);
const wanted = list(values.scenario).map(Number);
if (wanted.some((n) => !SCENARIOS.some((s) => s.n === n))) {
  process.stderr.write(`--scenario takes 1..${SCENARIOS.length}\n`);
  process.exit(2);
}
const tools = TOOLS.filter(
  (t) => only.length === 0 || only.includes(t.family) || only.includes(t.id),
);
if (tools.length === 0) {
  process.stderr.write(`--only matched no tool; tools: ${TOOLS.map((t) => t.id).join(", ")}\n`);
  process.exit(2);
}
const scenarios = SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.n));

const versions = new Map<string, string | null>();
for (const t of tools) versions.set(t.id, t.version());
const installed = tools.filter((t) => versions.get(t.id) !== null);

const base = mkdtempSync(path.join(os.tmpdir(), "compare-supervisors-"));
const results = new Map<number, Map<string, Result>>();
const started = performance.now();

async function runScenario(scenario: Scenario, parallel: boolean): Promise<void> {
  const row = new Map<string, Result>();
  results.set(scenario.n, row);
  const mine = installed.filter((t) => t.scenarios.includes(scenario.n));
  progress(`scenario ${scenario.n}: ${scenario.title} (${mine.length} configurations)`);
  const one = async (tool: Tool) => {
    const r = await scenario.run(tool, base);
    row.set(tool.id, r);
    progress(`  ${scenario.n} ${tool.id}: ${r.cell}`);
  };
  if (parallel) await Promise.all(mine.map(one));
  else for (const tool of mine) await one(tool);
}

// Scenario 1 watches for up to 180 s, so it runs alongside the others; scenario 4 floods the
// CPU, so its tools run one after the other; the rest run all tools at once.
const s1 = scenarios.find((s) => s.n === 1);
const background = s1 ? runScenario(s1, true) : Promise.resolve();
for (const scenario of scenarios) {
  if (scenario.n === 1) continue;
  await runScenario(scenario, scenario.n !== 4);
}
await background;

// Nothing of ours may be left: no process carrying this script's marker.
const prefix = `${MARKER}=${process.pid}-`;
const leftovers: string[] = [];
for (const entry of readdirSync("/proc")) {
  if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
  try {
    const env = readFileSync(`/proc/${entry}/environ`, "latin1");
    const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2)[0];
    if (env.includes(prefix) && state !== "Z") leftovers.push(entry);
  } catch {}
}
rmSync(base, { recursive: true, force: true });

const seconds = ((performance.now() - started) / 1000).toFixed(0);
out("# Supervisor comparison");
out();
out(`node ${process.version}, ${os.type()} ${os.release()}, ${os.cpus().length} CPUs`);
out();
out("| configuration | version |");
out("| --- | --- |");
for (const t of tools) out(`| ${t.id} | ${versions.get(t.id) ?? "not installed"} |`);
for (const scenario of scenarios) {
  out();
  out(`## ${scenario.n}. ${scenario.title}`);
  out();
  out("| configuration | result |");
  out("| --- | --- |");
  const row = results.get(scenario.n);
  for (const t of tools.filter((x) => x.scenarios.includes(scenario.n))) {
    const r = row?.get(t.id);
    out(`| ${t.id} | ${versions.get(t.id) === null ? "not installed" : (r?.cell ?? "not run")} |`);
  }
}
if (values.json) {
  const dump = Object.fromEntries(
    [...results].map(([n, row]) => [
      n,
      Object.fromEntries([...row].map(([id, r]) => [id, { cell: r.cell, ...r.details }])),
    ]),
  );
  writeFileSync(
    values.json,
    `${JSON.stringify({ versions: Object.fromEntries(versions), results: dump }, null, 2)}\n`,
  );
}

const runs = [...results.values()].reduce((n, row) => n + row.size, 0);
const errors = [...results.values()].flatMap((row) =>
  [...row.values()].filter((r) => r.cell.startsWith("harness error")),
).length;
const runLeftovers = [...results.values()].reduce(
  (n, row) => n + [...row.values()].reduce((m, r) => m + r.leftovers, 0),
  0,
);
const missing = tools.filter((t) => versions.get(t.id) === null).map((t) => t.id);
out();
out(
  `summary: ${runs} runs (${installed.length} configurations × scenarios ${scenarios.map((s) => s.n).join(",")}) in ${seconds} s; ` +
    `${errors} harness errors; processes left after the runs: ${leftovers.length + runLeftovers}; ` +
    `not installed: ${missing.length ? missing.join(", ") : "none"}`,
);
process.exitCode = errors > 0 || leftovers.length > 0 || runLeftovers > 0 ? 1 : 0;
