import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/services.ts";
import {
  followEvents,
  type Harness,
  migratedDatabase,
  post,
  type SseEvent,
  startApi,
  startTestWorker,
  type TestWorker,
} from "./harness.ts";

let database: TestDatabase;
let h: Harness;
let worker: TestWorker;

beforeAll(async () => {
  database = await migratedDatabase("api_resume");
  h = await startApi(database, { env: { RATE_LIMIT_PER_MIN: "0" } });
  worker = await startTestWorker(h, { hold: true });
});
afterAll(async () => {
  await worker.close();
  await h.close();
  await database.drop();
});

/** Reports progress for a running job as its worker would (BullMQ's own progress event). */
async function progress(id: string, percentage: number): Promise<void> {
  const job = await h.queue.getJob(id);
  await job?.updateProgress({
    step: `at-${percentage}`,
    percentage,
    currentStep: 1,
    totalSteps: 2,
  });
}

const steps = (events: SseEvent[]) =>
  events.filter((e) => e.event === "progress").map((e) => e.data.progress.step);

describe("an event stream cut mid-job", () => {
  it("resumes with Last-Event-ID: every event after the last one received, none twice", async () => {
    const { id } = (await (await post(h, { repoUrl: "https://github.com/resume/cut" })).json()) as {
      id: string;
    };
    await worker.started(id);
    const url = `${h.url}/api/analyses/${id}/events`;

    const first = followEvents(url);
    await first.waitFor("snapshot");
    await progress(id, 10);
    await progress(id, 20);
    await expect.poll(() => steps(first.events), { timeout: 5000 }).toEqual(["at-10", "at-20"]);
    first.close();
    await first.ended;
    const last = first.events.at(-1)?.id as string;
    expect(last).toMatch(/^\d+-\d+$/);

    // While nobody listens.
    await progress(id, 30);
    await progress(id, 40);

    const second = followEvents(url, { "last-event-id": last });
    await expect.poll(() => steps(second.events), { timeout: 5000 }).toEqual(["at-30", "at-40"]);
    await progress(id, 50);
    worker.release(id);
    await second.ended;

    expect(second.events.some((e) => e.event === "snapshot")).toBe(false);
    expect(steps(second.events).slice(0, 3)).toEqual(["at-30", "at-40", "at-50"]);
    expect(second.events.at(-1)?.event).toBe("completed");
    const ids = [...first.events, ...second.events].flatMap((e) => (e.id ? [e.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    const numeric = ids.map((i) => i.split("-").map(Number) as [number, number]);
    for (let i = 1; i < numeric.length; i++) {
      const [a, b] = [numeric[i - 1] as [number, number], numeric[i] as [number, number]];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])).toBe(true);
    }
  });

  it("resumed after the analysis ended, it gets the end rather than a new beginning", async () => {
    const { id } = (await (
      await post(h, { repoUrl: "https://github.com/resume/late" })
    ).json()) as {
      id: string;
    };
    await worker.started(id);
    const url = `${h.url}/api/analyses/${id}/events`;
    const first = followEvents(url);
    await first.waitFor("snapshot");
    await progress(id, 10);
    await first.waitFor("progress");
    first.close();
    worker.release(id);
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${h.url}/api/analyses/${id}`)).json()) as { status: string })
            .status,
      )
      .toBe("completed");
    const again = followEvents(url, { "last-event-id": first.events.at(-1)?.id as string });
    await again.ended;
    expect(again.events.map((e) => e.event)).toEqual(["completed"]);
  });

  it("a Last-Event-ID the API never gave out is ignored: a snapshot as on a first visit", async () => {
    const { id } = (await (
      await post(h, { repoUrl: "https://github.com/resume/bogus" })
    ).json()) as {
      id: string;
    };
    const stream = followEvents(`${h.url}/api/analyses/${id}/events`, {
      "last-event-id": "x".repeat(10_000),
    });
    await stream.waitFor("snapshot");
    stream.close();
    worker.release(id);
  });
});
