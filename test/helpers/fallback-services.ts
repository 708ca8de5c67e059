import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { embeddedPostgres } from "../../src/supervisor/embedded/postgres.ts";
import { embeddedRedis } from "../../src/supervisor/embedded/redis.ts";
import { type EmbeddedServiceSpec, runStandalone } from "../../src/supervisor/embedded/service.ts";
import { signalProcess } from "../../src/supervisor/process-group.ts";

export interface FallbackService {
  url: string;
  stop(): Promise<void>;
}

/**
 * For a machine without a Redis or Postgres of its own: the same development stand-ins that
 * `npm start` uses, started once for the whole test run.
 */
async function run(spec: EmbeddedServiceSpec): Promise<FallbackService> {
  const child = await runStandalone(spec);
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
