/**
 * The CLI against cloc on small repositories (issue #17: it should start and finish faster):
 * wall time of whole runs, the CLI from the production build (`node dist/analysis/cli.js
 * <tree> --json`, built here into a scratch folder), from source (`npm run analyze`'s entry)
 * and `cloc --quiet <tree>`, taken in turn so that a busy moment of the machine falls on all
 * three. Without trees it makes its own: this repository at HEAD, and the `pino` and `hono`
 * packages of node_modules committed as repositories.
 *
 *   npm run bench:cli -- [--runs 10] [git work tree ...]
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { git } from "../test/analysis/fixtures.ts";
import { ROOT } from "../test/helpers/processes.ts";
import { buildProduction } from "./lib/build.ts";
import { main, scratchDir } from "./lib/cleanup.ts";
import { median, out } from "./lib/stats.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "10" } },
});
const runs = Math.max(1, Number(values.runs));

/** The package's files committed as a repository of their own. */
function packageRepo(dir: string, name: string): string {
  const repo = path.join(dir, name);
  cpSync(path.join(ROOT, "node_modules", name), repo, { recursive: true });
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", name);
  return repo;
}

/** Wall time of one run in ms; its output is dropped, a failure ends the bench. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  execFileSync(command, args, { env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 2 ** 28 });
  return performance.now() - started;
}

await main(async () => {
  const dir = scratchDir("bench-cli");
  const trees = positionals.map((tree) => path.resolve(tree));
  if (trees.length === 0) {
    git(dir, "clone", "-q", ROOT, path.join(dir, "repolens"));
    trees.push(path.join(dir, "repolens"), packageRepo(dir, "pino"), packageRepo(dir, "hono"));
  }
  const build = path.join(dir, "build");
  mkdirSync(build);
  buildProduction(build);
  const sandbox = path.join(dir, "sandbox");
  mkdirSync(sandbox);
  const env = { ...process.env, SANDBOX_DIR: sandbox, OPENROUTER_API_KEY: "", LOG_LEVEL: "warn" };
  const commands = {
    built: (tree: string) =>
      timed(process.execPath, [path.join(build, "dist/analysis/cli.js"), tree, "--json"], env),
    source: (tree: string) =>
      timed(process.execPath, [path.join(ROOT, "src/analysis/cli-entry.ts"), tree, "--json"], env),
    cloc: (tree: string) => timed("cloc", ["--quiet", tree], env),
  };
  out(`${runs} runs of each, in turn; median (min-max) wall ms`);
  const verdicts: string[] = [];
  for (const tree of trees) {
    const files = git(tree, "ls-files").split("\n").filter(Boolean).length;
    const times = { built: [] as number[], source: [] as number[], cloc: [] as number[] };
    // One run of each first, unmeasured: the compile cache and the page cache warm up.
    for (const run of Object.values(commands)) run(tree);
    for (let i = 0; i < runs; i++)
      for (const [name, run] of Object.entries(commands))
        times[name as keyof typeof times].push(run(tree));
    const show = (xs: number[]) =>
      `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))})`;
    out(
      `${path.basename(tree)}, ${files} files: built ${show(times.built)} | source ${show(times.source)} | cloc ${show(times.cloc)}`,
    );
    verdicts.push(
      `${path.basename(tree)} ${median(times.built) < median(times.cloc) ? "faster" : "slower"}`,
    );
  }
  out(`SUMMARY cli: the built CLI against cloc: ${verdicts.join(", ")}`);
});
