/**
 * The CLI's analysis run (cli.ts parses the command line first): logs on stderr, the report on
 * stdout, and the exit code for a failed analysis.
 */
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

/** What the command line asked for. */
export interface Command {
  target: AnalysisTarget;
  json: boolean;
}

/**
 * Resolves once `stream` has taken `text`: cli.ts ends the process right after, and a pipe is
 * asynchronous on some systems (macOS). A failed write resolves too: the stream's own error
 * event reports it, as it did before.
 */
function written(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

/**
 * Analyses the target and prints the report; a failed analysis sets the exit code. Resolves
 * once what it printed is written.
 */
export async function runCli({ target, json }: Command): Promise<void> {
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
    await written(
      process.stdout,
      json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
    );
  } catch (error) {
    if (error instanceof AnalysisError) {
      await written(process.stderr, `analysis failed: ${error.code}: ${error.message}\n`);
      // A URL or ref the rules refuse is a bad argument, not a failed analysis.
      process.exitCode = ARGUMENT_ERRORS.has(error.code) ? 2 : 1;
      return;
    }
    throw error;
  }
}
