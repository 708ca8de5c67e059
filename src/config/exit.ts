import type { Logger } from "pino";
import { ConfigError } from "./index.ts";

/** sysexits' EX_CONFIG: the supervisor treats it as "do not restart, it will fail again". */
export const EXIT_CONFIG = 78;

/**
 * Loads the configuration or ends the process with one log line per bad variable.
 * The logger is made by the caller so that this module stays free of log set-up.
 */
export function configOrExit<T>(load: () => T, logger: Logger): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) {
      logger.fatal(
        { code: error.code, variable: issue.variable },
        `${issue.variable}: ${issue.message}`,
      );
    }
    process.exit(EXIT_CONFIG);
  }
}
