import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { embeddedPostgres } from "../../src/supervisor/embedded/postgres.ts";
import { embeddedRedis } from "../../src/supervisor/embedded/redis.ts";
import type { EmbeddedServiceSpec } from "../../src/supervisor/embedded/service.ts";
import { signalGroup, signalProcess, spawnInGroup } from "../../src/supervisor/process-group.ts";

export interface FallbackService {
  url: string;
  stop(): Promise<void>;
}

/**
 * For a machine without a Redis or Postgres of its own: the same development stand-ins that
 * `npm start` uses, started once for the whole test run.
 */
async function run(spec: EmbeddedServiceSpec): Promise<FallbackService> {
  const child = spawnInGroup({
    command: spec.command,
    env: process.env,
    uid: spec.uid,
    gid: spec.gid,
  });
  child.stdout?.resume();
  child.stderr?.resume();
  if (!(await spec.ready(30_000))) {
    signalGroup(child.pid, "SIGKILL");
    throw new Error(`the test run's fallback ${spec.name} did not start`);
  }
  return {
    url: spec.url,
    async stop() {
      signalProcess(child.pid, spec.stopSignal ?? "SIGTERM");
      await child.exited;
    },
  };
}

export async function startFallbackRedis(): Promise<FallbackService> {
  return run(await embeddedRedis(process.env.REDIS_SERVER_BIN ?? "redis-server"));
}

export async function startFallbackPostgres(): Promise<FallbackService> {
  const dataDir = path.join(os.tmpdir(), "repolens-test-postgres");
  return run(await embeddedPostgres(dataDir, pino({ level: "warn" })));
}
