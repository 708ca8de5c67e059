import type { Logger } from "../log/index.ts";
import { runMigrations, schemaIsCurrent } from "./migrations.ts";
import type { Db } from "./pool.ts";

/**
 * Brings the schema up to date before a process uses it, or ends the process with one log line
 * saying why (MIGRATION_FAILED, exit 1). The worker runs it before it takes a job and the API
 * before its first request (`src/api/service.ts`), so a ROLE=api or ROLE=worker container
 * migrates on its own too; a current schema costs one query. Once a child has found it current,
 * the supervisor says so to every later start (REPOLENS_SCHEMA_CURRENT), which skips this: a
 * process restarted while Postgres is away must come up and wait for it, not crash-loop here.
 * Migrations used to be a child of their own that the supervisor ran first: on Render's 0.1
 * CPU, starting that Node process took about 2 s of every start (issue #20).
 */
export async function migrateOrExit(db: Db, log: Logger): Promise<void> {
  const started = Date.now();
  try {
    if (await schemaIsCurrent(db)) {
      log.info({ ms: Date.now() - started }, "schema is up to date");
      return;
    }
    const applied = await runMigrations(db, log);
    log.info(
      { applied, driver: db.driver, ms: Date.now() - started },
      applied.length > 0 ? `applied ${applied.length} migration(s)` : "schema is up to date",
    );
  } catch (error) {
    log.fatal({ err: error, code: "MIGRATION_FAILED" }, `migration failed: ${String(error)}`);
    await db.end().catch(() => undefined);
    process.exit(1);
  }
}
