import { parseArgs } from "node:util";
import type { Env } from "../config/index.ts";
import type { CommandOverrides } from "./plan.ts";

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  readonly code = "USAGE";
}

export type CliRequest =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; overrides: CommandOverrides };

/**
 * Parses the supervisor's flags. Pure: no process state is read or written.
 *
 * @example
 * parseCli(["--api", "uvicorn app:api", "--worker", "python worker.py"]);
 */
export function parseCli(argv: string[]): CliRequest {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  for (const name of ["api", "worker", "worker-health", "health-path"] as const) {
    if (values[name] !== undefined && values[name].trim() === "")
      throw new UsageError(`--${name} needs a value`);
  }
  if (values["health-path"] !== undefined && !values["health-path"].startsWith("/")) {
    throw new UsageError("--health-path must start with /");
  }
  return {
    kind: "run",
    overrides: {
      api: values.api,
      worker: values.worker,
      workerHealth: values["worker-health"],
      healthPath: values["health-path"],
      noWait: values["no-wait"] ?? false,
    },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      api: { type: "string" },
      worker: { type: "string" },
      "worker-health": { type: "string" },
      "health-path": { type: "string" },
      "no-wait": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

/** `--help`: every flag and every variable the supervisor reads, with its default. */
export function usage(defaults: Env): string {
  const rows: Array<[string, string]> = [
    [
      "--api <command line>",
      "API program, run as /bin/sh -c 'exec <command line>' (env API_COMMAND)",
    ],
    ["--worker <command line>", "worker program, run the same way (env WORKER_COMMAND)"],
    [
      "--worker-health <command line>",
      "exit 0 = the worker is alive; without it a foreign worker is watched by its process state (env WORKER_HEALTH_COMMAND)",
    ],
    [
      `--health-path <path>`,
      `worker starts after GET http://127.0.0.1:$PORT<path> answers 2xx (env API_HEALTH_PATH, default ${defaults.API_HEALTH_PATH})`,
    ],
    ["--no-wait", "start the API and the worker at once (and never call the health path)"],
    ["-h, --help", "print this help"],
    ["-v, --version", "print the version"],
  ];
  const vars: Array<[keyof Env, string]> = [
    ["PORT", "port the API listens on and the health check calls"],
    ["ROLE", "combined | api | worker: which of RepoLens's own children run"],
    ["SHUTDOWN_TIMEOUT_MS", "after SIGTERM/SIGINT, groups still alive this long are SIGKILLed"],
    ["API_START_TIMEOUT_MS", "how long the API may take to answer its health check"],
    ["RESTART_BACKOFF_MS", "first restart delay (doubles per consecutive failure, with jitter)"],
    ["RESTART_BACKOFF_MAX_MS", "cap of the restart delay"],
    ["RESTART_STABLE_MS", "a run this long resets the backoff"],
    [
      "CRASH_LOOP_MAX",
      "worker failures within the window that stop the supervisor (non-zero exit)",
    ],
    ["CRASH_LOOP_WINDOW_MS", "window over which failures are counted"],
    [
      "API_MAX_RESTARTS",
      "API restarts tolerated within the window before the supervisor exits non-zero",
    ],
    ["RSS_SAMPLE_MS", "how often each child's RSS is read from /proc"],
    [
      "LIVENESS_TIMEOUT_MS",
      "a child that answers no liveness probe this long is SIGKILLed and restarted (hung)",
    ],
    ["LIVENESS_INTERVAL_MS", "how often each child is probed (IPC ping, health path, command)"],
    ["WORKER_MAX_RSS_MB", "worker above this RSS is recycled gracefully (0 = never)"],
    ["WORKER_MAX_JOBS", "RepoLens worker recycled after this many jobs (0 = never)"],
    ["LOG_FORMAT", "json | pretty (default: pretty on a terminal, json otherwise)"],
    ["LOG_LEVEL", "the supervisor's own log level"],
  ];
  const width = 26;
  const line = ([left, right]: [string, string]) => `  ${left.padEnd(width)} ${right}`;
  return [
    "Usage: repolens-supervisor [--api <command line>] [--worker <command line>] [options]",
    "",
    "Runs an API and a worker in one container: restarts with backoff, exits non-zero on a crash",
    "loop, kills whole process groups, merges both outputs into one JSON log stream, and stops",
    "both within SHUTDOWN_TIMEOUT_MS on SIGTERM. Without --api/--worker it runs RepoLens itself.",
    "",
    "Options:",
    ...rows.map(line),
    "",
    "Environment:",
    ...vars.map(([name, text]) =>
      line([name, `${text} (default ${String(defaults[name] ?? "unset")})`]),
    ),
    "",
  ].join("\n");
}
