/**
 * npm run analyze -- <git-url | local directory> [--ref <ref>] [--json]
 *
 * Runs the analysis in-process (no queue, no database). A URL is cloned into SANDBOX_DIR under
 * the same limits as the worker; so is a directory, sharing its object store (see analyze.ts for
 * why): its committed HEAD is what is reported, and none of its git configuration's programs run.
 * --json prints exactly the report as JSON on stdout; logs always go to stderr.
 * Exit codes: 0 done, 1 the analysis failed (code and message on stderr), 2 bad arguments
 * (including a URL or ref the rules refuse), 78 bad configuration.
 */
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { useOneRunV8 } from "../config/lean-v8.ts";
import type { Command } from "./cli-run.ts";

/**
 * Node's modules an analysis loads, besides those Node loads at start: loaded before V8's
 * flags change (see useOneRunV8), they keep the code Node ships compiled for them. The CLI's
 * test fails when an analysis loads one more.
 */
const ANALYSIS_BUILTINS = [
  "node:assert",
  "node:child_process",
  "node:dgram",
  "node:dns/promises",
  "node:fs/promises",
  "node:net",
  "node:perf_hooks",
  "node:stream",
  "node:stream/promises",
  "node:string_decoder",
  "node:timers/promises",
  "node:worker_threads",
];

const USAGE = `usage: npm run analyze -- <git-url | local directory> [--ref <branch|tag|commit>] [--json]
       node dist/analysis/cli.js ...   the same, from the production build (npm run build)

A local directory (the top of a work tree, or a bare repository) is cloned into SANDBOX_DIR
and its committed HEAD analysed: uncommitted edits are not seen, and no program named by the
repository's own git configuration runs. Clones obey MAX_REPO_SIZE_MB, MAX_FILES and
CLONE_TIMEOUT_MS, as in the service.`;

function usageError(reason: string): never {
  process.stderr.write(`${reason}\n${USAGE}\n`);
  process.exit(2);
}

/** What the command line asks for; --help and bad arguments exit here. */
function parse(argv: string[]): Command {
  const parsed = (() => {
    try {
      return parseArgs({
        args: argv,
        allowPositionals: true,
        options: { json: { type: "boolean" }, ref: { type: "string" }, help: { type: "boolean" } },
      });
    } catch (error) {
      usageError((error as Error).message);
    }
  })();
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const [input, ...extra] = parsed.positionals;
  if (!input) usageError("missing the repository to analyse");
  if (extra.length > 0) usageError(`unexpected argument: ${extra[0]}`);
  const json = parsed.values.json ?? false;
  const ref = parsed.values.ref ?? null;

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || /^[^/]+@[^/]+:/.test(input))
    return { target: { url: input, ref }, json };
  let isDirectory = false;
  try {
    isDirectory = statSync(input).isDirectory();
  } catch {
    usageError(`${input} is neither a URL nor an existing directory`);
  }
  if (!isDirectory) usageError(`${input} is not a directory`);
  if (ref) usageError("--ref applies to URLs; a directory is analysed at its committed HEAD");
  return { target: { directory: input }, json };
}

// The analysis and what it loads (some 140 ms of a start on a slow host) come in only for a
// command that will run: --help and a bad argument answer without them. A run on a small
// repository is over before an optimised function could repay its compilation.
const command = parse(process.argv.slice(2));
useOneRunV8({ maglevAfterMs: 500, builtins: ANALYSIS_BUILTINS });
const { runCli } = await import("./cli-run.ts");
await runCli(command);
// Ended here rather than by an empty event loop: Node would then dispose of the heap page by
// page, about 5 ms of a 200 ms run on a small repository (issue #17), for a process that is
// done. Everything is written by now: the report and the logs (pino writes synchronously
// here), and the sandbox is gone; the compile cache is still saved on the way out.
process.exit();
