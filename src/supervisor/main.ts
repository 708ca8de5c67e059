#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { configOrExit, EXIT_CONFIG } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { useLeanV8 } from "../config/lean-v8.ts";
import { createLogger, secretsFromEnv } from "../log/index.ts";
import { parseCli, UsageError, usage } from "./cli.ts";
import { findBinary } from "./embedded/find-binary.ts";
import { LogMux, prettyFormatter } from "./log-mux.ts";
import { buildPlan } from "./plan.ts";
import { Supervisor } from "./supervisor.ts";

useLeanV8();

const EXIT_USAGE = 2;

const { version } = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
) as {
  version: string;
};

function fail(message: string, code: number): never {
  process.stderr.write(`repolens-supervisor: ${message}\n`);
  process.exit(code);
}

let request: ReturnType<typeof parseCli>;
try {
  request = parseCli(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  fail(`${error.message}\nTry --help.`, EXIT_USAGE);
}
if (request.kind === "version") {
  process.stdout.write(`${version}\n`);
  process.exit(0);
}
if (request.kind === "help") {
  process.stdout.write(usage(loadConfig({})));
  process.exit(0);
}

const logFormat =
  process.env.LOG_FORMAT === "pretty" || (!process.env.LOG_FORMAT && process.stdout.isTTY)
    ? "pretty"
    : "json";
// The secrets come from the environment as it is, before the configuration check: a value that
// check refuses is hidden from the line that names the variable too.
const mux = new LogMux(process.stdout, {
  prettify: logFormat === "pretty" ? await prettyFormatter() : undefined,
  secrets: secretsFromEnv(process.env),
});
const logger = createLogger({
  service: "supervisor",
  level: "info",
  supervised: true,
  destination: { write: (line: string) => mux.writeOwn(line) },
});

const env = configOrExit(loadConfig, logger);
logger.level = env.LOG_LEVEL;

// As PID 1 the kernel hands us every orphan to reap, which Node cannot do (it waits only for
// its own children), and signals without a handler are ignored. tini does both: re-exec under
// it when it is installed, otherwise refuse rather than collect zombies.
if (process.pid === 1) {
  const tini = await findBinary(env.TINI_BIN);
  if (!tini) {
    fail(
      "running as PID 1 without an init. Use tini as PID 1 (apt-get install tini; ENTRYPOINT " +
        '["tini", "--"]) or docker run --init, or set TINI_BIN to tini\'s path.',
      EXIT_USAGE,
    );
  }
  process.execve?.(
    tini,
    [tini, "--", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    process.env,
  );
}

const plan = buildPlan(env, request.overrides);
if (env.NODE_ENV === "production") {
  const missing = [
    plan.embedded.redis && "REDIS_URL",
    plan.embedded.postgres && "DATABASE_URL",
  ].filter(Boolean);
  for (const variable of missing) {
    logger.fatal(
      { code: "CONFIG_INVALID", variable },
      `${variable}: required when NODE_ENV=production (local stand-ins are for development)`,
    );
  }
  if (missing.length > 0) process.exit(EXIT_CONFIG);
}

logger.info(
  {
    version,
    node: process.version,
    role: env.ROLE,
    port: env.PORT,
    api: plan.api ? plan.api.command.args.join(" ") : null,
    worker: plan.worker ? plan.worker.command.args.join(" ") : null,
  },
  "supervisor starting",
);

const supervisor = new Supervisor({ env, plan, mux, logger });
let interrupts = 0;
process.on("SIGINT", () => {
  interrupts += 1;
  if (interrupts > 1) supervisor.killNow();
  else void supervisor.shutdown("SIGINT");
});
process.on("SIGTERM", () => void supervisor.shutdown("SIGTERM"));
process.on("SIGHUP", () => void supervisor.shutdown("SIGHUP"));
// The reader of the log stream went away (`npm start | head`, a log collector that died): stop
// as a program on the left of a pipe does on SIGPIPE, but cleanly, children first, rather than
// die of an unhandled EPIPE and leave them to the orphan guard. Later writes fail the same way.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") void supervisor.shutdown("EPIPE");
});

process.exit(await supervisor.run());
