import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, MIGRATIONS, runMigrations } from "../../src/db/index.ts";
import { schemaIsCurrent } from "../../src/db/migrations.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/services.ts";

const run = promisify(execFile);

function migrate(databaseUrl: string) {
  return run(process.execPath, ["src/db/migrate.ts"], {
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, LOG_LEVEL: "info" },
    timeout: 20_000,
  }).then(
    (ok) => ({ code: 0, stdout: ok.stdout }),
    (error: { code?: number; stdout?: string }) => ({
      code: error.code,
      stdout: error.stdout ?? "",
    }),
  );
}

describe("npm run migrate, the same step the API and the worker take at start", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("migrate_entry");
  });
  afterAll(async () => {
    await database.drop();
  });

  it("creates the schema, exits 0, and exits 0 again when run a second time", async () => {
    const first = await migrate(database.url);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`applied ${MIGRATIONS.length} migration`);
    const second = await migrate(database.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("schema is up to date");

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS n FROM analyses");
    await client.end();
    expect(rows[0].n).toBe(0);
  });

  it("exits non-zero with a clear line when Postgres cannot be reached", async () => {
    const result = await migrate("postgres://postgres@127.0.0.1:1/none");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("MIGRATION_FAILED");
  });

  it("checks the schema in one read: false on a new database, true once migrated, false when a migration is added", async () => {
    const fresh = await createTestDatabase("schema_current");
    const db = await createPool({ url: fresh.url, max: 1 });
    try {
      expect(await schemaIsCurrent(db)).toBe(false);
      await runMigrations(db);
      expect(await schemaIsCurrent(db)).toBe(true);
      const next = { id: 1000, name: "next release", sql: "SELECT 1" };
      expect(await schemaIsCurrent(db, [...MIGRATIONS, next])).toBe(false);
    } finally {
      await db.end();
      await fresh.drop();
    }
  });
});
