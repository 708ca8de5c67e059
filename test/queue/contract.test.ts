import { randomUUID } from "node:crypto";
import { UnrecoverableError, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.ts";
import {
  type AnalysisJobData,
  CANCELLED,
  createQueue,
  createRedis,
  failureMessage,
  firstReady,
  isCancelRequested,
  JOB_NAME,
  onCancelRequest,
  parseFailure,
  QUEUE_NAME,
  redisOptions,
  requestCancel,
  statusOfJobState,
  workerOptions,
} from "../../src/queue/index.ts";
import { redisUrl, uniquePrefix } from "../helpers/services.ts";

const env = loadConfig({ REDIS_URL: redisUrl(), RETRY_BACKOFF_MS: "10" });
const prefix = uniquePrefix("queue");
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

function job(): AnalysisJobData {
  return { repoUrl: "https://github.com/a/b", ref: null, force: false, requestedAt: Date.now() };
}

describe("queue contract", () => {
  it("reads rediss:// URLs as TLS with credentials, and host/port/password as a fallback", () => {
    const tls = redisOptions(
      { REDIS_URL: "rediss://default:s%40cret@eu1.upstash.io:6380/2" },
      "command",
    );
    expect(tls).toMatchObject({
      host: "eu1.upstash.io",
      port: 6380,
      username: "default",
      password: "s@cret",
      db: 2,
      tls: { servername: "eu1.upstash.io" },
      enableOfflineQueue: false,
      family: 0,
    });
    const plain = redisOptions(
      { REDIS_HOST: "cache", REDIS_PORT: 7000, REDIS_PASSWORD: "pw" },
      "blocking",
    );
    expect(plain).toMatchObject({ host: "cache", port: 7000, password: "pw" });
    expect(plain.tls).toBeUndefined();
    expect(plain.maxRetriesPerRequest).toBeNull();
  });

  it("a failure code survives BullMQ's failedReason and a cancelled job reads as cancelled", () => {
    expect(parseFailure(failureMessage("CLONE_FAILED", "repository not found"))).toEqual({
      code: "CLONE_FAILED",
      message: "repository not found",
    });
    expect(parseFailure("TypeError: x is undefined").code).toBe("ANALYSIS_FAILED");
    expect(statusOfJobState("failed", failureMessage(CANCELLED, "by request"))).toBe("cancelled");
    expect(statusOfJobState("delayed")).toBe("queued");
  });

  it("waits for a new connection's first ready, and gives up on a Redis that is away", async () => {
    const live = createRedis(env, "command");
    closers.push(async () => live.quit());
    // A command while it still connects fails at once (enableOfflineQueue off): hence the wait.
    expect(live.status).not.toBe("ready");
    expect(await firstReady(live, 10_000)).toBe(true);
    expect(await firstReady(live, 10_000)).toBe(true);
    const away = createRedis(loadConfig({ REDIS_URL: "redis://127.0.0.1:1" }), "command");
    away.on("error", () => undefined);
    closers.push(async () => away.disconnect());
    expect(await firstReady(away, 300)).toBe(false);
  });

  it("a cancel request reaches the worker running the job, which ends it as cancelled", async () => {
    const producer = createRedis(env, "command");
    closers.push(async () => producer.quit());
    const queue = createQueue(producer, { prefix, env });
    closers.push(() => queue.close());
    const connection = createRedis(env, "blocking");
    const subscriber = createRedis(env, "blocking");
    closers.push(
      async () => connection.quit(),
      async () => subscriber.quit(),
    );

    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const worker = new Worker<AnalysisJobData>(
      QUEUE_NAME,
      async (j, _token, signal) => {
        if (j.id && (await isCancelRequested(producer, prefix, j.id)))
          throw new UnrecoverableError(failureMessage(CANCELLED, "cancelled before start"));
        started();
        await new Promise((_resolve, reject) =>
          signal?.addEventListener("abort", () =>
            reject(new UnrecoverableError(failureMessage(CANCELLED, "cancelled by request"))),
          ),
        );
      },
      { connection, prefix, ...workerOptions(env), drainDelay: 1 },
    );
    closers.push(() => worker.close());
    const stop = await onCancelRequest(subscriber, prefix, (id) => {
      worker.cancelJob(id, "cancelled by request");
    });
    closers.push(stop);

    const id = randomUUID();
    await queue.add(JOB_NAME, job(), { jobId: id });
    await running;
    await requestCancel(producer, prefix, id);

    await expect.poll(() => queue.getJobState(id), { timeout: 5000 }).toBe("failed");
    const finished = await queue.getJob(id);
    expect(statusOfJobState("failed", finished?.failedReason)).toBe("cancelled");
    expect(finished?.attemptsMade).toBe(1);
  });
});
