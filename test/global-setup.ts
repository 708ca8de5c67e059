import type { TestProject } from "vitest/node";
import { logFacts } from "./helpers/facts.ts";
import { startFallbackPostgres, startFallbackRedis } from "./helpers/fallback-services.ts";
import { canConnect } from "./helpers/services.ts";

/**
 * Runs once before all suites: prints the runtime, then finds the Redis and Postgres the suites
 * share. The machine's own services on their standard ports are used when they answer (or the
 * URLs in TEST_REDIS_URL / TEST_DATABASE_URL); otherwise throwaway ones are started here.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  logFacts();
  const stops: Array<() => Promise<void>> = [];

  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    if (await canConnect("127.0.0.1", 6379)) redisUrl = "redis://127.0.0.1:6379";
    else {
      const redis = await startFallbackRedis();
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
  }

  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    if (await canConnect("127.0.0.1", 5432))
      databaseUrl = "postgres://postgres@127.0.0.1:5432/test";
    else {
      const postgres = await startFallbackPostgres();
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
    }
  }

  process.stdout.write(`[repolens tests] redis ${redisUrl}; postgres ${databaseUrl}\n`);
  project.provide("redisUrl", redisUrl);
  project.provide("databaseUrl", databaseUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
