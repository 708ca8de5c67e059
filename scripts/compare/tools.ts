/**
 * How each tool is started for one scenario. Same inputs for every tool: the API is
 * test/fixtures/api.py (Python) and the worker test/fixtures/worker.sh (sh), each with its MODE;
 * PORT is in the tool's environment; the stop grace period is GRACE_MS wherever a tool has one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Launch } from "./harness.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures");
const HERE = path.join(ROOT, "scripts/compare");
const NODE = path.join(ROOT, "node_modules/.bin/node");
const GRACE_MS = 5000;

const API = path.join(FIXTURES, "api.py");
const WORKER = path.join(FIXTURES, "worker.sh");
export const SCRIPTS = { api: API, worker: WORKER };

function which(cmd: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** The real interpreter, not a pyenv shim: the same python3 for every tool. */
const PYTHON = (() => {
  try {
    return execFileSync("python3", ["-c", "import sys; print(sys.executable)"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return "python3";
  }
})();

export interface Spec {
  apiMode: string;
  workerMode: string;
  port: number;
  /** a fresh directory for this run */
  dir: string;
  /** RepoLens only: start both children at once (scenario 4, so both write from the start) */
  noWait?: boolean;
}

export interface Tool {
  id: string;
  /** the tool this row is a configuration of ("repolens", "pm2-runtime", ...) */
  family: string;
  /** the configuration, in words, for the document */
  config: string;
  /** scenarios this row runs in (a variant measures only what its option changes) */
  scenarios: number[];
  /** version string, or null when the tool is not installed */
  version(): string | null;
  launch(spec: Spec): Launch;
}

const ALL = [1, 2, 3, 4, 5, 6, 7];
const env = (spec: Spec) => ({ PORT: String(spec.port) });
const apiLine = (spec: Spec) => `env MODE=${spec.apiMode} ${PYTHON} ${API}`;
const workerLine = (spec: Spec) => `env MODE=${spec.workerMode} sh ${WORKER}`;

function repolens(id: string, extraEnv: Record<string, string>, scenarios: number[]): Tool {
  const settings = Object.entries(extraEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return {
    id,
    family: "repolens",
    config: `node src/supervisor/main.ts --api … --worker … --health-path /health; LOG_FORMAT=json SHUTDOWN_TIMEOUT_MS=${GRACE_MS}${settings ? ` ${settings}` : ""}, other settings at their defaults`,
    scenarios,
    version() {
      if (!existsSync(NODE)) return null;
      const sha = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], {
        encoding: "utf8",
      }).trim();
      return `repolens-supervisor (this repository, ${sha})`;
    },
    launch(spec) {
      return {
        cmd: NODE,
        args: [
          path.join(ROOT, "src/supervisor/main.ts"),
          "--api",
          apiLine(spec),
          "--worker",
          workerLine(spec),
          "--health-path",
          "/health",
          ...(spec.noWait ? ["--no-wait"] : []),
        ],
        env: {
          ...env(spec),
          LOG_FORMAT: "json",
          SHUTDOWN_TIMEOUT_MS: String(GRACE_MS),
          ...extraEnv,
        },
      };
    },
  };
}

const PM2_RUNTIME = path.join(ROOT, "node_modules/pm2/bin/pm2-runtime");
const pm2Runtime: Tool = {
  id: "pm2-runtime",
  family: "pm2-runtime",
  config: `pm2-runtime ecosystem.json (two apps, fork mode, interpreter python3 / sh, kill_timeout ${GRACE_MS}, defaults otherwise: autorestart, max_restarts 16, min_uptime 1 s, treekill)`,
  scenarios: ALL,
  version() {
    if (!existsSync(PM2_RUNTIME)) return null;
    const pkg = path.join(ROOT, "node_modules/pm2/package.json");
    return `pm2 ${JSON.parse(execFileSync("cat", [pkg], { encoding: "utf8" })).version}`;
  },
  launch(spec) {
    const home = path.join(spec.dir, "pm2home");
    mkdirSync(home, { recursive: true });
    const ecosystem = path.join(spec.dir, "ecosystem.json");
    writeFileSync(
      ecosystem,
      JSON.stringify(
        {
          apps: [
            {
              name: "api",
              script: API,
              interpreter: PYTHON,
              env: { MODE: spec.apiMode, PORT: String(spec.port) },
              kill_timeout: GRACE_MS,
            },
            {
              name: "worker",
              script: WORKER,
              interpreter: "/bin/sh",
              env: { MODE: spec.workerMode },
              kill_timeout: GRACE_MS,
            },
          ],
        },
        null,
        2,
      ),
    );
    return { cmd: NODE, args: [PM2_RUNTIME, ecosystem], env: { ...env(spec), PM2_HOME: home } };
  },
};

const CONCURRENTLY = path.join(ROOT, "node_modules/concurrently/dist/bin/concurrently.js");
function concurrently(id: string, extra: string[], scenarios: number[]): Tool {
  return {
    id,
    family: "concurrently",
    config: `concurrently --kill-others --kill-timeout ${GRACE_MS} --names api,worker${extra.length ? ` ${extra.join(" ")}` : ""} "<api>" "<worker>"`,
    scenarios,
    version() {
      if (!existsSync(CONCURRENTLY)) return null;
      return `concurrently ${execFileSync(NODE, [CONCURRENTLY, "--version"], { encoding: "utf8" }).trim()}`;
    },
    launch(spec) {
      return {
        cmd: NODE,
        args: [
          CONCURRENTLY,
          "--kill-others",
          "--kill-timeout",
          String(GRACE_MS),
          "--names",
          "api,worker",
          ...extra,
          apiLine(spec),
          workerLine(spec),
        ],
        env: env(spec),
      };
    },
  };
}

type SupervisordFlavour = "container" | "default-logging" | "fatal-listener";
function supervisord(id: string, flavour: SupervisordFlavour, scenarios: number[]): Tool {
  const stdout =
    flavour === "default-logging"
      ? []
      : ["stdout_logfile=/dev/stdout", "stdout_logfile_maxbytes=0", "redirect_stderr=true"];
  return {
    id,
    family: "supervisord",
    config:
      flavour === "default-logging"
        ? "supervisord -n, programs with no log settings (stdout_logfile=AUTO: files in $TMPDIR), supervisord log at its default $CWD/supervisord.log"
        : `supervisord -n; per program: ${stdout.join(" ")} stopwaitsecs=${GRACE_MS / 1000} stopasgroup=true killasgroup=true, defaults otherwise (autorestart=unexpected, startretries=3, startsecs=1)${flavour === "fatal-listener" ? "; plus an [eventlistener] on PROCESS_STATE_FATAL that SIGTERMs supervisord" : ""}`,
    scenarios,
    version() {
      const bin = which("supervisord");
      if (!bin) return null;
      return `supervisord ${execFileSync(bin, ["--version"], { encoding: "utf8" }).trim()}`;
    },
    launch(spec) {
      const program = (name: string, command: string, mode: string, priority: number) => [
        `[program:${name}]`,
        `command=${command}`,
        `environment=MODE="${mode}",PORT="${spec.port}"`,
        `priority=${priority}`,
        ...(flavour === "default-logging"
          ? []
          : [...stdout, `stopwaitsecs=${GRACE_MS / 1000}`, "stopasgroup=true", "killasgroup=true"]),
        "",
      ];
      const conf = [
        "[supervisord]",
        "nodaemon=true",
        ...(flavour === "default-logging"
          ? []
          : ["logfile=/dev/null", "logfile_maxbytes=0", `pidfile=${spec.dir}/supervisord.pid`]),
        "",
        ...program("api", `${PYTHON} ${API}`, spec.apiMode, 10),
        ...program("worker", `sh ${WORKER}`, spec.workerMode, 20),
        ...(flavour === "fatal-listener"
          ? [
              "[eventlistener:exit-on-fatal]",
              `command=${PYTHON} ${path.join(HERE, "supervisord-fatal-listener.py")}`,
              "events=PROCESS_STATE_FATAL",
              "",
            ]
          : []),
      ].join("\n");
      const file = path.join(spec.dir, "supervisord.conf");
      writeFileSync(file, conf);
      return {
        cmd: which("supervisord") ?? "supervisord",
        args: ["-n", "-c", file],
        // TMPDIR: where the default (AUTO) child logs go; the run's own directory, not /tmp.
        env: { ...env(spec), TMPDIR: spec.dir },
      };
    },
  };
}

function bashScript(id: string, script: string, config: string, scenarios: number[]): Tool {
  return {
    id,
    family: "bash",
    config,
    scenarios,
    version() {
      const bin = which("bash");
      if (!bin) return null;
      return execFileSync(bin, ["--version"], { encoding: "utf8" }).split("\n")[0] ?? "bash";
    },
    launch(spec) {
      return {
        cmd: "bash",
        args: [path.join(HERE, script)],
        env: {
          ...env(spec),
          PYTHON,
          FIXTURES,
          API_MODE: spec.apiMode,
          WORKER_MODE: spec.workerMode,
        },
      };
    },
  };
}

export const TOOLS: Tool[] = [
  repolens("repolens", {}, ALL),
  repolens("repolens CRASH_LOOP_MAX=5", { CRASH_LOOP_MAX: "5" }, [1]),
  pm2Runtime,
  concurrently("concurrently", [], ALL),
  concurrently(
    "concurrently --restart-tries 3",
    ["--restart-tries", "3", "--restart-after", "1000"],
    [1, 2, 3, 5, 6],
  ),
  concurrently("concurrently --raw", ["--raw"], [4]),
  supervisord("supervisord", "container", ALL),
  supervisord("supervisord, default logging", "default-logging", [4]),
  supervisord("supervisord + FATAL listener", "fatal-listener", [1, 2]),
  bashScript(
    "bash loop",
    "start-combined.sh",
    "bash scripts/compare/start-combined.sh: API in the background, sleep 2, then while true; do worker; sleep 5; done",
    ALL,
  ),
  bashScript(
    "bash wait -n",
    "wait-n.sh",
    "bash scripts/compare/wait-n.sh: both in the background, wait -n, exit $?",
    ALL,
  ),
];
