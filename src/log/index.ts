import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import {
  CENSOR,
  censorDriverFields,
  REDACT_PATHS,
  redactDeep,
  redactUrlCredentials,
} from "./redact.ts";

export type { Logger } from "pino";
export { secretsFromEnv } from "./redact.ts";

export interface LoggerSettings {
  /** Service name written as `svc` on every line: "api", "worker", "supervisor", "cli". */
  service: string;
  /** pino level; default "info". */
  level?: string;
  /**
   * Set by the supervisor in its children's environment (`REPOLENS_SUPERVISED=1`), and for its
   * own logger: the supervisor's log stream adds `svc` and `pid` to every line it writes, so
   * the logger leaves them out instead of writing them twice.
   */
  supervised?: boolean;
  /** Where lines go; default stdout, written synchronously so a crash loses no line. */
  destination?: DestinationStream;
}

/**
 * The one pino factory: service name on every line, secrets redacted by key and inside URLs.
 *
 * @example
 * const log = createLogger({ service: "api", level: env.LOG_LEVEL });
 * log.info({ url: "rediss://default:pw@host" }, "connecting"); // url logged as rediss://***@host
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? "info",
    base: settings.supervised ? null : { svc: settings.service, pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: {
      log: (object) => redactDeep(object),
    },
    // Errors are serialised after the formatter runs and keep message and stack out of its
    // reach (not enumerable): redact what the serialiser makes of them. Serialisers run only
    // for lines that carry an error, so the common line pays nothing for this.
    serializers: {
      err: redactError,
      error: redactError,
    },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((a) => (typeof a === "string" ? redactUrlCredentials(a) : a));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  return pino(options, settings.destination ?? pino.destination({ fd: 1, sync: true }));
}

function redactError(error: unknown): unknown {
  return redactDeep(
    censorDriverFields(error instanceof Error ? pino.stdSerializers.err(error) : error),
  );
}

/** The logger of a RepoLens process, from its environment. */
export function processLogger(service: string, env: NodeJS.ProcessEnv = process.env): Logger {
  // An invalid LOG_LEVEL must not crash before the config check can name it.
  const level = env.LOG_LEVEL && env.LOG_LEVEL in pino.levels.values ? env.LOG_LEVEL : "info";
  return createLogger({
    service,
    level: env.LOG_LEVEL === "silent" ? "silent" : level,
    supervised: env.REPOLENS_SUPERVISED === "1",
  });
}
