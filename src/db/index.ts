/**
 * Postgres: one Pool interface over `pg` and Neon's driver, migrations, the analyses table.
 */
export {
  type AnalysisRecord,
  type AnalysisSummary,
  type AnalysisWrite,
  deleteAnalysis,
  findAnalysis,
  findCachedAnalysis,
  type HistoryPage,
  type HistoryQuery,
  listAnalyses,
  upsertAnalysis,
} from "./analyses.ts";
export { findCancelTokenHash, saveCancelTokenHash } from "./cancel-tokens.ts";
export { MIGRATIONS, type Migration, runMigrations } from "./migrations.ts";
export {
  chooseDriver,
  createPool,
  type Db,
  type Driver,
  type NeonOptions,
  type PoolClient,
  type PoolSettings,
  type Queryable,
  transaction,
} from "./pool.ts";
export { storableJson, storableText, unstorableReason } from "./storable.ts";
