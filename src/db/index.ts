/**
 * Postgres: one Pool interface over `pg` and Neon's driver, migrations, the analyses table.
 */
export {
  type AnalysisRecord,
  deleteAnalysis,
  findAnalysis,
  findCachedAnalysis,
  listAnalyses,
  upsertAnalysis,
} from "./analyses.ts";
export { findCancelTokenHash, saveCancelTokenHash } from "./cancel-tokens.ts";
export { MIGRATIONS, runMigrations } from "./migrations.ts";
export {
  createPool,
  type Db,
} from "./pool.ts";
export { storableJson, storableText, unstorableReason } from "./storable.ts";
