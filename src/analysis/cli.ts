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
import { pino } from "pino";
import { configOrExit } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { createLogger } from "../log/index.ts";
import { type AnalysisTarget, analyze } from "./analyze.ts";
import { AnalysisError } from "./errors.ts";
import { analysisOptionsFromEnv } from "./options.ts";
import { formatReport } from "./text-report.ts";

const ARGUMENT_ERRORS = new Set([
  "INVALID_URL",
  "INVALID_REF",
  "HOST_NOT_ALLOWED",
  "LOCAL_NOT_ALLOWED",
]);
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

function parse(argv: string[]): { target: AnalysisTarget; json: boolean } {
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

async function main(): Promise<void> {
  const { target, json } = parse(process.argv.slice(2));
  const logger = createLogger({
    service: "cli",
    level: process.env.LOG_LEVEL ?? (json ? "warn" : "info"),
    destination: pino.destination({ fd: 2, sync: true }),
  });
  const env = configOrExit(() => loadConfig(), logger);

  const controller = new AbortController();
  // Ctrl-C cancels cleanly: git's process group is killed and the sandbox removed.
  process.once("SIGINT", () => controller.abort());
  process.once("SIGTERM", () => controller.abort());

  try {
    const report = await analyze(target, analysisOptionsFromEnv(env), {
      signal: controller.signal,
      logger,
      onProgress: (step, percentage) => logger.debug({ step, percentage }, "progress"),
    });
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  } catch (error) {
    if (error instanceof AnalysisError) {
      process.stderr.write(`analysis failed: ${error.code}: ${error.message}\n`);
      // A URL or ref the rules refuse is a bad argument, not a failed analysis.
      process.exitCode = ARGUMENT_ERRORS.has(error.code) ? 2 : 1;
      return;
    }
    throw error;
  }
}

await main();
