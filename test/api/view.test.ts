import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalysisService } from "../../src/api/analyses.ts";
import { createFinishedViews } from "../../src/api/finished-views.ts";
import type { Jobs, LiveJob } from "../../src/api/jobs.ts";
import { upsertAnalysis } from "../../src/db/index.ts";
import type { TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, startApi } from "./harness.ts";

let database: TestDatabase;
let h: Harness;
beforeAll(async () => {
  database = await migratedDatabase("api_view");
  h = await startApi(database);
});
afterAll(async () => {
  await h.close();
  await database.drop();
});

describe("reading an analysis", () => {
  it("a job that finishes between the Postgres and the Redis read is shown with its report", async () => {
    const id = randomUUID();
    const repoUrl = "https://github.com/view/race";
    const report = { totals: { files: 3 } };
    await upsertAnalysis(h.db, { id, repoUrl, ref: null, status: "active", startedAt: new Date() });
    const now = Date.now();
    const finished: LiveJob = {
      id,
      data: { repoUrl, ref: null, force: false, requestedAt: now },
      status: "completed",
      progress: null,
      attempts: 1,
      failedReason: undefined,
      commit: "abc",
      cached: false,
      createdAt: now,
      startedAt: now,
      finishedAt: now,
    };
    // Redis is read after the row said "active"; the worker finishes in between, in its order:
    // the final row first, then BullMQ's completion.
    const jobs: Jobs = {
      ...h.jobs,
      async get() {
        await upsertAnalysis(h.db, {
          id,
          repoUrl,
          ref: null,
          status: "completed",
          commit: "abc",
          report,
          finishedAt: new Date(),
        });
        return finished;
      },
    };
    const service = createAnalysisService({
      jobs,
      db: h.db,
      config: h.env,
      finished: createFinishedViews({ maxBytes: 0 }),
    });
    expect(await service.view(id)).toMatchObject({
      status: "completed",
      commit: "abc",
      result: report,
    });
  });
});

describe("a report stored before the size cap", () => {
  it("is answered as too large, on GET and in the event stream, without being sent", async () => {
    const id = randomUUID();
    // 2 MB, over the default MAX_REPORT_KB of 1024, built inside Postgres as an old version
    // of the worker would have stored it.
    await h.db.query(
      `INSERT INTO analyses (id, repo_url, status, commit_sha, report, finished_at)
       VALUES ($1, 'https://github.com/view/big', 'completed', 'abc',
               jsonb_build_object('blob', repeat('x', 2 * 1024 * 1024)), now())`,
      [id],
    );
    const response = await fetch(`${h.url}/api/analyses/${id}`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text.length).toBeLessThan(4096);
    const view = JSON.parse(text);
    expect(view).toMatchObject({ status: "completed", error: { code: "REPORT_TOO_LARGE" } });
    expect(view.result).toBeUndefined();

    const stream = await fetch(`${h.url}/api/analyses/${id}/events`, {
      signal: AbortSignal.timeout(10_000),
    });
    const events = await stream.text();
    expect(events).toContain("REPORT_TOO_LARGE");
    expect(events.length).toBeLessThan(8192);
  });
});
