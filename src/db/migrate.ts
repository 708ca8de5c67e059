import { configOrExit } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { processLogger } from "../log/index.ts";
import { runMigrations } from "./migrations.ts";
import { createPool } from "./pool.ts";

/**
 * One-shot entry the supervisor runs before the API starts (`node src/db/migrate.ts`, in
 * production `node dist/db/migrate.js`): applies pending migrations, exits 0, or exits 1 with
 * one log line saying why. Safe to run from several containers at once.
 */

const log = processLogger("migrate");
const env = configOrExit(loadConfig, log);

if (!env.DATABASE_URL) {
  log.fatal({ code: "DATABASE_URL_MISSING" }, "DATABASE_URL is not set; nothing to migrate");
  process.exit(1);
}

const db = createPool({ url: env.DATABASE_URL, driver: env.DB_DRIVER, max: 1, log });
try {
  const started = Date.now();
  const applied = await runMigrations(db, log);
  log.info(
    { applied, driver: db.driver, ms: Date.now() - started },
    applied.length > 0 ? `applied ${applied.length} migration(s)` : "schema is up to date",
  );
  await db.end();
  process.exit(0);
} catch (error) {
  log.fatal({ err: error, code: "MIGRATION_FAILED" }, `migration failed: ${String(error)}`);
  await db.end().catch(() => undefined);
  process.exit(1);
}
