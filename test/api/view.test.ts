import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalysisService } from "../../src/api/analyses.ts";
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
    const service = createAnalysisService({ jobs, db: h.db, config: h.env });
    expect(await service.view(id)).toMatchObject({
      status: "completed",
      commit: "abc",
      result: report,
    });
  });
});
