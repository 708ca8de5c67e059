import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("the migrate entry the supervisor runs before the API", () => {
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
    expect(first.stdout).toMatch(/applied \d+ migration/);
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
});
