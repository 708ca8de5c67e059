import { configOrExit } from "../config/exit.ts";
import { loadConfig } from "../config/index.ts";
import { processLogger } from "../log/index.ts";
import { createPool } from "./pool.ts";
import { migrateOrExit } from "./schema.ts";

/**
 * Migrations without starting the service (`npm run migrate`, in the image
 * `node dist/db/migrate.js`), for a release step that wants the schema ready before any
 * container starts; the API and the worker also migrate at start (src/db/schema.ts). Applies
 * pending migrations, exits 0, or exits 1 with one log line saying why. Safe to run from
 * several containers at once.
 */

const log = processLogger("migrate");
const env = configOrExit(loadConfig, log);

if (!env.DATABASE_URL) {
  log.fatal({ code: "DATABASE_URL_MISSING" }, "DATABASE_URL is not set; nothing to migrate");
  process.exit(1);
}

const db = await createPool({ url: env.DATABASE_URL, driver: env.DB_DRIVER, max: 1, log });
await migrateOrExit(db, log);
await db.end();
process.exit(0);
