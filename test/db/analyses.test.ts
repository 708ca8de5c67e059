import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPool,
  type Db,
  findAnalysis,
  findCachedAnalysis,
  listAnalyses,
  MIGRATIONS,
  runMigrations,
  upsertAnalysis,
} from "../../src/db/index.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/services.ts";
import { startWsProxy, type WsProxy } from "./ws-proxy.ts";

let proxy: WsProxy;
beforeAll(async () => {
  proxy = await startWsProxy();
});
afterAll(async () => {
  await proxy.stop();
});

const drivers = [
  { name: "pg", open: (url: string) => createPool({ url, driver: "pg" }) },
  {
    name: "neon (WebSocket through a local proxy)",
    open: (url: string) =>
      createPool({
        url,
        driver: "neon",
        neon: { wsProxy: proxy.wsProxy, useSecureWebSocket: false, pipelineConnect: false },
      }),
  },
] as const;

describe.each(drivers)("analyses on the $name driver", ({ name, open }) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(`analyses_${name.slice(0, 4)}`);
    db = await open(database.url);
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it("migrations apply once, and concurrent runs wait for each other instead of failing", async () => {
    const second = await open(database.url);
    const results = await Promise.all([runMigrations(db), runMigrations(second)]);
    await second.end();
    expect(results.flat()).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await runMigrations(db)).toEqual([]);
    if (name.startsWith("neon")) expect(proxy.connections()).toBeGreaterThan(0);
  });

  it("a write is idempotent and a late progress update never undoes completion", async () => {
    const base = { id: "job-1", repoUrl: "https://github.com/a/b", ref: null };
    await upsertAnalysis(db, { ...base, status: "queued", createdAt: new Date(1000) });
    await upsertAnalysis(db, { ...base, status: "queued" });
    await upsertAnalysis(db, { ...base, status: "active", attempts: 1, startedAt: new Date() });
    await upsertAnalysis(db, {
      ...base,
      status: "completed",
      commit: "abc123",
      report: { totals: { files: 3 }, languages: [{ name: "TypeScript" }] },
      finishedAt: new Date(),
    });
    const progress = { step: "scan", percentage: 50, currentStep: 2, totalSteps: 4 };
    await upsertAnalysis(db, { ...base, status: "active", progress });

    const row = await findAnalysis(db, "job-1");
    expect(row).toMatchObject({
      status: "completed",
      attempts: 1,
      commit: "abc123",
      report: { totals: { files: 3 }, languages: [{ name: "TypeScript" }] },
      error: null,
    });
    expect(row?.createdAt.getTime()).toBe(1000);
    expect(await findAnalysis(db, "nope")).toBeNull();
  });

  it("history pages newest first with a cursor and filters by repository", async () => {
    for (let i = 0; i < 5; i++) {
      await upsertAnalysis(db, {
        id: `h-${i}`,
        repoUrl: i % 2 === 0 ? "https://github.com/x/even" : "https://github.com/x/odd",
        ref: "main",
        status: "queued",
        // Same millisecond for two rows: the id breaks the tie.
        createdAt: new Date(10_000 + Math.floor(i / 2) * 1000),
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAnalyses(db, { limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      expect(page.items.every((i) => !("report" in i))).toBe(true);
    } while (cursor);
    expect(seen.filter((id) => id.startsWith("h-"))).toEqual(["h-4", "h-3", "h-2", "h-1", "h-0"]);

    const even = await listAnalyses(db, { limit: 10, repoUrl: "https://github.com/x/even" });
    expect(even.items.map((i) => i.id)).toEqual(["h-4", "h-2", "h-0"]);
    expect(even.nextCursor).toBeNull();
  });

  it("the cache finds a fresh original analysis of the repo at that commit, not a stale one", async () => {
    const repoUrl = "https://github.com/c/cache";
    await upsertAnalysis(db, {
      id: "c-old",
      repoUrl,
      ref: null,
      status: "completed",
      commit: "c0ffee",
      report: { old: true },
      finishedAt: new Date(Date.now() - 3_600_000),
    });
    expect(
      await findCachedAnalysis(db, { repoUrl, commit: "c0ffee", maxAgeSeconds: 60 }),
    ).toBeNull();
    await upsertAnalysis(db, {
      id: "c-new",
      repoUrl,
      ref: "main",
      status: "completed",
      commit: "c0ffee",
      report: { fresh: true },
      finishedAt: new Date(),
    });
    const hit = await findCachedAnalysis(db, { repoUrl, commit: "c0ffee", maxAgeSeconds: 60 });
    expect(hit).toMatchObject({ id: "c-new", report: { fresh: true } });
    expect(
      await findCachedAnalysis(db, { repoUrl, commit: "other", maxAgeSeconds: 60 }),
    ).toBeNull();
    expect(
      await findCachedAnalysis(db, { repoUrl, commit: "c0ffee", maxAgeSeconds: 0 }),
    ).toBeNull();
    // A report of another schema version lacks fields: it is not reused.
    const version3 = { repoUrl, commit: "c0ffee", maxAgeSeconds: 60, schemaVersion: 3 };
    expect(await findCachedAnalysis(db, version3)).toBeNull();
    await upsertAnalysis(db, {
      id: "c-v3",
      repoUrl,
      ref: null,
      status: "completed",
      commit: "c0ffee",
      report: { schemaVersion: 3 },
      finishedAt: new Date(),
    });
    expect(await findCachedAnalysis(db, version3)).toMatchObject({ id: "c-v3" });
    // A retried job never finds its own saved report as a cache source.
    expect(
      await findCachedAnalysis(db, {
        repoUrl,
        commit: "c0ffee",
        maxAgeSeconds: 60,
        excludeId: "c-v3",
        schemaVersion: 3,
      }),
    ).toBeNull();
  });
});

describe("reports stored before the size cap", () => {
  const MB = 1024 * 1024;
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase("analyses_big");
    db = await createPool({ url: database.url, driver: "pg" });
    // The schema as it was before report_bytes, and a 2 MB report written then; built inside
    // Postgres so that the test itself never holds it.
    await runMigrations(db, undefined, MIGRATIONS.slice(0, 1));
    await db.query(
      `INSERT INTO analyses (id, repo_url, status, commit_sha, report, finished_at)
       VALUES ('big-old', 'https://github.com/b/big', 'completed', 'b1', $1::jsonb, now())`,
      [JSON.stringify({ placeholder: true })],
    );
    await db.query(
      `UPDATE analyses SET report = jsonb_build_object('blob', repeat('x', $1::integer))
       WHERE id = 'big-old'`,
      [2 * MB],
    );
    await runMigrations(db);
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it("the migration measures every stored report", async () => {
    const { rows } = await db.query<{ report_bytes: number }>(
      "SELECT report_bytes FROM analyses WHERE id = 'big-old'",
    );
    expect(rows[0]?.report_bytes).toBeGreaterThan(2 * MB);
  });

  it("a report over the limit is left in Postgres: the row says its size instead", async () => {
    const row = await findAnalysis(db, "big-old", { maxReportBytes: MB });
    expect(row).toMatchObject({ status: "completed", report: null });
    expect(row?.reportBytes).toBeGreaterThan(2 * MB);
    const roomy = await findAnalysis(db, "big-old", { maxReportBytes: 4 * MB });
    expect((roomy?.report as { blob?: string } | undefined)?.blob).toHaveLength(2 * MB);
  });

  it("a row an older version wrote without its size is measured by Postgres, not read", async () => {
    await db.query(
      `INSERT INTO analyses (id, repo_url, status, report)
       VALUES ('big-unmeasured', 'https://github.com/b/big', 'completed',
               jsonb_build_object('blob', repeat('y', $1::integer)))`,
      [2 * MB],
    );
    const row = await findAnalysis(db, "big-unmeasured", { maxReportBytes: MB });
    expect(row?.report).toBeNull();
    expect(row?.reportBytes).toBeGreaterThan(2 * MB);
  });

  it("every write records the size of the report it stores", async () => {
    const report = { totals: { files: 1 }, note: "é" };
    await upsertAnalysis(db, {
      id: "small",
      repoUrl: "https://github.com/b/small",
      ref: null,
      status: "completed",
      report,
    });
    const row = await findAnalysis(db, "small", { maxReportBytes: MB });
    expect(row?.report).toEqual(report);
    expect(row?.reportBytes).toBe(Buffer.byteLength(JSON.stringify(report)));
  });

  it("the cache does not reuse a report over the limit", async () => {
    const key = { repoUrl: "https://github.com/b/big", commit: "b1", maxAgeSeconds: 60 };
    expect(await findCachedAnalysis(db, { ...key, maxReportBytes: MB })).toBeNull();
    expect((await findCachedAnalysis(db, key))?.id).toBe("big-old");
  });
});
