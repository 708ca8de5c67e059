import { afterAll, describe, expect, it } from "vitest";
import { type ChaosResult, runChaos, summaryLine } from "../../scripts/lib/chaos.ts";
import { cleanup, scratchDir } from "../../scripts/lib/cleanup.ts";
import { startOwnRedis } from "../../scripts/lib/redis-server.ts";
import { createTestDatabase } from "../helpers/services.ts";

/**
 * The small chaos run of `npm run chaos`: jobs submitted while the worker is SIGKILLed three
 * times and Redis (this suite's own, durable like Upstash) is SIGKILLed and restarted once.
 */

afterAll(cleanup);

describe("chaos", () => {
  it("no accepted job is lost, duplicated or stuck across worker kills and a Redis restart", async () => {
    const dir = scratchDir("chaos-test");
    const redis = await startOwnRedis({ durableDir: scratchDir("chaos-test-redis") });
    const database = await createTestDatabase("chaos");
    let result: ChaosResult | undefined;
    try {
      result = await runChaos({
        jobs: 15,
        bad: 2,
        workerKills: 3,
        redisRestarts: 1,
        postgresStops: 0,
        postgresDownMs: 0,
        redis,
        databaseUrl: database.url,
        dir,
        settleTimeoutMs: 40_000,
        seed: 6,
      });
      await result.service.stop();
    } finally {
      result?.service.observed.cleanup();
      await database.drop();
    }
    const summary = summaryLine(result);
    expect(
      { lost: result.lost, duplicated: result.duplicated, stuck: result.stuck },
      summary,
    ).toEqual({
      lost: [],
      duplicated: [],
      stuck: [],
    });
    expect(result.failedGood, summary).toEqual([]);
    expect(result.badNotFailed, summary).toEqual([]);
    expect(result.jobs, summary).toBe(15);
    expect(result.completed + result.failed, summary).toBe(15);
    expect(result.supervisorUp, summary).toBe(true);
  }, 240_000);
});
