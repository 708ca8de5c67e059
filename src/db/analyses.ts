import {
  type AnalysisProgress,
  type AnalysisStatus,
  type Failure,
  TERMINAL_STATUSES,
} from "../queue/index.ts";
import type { Queryable } from "./pool.ts";
import { storableJson } from "./storable.ts";

/**
 * The analyses table: history that outlives Redis's 24 h retention, and the repo-at-commit
 * cache. The API writes a row when it accepts a job; the worker writes every later state.
 * `report` is stored as the worker gives it (the typed report of `src/analysis`), less what
 * Postgres cannot store (`storable.ts`); this layer treats it as opaque JSON.
 */

export interface AnalysisRecord {
  id: string;
  repoUrl: string;
  ref: string | null;
  commit: string | null;
  status: AnalysisStatus;
  progress: AnalysisProgress | null;
  attempts: number;
  force: boolean;
  /** Id of the analysis whose report was reused; null when this one ran the pipeline. */
  cachedFrom: string | null;
  error: Failure | null;
  /** The stored report; null when there is none or when it was left unread (see `reportBytes`). */
  report: unknown;
  /** Size of the stored report as JSON text, in bytes; null when there is none. */
  reportBytes: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** A history row: everything but the report, which can be large. */
type AnalysisSummary = Omit<AnalysisRecord, "report" | "reportBytes">;

/**
 * A state to record. Fields left out keep their stored value; `id`, `repoUrl`, `ref` and
 * `status` are always given so that the first write of any party creates the row.
 */
export interface AnalysisWrite {
  id: string;
  repoUrl: string;
  ref: string | null;
  status: AnalysisStatus;
  force?: boolean;
  progress?: AnalysisProgress;
  attempts?: number;
  commit?: string;
  cachedFrom?: string;
  /** Set with failed/cancelled; cleared by any other status. */
  error?: Failure;
  report?: unknown;
  createdAt?: Date;
  startedAt?: Date;
  finishedAt?: Date;
}

interface Row {
  id: string;
  repo_url: string;
  ref: string | null;
  commit_sha: string | null;
  status: AnalysisStatus;
  progress: AnalysisProgress | null;
  attempts: number;
  force: boolean;
  cached_from: string | null;
  error_code: string | null;
  error_message: string | null;
  report?: unknown;
  report_bytes?: number | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

const SUMMARY_COLUMNS = `id, repo_url, ref, commit_sha, status, progress, attempts, force,
  cached_from, error_code, error_message, created_at, started_at, finished_at, updated_at`;

function toRecord(row: Row): AnalysisRecord {
  return {
    id: row.id,
    repoUrl: row.repo_url,
    ref: row.ref,
    commit: row.commit_sha,
    status: row.status,
    progress: row.progress,
    attempts: row.attempts,
    force: row.force,
    cachedFrom: row.cached_from,
    error:
      row.error_code !== null ? { code: row.error_code, message: row.error_message ?? "" } : null,
    report: row.report ?? null,
    reportBytes: row.report_bytes ?? null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}

function toSummary(row: Row): AnalysisSummary {
  const { report: _report, reportBytes: _bytes, ...summary } = toRecord(row);
  return summary;
}

// The report only when it is at most $2 bytes ($2 null: any size). report_bytes is written
// with every report; a row without it (written by a version before the column) is measured by
// Postgres, which costs the database a read but never sends the report.
const BOUNDED_REPORT = `COALESCE(report_bytes, octet_length(report::text)) AS report_bytes,
  CASE WHEN $2::integer IS NULL OR COALESCE(report_bytes, octet_length(report::text)) <= $2
    THEN report END AS report`;

// Cleaned of what Postgres refuses (NUL, lone surrogates): a report quotes the repository's text.
const json = (value: unknown) => (value === undefined ? null : storableJson(value));
const TERMINAL = TERMINAL_STATUSES.map((s) => `'${s}'`).join(", ");

/**
 * Records a state of an analysis, idempotently by id: the same write twice changes nothing, a
 * late non-final write (a progress update racing the completion) never overwrites a final state.
 *
 * @example
 * // worker, when a job starts:
 * await upsertAnalysis(db, { id: job.id, repoUrl, ref, status: "active",
 *   attempts: job.attemptsMade + 1, startedAt: new Date() });
 * // worker, at the end:
 * await upsertAnalysis(db, { id: job.id, repoUrl, ref, status: "completed", commit, report,
 *   finishedAt: new Date() });
 */
export async function upsertAnalysis(db: Queryable, write: AnalysisWrite): Promise<void> {
  const report = json(write.report);
  await db.query(
    `INSERT INTO analyses (id, repo_url, ref, status, force, progress, attempts, commit_sha,
       cached_from, error_code, error_message, report, report_bytes, created_at, started_at,
       finished_at)
     VALUES ($1, $2, $3, $4, COALESCE($5, false), $6::jsonb, COALESCE($7, 0), $8, $9, $10, $11,
       $12::jsonb, $16, COALESCE($13, now()), $14, $15)
     ON CONFLICT (id) DO UPDATE SET
       status        = EXCLUDED.status,
       progress      = COALESCE($6::jsonb, analyses.progress),
       attempts      = GREATEST(EXCLUDED.attempts, analyses.attempts),
       commit_sha    = COALESCE(EXCLUDED.commit_sha, analyses.commit_sha),
       cached_from   = COALESCE(EXCLUDED.cached_from, analyses.cached_from),
       error_code    = EXCLUDED.error_code,
       error_message = EXCLUDED.error_message,
       report        = COALESCE($12::jsonb, analyses.report),
       report_bytes  = CASE WHEN $12::jsonb IS NULL THEN analyses.report_bytes ELSE $16 END,
       started_at    = COALESCE(EXCLUDED.started_at, analyses.started_at),
       finished_at   = COALESCE(EXCLUDED.finished_at, analyses.finished_at),
       updated_at    = now()
     WHERE analyses.status NOT IN (${TERMINAL}) OR EXCLUDED.status IN (${TERMINAL})`,
    [
      write.id,
      write.repoUrl,
      write.ref,
      write.status,
      write.force ?? null,
      json(write.progress),
      write.attempts ?? null,
      write.commit ?? null,
      write.cachedFrom ?? null,
      write.error?.code ?? null,
      write.error?.message ?? null,
      report,
      write.createdAt ?? null,
      write.startedAt ?? null,
      write.finishedAt ?? null,
      report === null ? null : Buffer.byteLength(report),
    ],
  );
}

/**
 * One analysis with its report, or null. A report over `maxReportBytes` stays in the database:
 * `report` is null and `reportBytes` says why, so the caller can say it is too large instead
 * of holding (and sending) it whole. Without `limits` the report is read whatever its size:
 * for tests and tools, never for a server.
 *
 * @example
 * const row = await findAnalysis(db, id, { maxReportBytes: env.MAX_REPORT_KB * 1024 });
 * if (row?.report === null && row.reportBytes !== null) // stored, but too large to serve
 */
export async function findAnalysis(
  db: Queryable,
  id: string,
  limits?: { maxReportBytes: number },
): Promise<AnalysisRecord | null> {
  const { rows } = await db.query<Row>(
    `SELECT ${SUMMARY_COLUMNS}, ${BOUNDED_REPORT} FROM analyses WHERE id = $1`,
    [id, limits?.maxReportBytes ?? null],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Removes a row; only for undoing an acceptance that did not happen after all. */
export async function deleteAnalysis(db: Queryable, id: string): Promise<void> {
  await db.query("DELETE FROM analyses WHERE id = $1", [id]);
}

export interface HistoryQuery {
  /** 1-100. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Only this repository (normal form of `checkRepoUrl`). */
  repoUrl?: string;
}

export interface HistoryPage {
  items: AnalysisSummary[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

// The cursor is the last row's id, opaque to clients. Its (created_at, id) is looked up in the
// query rather than carried in the cursor, because timestamptz has microseconds and JS Dates
// only milliseconds.
const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

/**
 * History, newest first, keyset-paginated (stable while rows are added).
 *
 * @example
 * const first = await listAnalyses(db, { limit: 20 });
 * const second = await listAnalyses(db, { limit: 20, cursor: first.nextCursor ?? undefined });
 */
export async function listAnalyses(db: Queryable, query: HistoryQuery): Promise<HistoryPage> {
  const where: string[] = [];
  const values: unknown[] = [];
  if (query.repoUrl) {
    values.push(query.repoUrl);
    where.push(`repo_url = $${values.length}`);
  }
  if (query.cursor) {
    values.push(decodeCursor(query.cursor));
    where.push(
      `(created_at, id) < (SELECT created_at, id FROM analyses WHERE id = $${values.length})`,
    );
  }
  values.push(query.limit + 1);
  const { rows } = await db.query<Row>(
    `SELECT ${SUMMARY_COLUMNS} FROM analyses
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
  };
}

/**
 * The repo-at-commit cache: the newest completed analysis of `repoUrl` at `commit` that ran the
 * pipeline itself and finished within `maxAgeSeconds` (CACHE_TTL), or null.
 *
 * @example
 * // worker, after `git ls-remote` resolved the commit, unless job.data.force:
 * const hit = await findCachedAnalysis(db, { repoUrl, commit, maxAgeSeconds: env.CACHE_TTL });
 * if (hit) await upsertAnalysis(db, { id, repoUrl, ref, status: "completed", commit,
 *   report: hit.report, cachedFrom: hit.id, finishedAt: new Date() });
 */
export async function findCachedAnalysis(
  db: Queryable,
  key: {
    repoUrl: string;
    commit: string;
    maxAgeSeconds: number;
    excludeId?: string;
    /** Reports larger than this (stored before MAX_REPORT_KB) are not reused, nor read. */
    maxReportBytes?: number;
    /** Only a report of this `schemaVersion` is reused: an older one lacks newer fields. */
    schemaVersion?: number;
  },
): Promise<AnalysisRecord | null> {
  if (key.maxAgeSeconds <= 0) return null;
  // excludeId: a retried job whose own report was saved before its worker died must run again
  // (or complete from its own row), not name itself as its cache source.
  const { rows } = await db.query<Row>(
    `SELECT * FROM analyses
     WHERE repo_url = $1 AND commit_sha = $2 AND status = 'completed' AND cached_from IS NULL
       AND finished_at > now() - make_interval(secs => $3) AND id IS DISTINCT FROM $4::text
       AND ($5::integer IS NULL OR COALESCE(report_bytes, octet_length(report::text)) <= $5)
       AND ($6::integer IS NULL OR report->>'schemaVersion' = $6::text)
     ORDER BY finished_at DESC LIMIT 1`,
    [
      key.repoUrl,
      key.commit,
      key.maxAgeSeconds,
      key.excludeId ?? null,
      key.maxReportBytes ?? null,
      key.schemaVersion ?? null,
    ],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}
