import type { Logger } from "../log/index.ts";
import { type Db, transaction } from "./pool.ts";

/**
 * The schema, as an append-only list: a migration, once released, never changes (its id is
 * recorded as applied). Kept in TypeScript rather than .sql files so the build needs no copy step.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: "analyses",
    sql: `
      CREATE TABLE analyses (
        id            text PRIMARY KEY,
        repo_url      text NOT NULL,
        ref           text,
        commit_sha    text,
        status        text NOT NULL
                      CHECK (status IN ('queued', 'active', 'completed', 'failed', 'cancelled')),
        progress      jsonb,
        attempts      integer NOT NULL DEFAULT 0,
        force         boolean NOT NULL DEFAULT false,
        cached_from   text,
        error_code    text,
        error_message text,
        report        jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz,
        finished_at   timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now()
      );
      -- History, newest first, with (created_at, id) as the pagination cursor.
      CREATE INDEX analyses_history ON analyses (created_at DESC, id DESC);
      CREATE INDEX analyses_repo_history ON analyses (repo_url, created_at DESC, id DESC);
      -- The repo-at-commit cache: only original (not themselves cached) completed analyses.
      CREATE INDEX analyses_cache ON analyses (repo_url, commit_sha, finished_at DESC)
        WHERE status = 'completed' AND cached_from IS NULL;
    `,
  },
  {
    id: 2,
    name: "cancel token hash",
    sql: `
      -- SHA-256 of the token returned to whoever submitted the analysis; cancelling needs the
      -- token. NULL for analyses accepted before tokens existed: nobody can cancel those.
      ALTER TABLE analyses ADD COLUMN cancel_token_hash bytea;
    `,
  },
  {
    // The size of each stored report, so that a read can leave out a report too large to
    // send without loading it: reports stored before MAX_REPORT_KB existed reach 54 MB, and one
    // of them read whole OOM-killed the API. Measured as JSON text, as the API would send it.
    id: 3,
    name: "report_bytes",
    sql: `
      ALTER TABLE analyses ADD COLUMN report_bytes integer;
      UPDATE analyses SET report_bytes = octet_length(report::text) WHERE report IS NOT NULL;
    `,
  },
];

// Any bigint shared by all RepoLens processes: "RepoLen" in ASCII, to be recognisable in
// pg_locks. A string, because it does not fit a JS number exactly.
const MIGRATION_LOCK = "23192481668293998"; // 0x5265706f4c656e

/**
 * Applies the migrations not yet applied, in one transaction under a transaction-scoped advisory
 * lock: two containers starting at once run them one after the other, the second finds nothing
 * to do. Transaction-scoped (not session) so it also holds behind a transaction-mode pooler such
 * as Neon's. Returns the ids it applied.
 *
 * @example
 * const applied = await runMigrations(db, log); // [] when the schema is current
 */
export async function runMigrations(
  db: Db,
  log?: Logger,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return transaction(db, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [MIGRATION_LOCK]);
    await tx.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        id         integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await tx.query<{ id: number }>("SELECT id FROM schema_migrations");
    const done = new Set(rows.map((r) => r.id));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      log?.info({ migration: migration.id, name: migration.name }, "applying migration");
      await tx.query(migration.sql);
      await tx.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [
        migration.id,
        migration.name,
      ]);
      applied.push(migration.id);
    }
    return applied;
  });
}

/** SQLSTATE undefined_table: a database no RepoLens has ever migrated. */
const UNDEFINED_TABLE = "42P01";

/**
 * Whether every migration is applied, in one read without the lock: what every start but the
 * first after a release finds, and all it then pays.
 */
export async function schemaIsCurrent(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<boolean> {
  try {
    const { rows } = await db.query<{ applied: number }>(
      "SELECT count(*)::int AS applied FROM schema_migrations WHERE id = ANY($1::int[])",
      [migrations.map((m) => m.id)],
    );
    return rows[0]?.applied === migrations.length;
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return false;
    throw error;
  }
}
