import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "../config/index.ts";
import type { Command } from "./process-group.ts";

/** One program the supervisor runs: its command, and whether it is RepoLens's own. */
export interface ServiceSpec {
  command: Command;
  /** RepoLens's own children get an IPC channel (worker state, job counts, liveness pings). */
  own: boolean;
  /** A command whose exit 0 says the program is alive (`--worker-health`); null without one. */
  health: Command | null;
}

/** Everything the supervisor will run, decided once from flags and environment. */
export interface SupervisorPlan {
  api: ServiceSpec | null;
  worker: ServiceSpec | null;
  /** URL polled before the worker starts, then as the API's liveness probe; null: neither. */
  healthUrl: string | null;
  /** Start local Redis/Postgres stand-ins for missing URLs (RepoLens's own children only). */
  embedded: { redis: boolean; postgres: boolean };
}

export interface CommandOverrides {
  api?: string;
  worker?: string;
  workerHealth?: string;
  healthPath?: string;
  noWait?: boolean;
}

// The children are started from the same tree as the supervisor: src/*.ts under `npm start`
// (Node strips the types), dist/*.js in the image. One code path serves both.
const here = path.dirname(fileURLToPath(import.meta.url));
const extension = path.extname(fileURLToPath(import.meta.url));

/**
 * V8's young generation capped at 1 MB semi-spaces instead of 16 MB. Measured by
 * `npm run bench:memory`: the container's summed RSS drops by about 50 MB idle and 75 MB at its
 * peak, and a 6,000-file scan uses no more CPU (docs/PERFORMANCE.md, figure 3).
 * start-combined.sh gives the supervisor the same flag.
 */
export const YOUNG_GENERATION_FLAG = "--max-semi-space-size=1";

/**
 * A child of our own: Node with the young generation's flag and its heap limit. The worker
 * turns V8's interpreter-only mode on itself once loaded (src/config/lean-v8.ts says why not
 * here); the API keeps the compilers.
 */
function ownEntry(part: "api" | "worker", options: { heapMb?: number | undefined }): Command {
  const heap = options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [];
  return {
    file: process.execPath,
    args: [YOUNG_GENERATION_FLAG, ...heap, path.join(here, "..", part, `main${extension}`)],
  };
}

/**
 * A foreign command line runs through `/bin/sh -c "exec ..."`: users write commands the way
 * they would in a Procfile (quotes, variables, `cd x &&`), and `exec` makes the program itself
 * the group leader that receives the stop signal rather than a shell waiting on it.
 */
function shellCommand(line: string): Command {
  return { file: "/bin/sh", args: ["-c", `exec ${line}`] };
}

/**
 * Builds the plan: foreign commands when `--api`/`--worker` (or API_COMMAND/WORKER_COMMAND) are
 * given — exactly the ones given — otherwise RepoLens's own API and worker, chosen by ROLE.
 */
export function buildPlan(env: Env, overrides: CommandOverrides): SupervisorPlan {
  const apiLine = overrides.api ?? env.API_COMMAND;
  const workerLine = overrides.worker ?? env.WORKER_COMMAND;
  const foreign = apiLine !== undefined || workerLine !== undefined;
  const healthPath = overrides.healthPath ?? env.API_HEALTH_PATH;
  const workerHealthLine = overrides.workerHealth ?? env.WORKER_HEALTH_COMMAND;
  const workerHealth = workerHealthLine ? shellCommand(workerHealthLine) : null;

  if (foreign) {
    const api = apiLine ? { command: shellCommand(apiLine), own: false, health: null } : null;
    return {
      api,
      worker: workerLine
        ? { command: shellCommand(workerLine), own: false, health: workerHealth }
        : null,
      healthUrl: api && !overrides.noWait ? `http://127.0.0.1:${env.PORT}${healthPath}` : null,
      embedded: { redis: false, postgres: false },
    };
  }

  const runApi = env.ROLE !== "worker";
  const runWorker = env.ROLE !== "api";
  return {
    api: runApi
      ? {
          command: ownEntry("api", { heapMb: env.API_HEAP_MB }),
          own: true,
          health: null,
        }
      : null,
    worker: runWorker
      ? {
          command: ownEntry("worker", { heapMb: env.WORKER_HEAP_MB }),
          own: true,
          health: workerHealth,
        }
      : null,
    healthUrl: runApi && !overrides.noWait ? `http://127.0.0.1:${env.PORT}${healthPath}` : null,
    embedded: {
      redis: env.REDIS_URL === undefined && env.REDIS_HOST === undefined,
      postgres: env.DATABASE_URL === undefined,
    },
  };
}
