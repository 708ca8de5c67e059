import { randomUUID } from "node:crypto";
import type { Env } from "../config/index.ts";
import {
  type AnalysisRecord,
  type Db,
  deleteAnalysis,
  findAnalysis,
  findCancelTokenHash,
  listAnalyses,
  saveCancelTokenHash,
  upsertAnalysis,
} from "../db/index.ts";
import {
  type AnalysisStatus,
  CANCELLED,
  checkRepoUrl,
  isTerminal,
  parseFailure,
  QUEUED_PROGRESS,
} from "../queue/index.ts";
import { CANCEL_TOKEN_HEADER, cancelTokenMatches, newCancelToken } from "./cancel-token.ts";
import { ApiError, guard, REDIS_UNAVAILABLE } from "./errors.ts";
import type { FinishedView, FinishedViews } from "./finished-views.ts";
import type { Jobs, LiveJob } from "./jobs.ts";

/**
 * What the analyses routes do, without HTTP: submit (dedupe, persist, enqueue), read the truth
 * merged from Redis (live state) and Postgres (history, report), cancel, list.
 */

export interface AnalysisServiceDeps {
  jobs: Jobs;
  db: Db;
  config: Pick<Env, "ALLOWED_GIT_HOSTS" | "ALLOW_LOCAL_REPOS" | "MAX_REPORT_KB">;
  /** Finished views and stable history pages, serialised; they never change once final. */
  finished: FinishedViews;
  now?: () => number;
}

/** A response body as sent; `etag` only when it can never change (`final`). */
export type ViewBody = { json: string; final: true; etag: string } | { json: string; final: false };

export interface AnalysisView {
  id: string;
  repoUrl: string;
  ref: string | null;
  status: AnalysisStatus;
  progress: { step: string; percentage: number; currentStep: number; totalSteps: number };
  attempts: number;
  commit: string | null;
  cached: boolean;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error?: { code: string; message: string };
  result?: Record<string, unknown>;
}

export interface Submission {
  repoUrl: string;
  ref?: string;
  force?: boolean;
}

export interface Submitted {
  id: string;
  status: AnalysisStatus;
  repoUrl: string;
  ref: string | null;
  deduplicated: boolean;
  /**
   * The capability to cancel, for the submitter of a new job only: a deduplicated submission
   * does not get the original's, or anyone could obtain it by submitting the same URL.
   */
  cancelToken?: string;
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
const isoDate = (d: Date | null) => (d ? d.toISOString() : null);

const DONE_PROGRESS = { step: "done", percentage: 100, currentStep: 1, totalSteps: 1 };

/** The code of a completed analysis whose stored report is over the size the API sends. */
const REPORT_TOO_LARGE = "REPORT_TOO_LARGE";

/**
 * Merges what Redis and Postgres know. A final state in Postgres wins (it has the report);
 * otherwise Redis's live state does; a job Redis no longer holds answers from Postgres alone.
 * A completed analysis whose report was left unread for its size (one stored before
 * MAX_REPORT_KB existed) has no `result` but an `error` with REPORT_TOO_LARGE.
 */
function mergeView(live: LiveJob | null, row: AnalysisRecord | null): AnalysisView | null {
  if (!live && !row) return null;
  const status: AnalysisStatus =
    row && isTerminal(row.status) ? row.status : (live?.status ?? row?.status ?? "queued");
  const failure =
    status === "failed" || status === "cancelled"
      ? (row?.error ?? (live ? parseFailure(live.failedReason) : undefined))
      : undefined;
  const view: AnalysisView = {
    id: (live?.id ?? row?.id) as string,
    repoUrl: (live?.data.repoUrl ?? row?.repoUrl) as string,
    ref: live ? live.data.ref : (row?.ref ?? null),
    status,
    // A completed job is done: its last live update (sent when its last step began) would
    // say otherwise, so the final progress the worker stored, or 100 %, is shown instead.
    progress:
      status === "completed"
        ? row?.status === "completed" && row.progress
          ? row.progress
          : DONE_PROGRESS
        : (live?.progress ?? row?.progress ?? QUEUED_PROGRESS),
    attempts: Math.max(live?.attempts ?? 0, row?.attempts ?? 0),
    commit: row?.commit ?? live?.commit ?? null,
    cached: row ? row.cachedFrom !== null : (live?.cached ?? false),
    createdAt: isoDate(row?.createdAt ?? null) ?? iso(live?.createdAt),
    startedAt: iso(live?.startedAt) ?? isoDate(row?.startedAt ?? null),
    finishedAt: isoDate(row?.finishedAt ?? null) ?? iso(live?.finishedAt),
  };
  if (failure) view.error = failure;
  if (status === "completed" && row?.report && typeof row.report === "object")
    view.result = row.report as Record<string, unknown>;
  else if (status === "completed" && row?.report === null && row.reportBytes !== null)
    view.error = {
      code: REPORT_TOO_LARGE,
      message: `the stored report is ${Math.ceil(row.reportBytes / 1024)} KB, more than this service sends (MAX_REPORT_KB); submit the repository again with force for a bounded report`,
    };
  return view;
}

/**
 * The analyses service: reads ({@link readView}), submissions ({@link submit}), cancellations
 * ({@link cancel}) and history pages ({@link historyBody}), over one set of dependencies.
 *
 * @example
 * const service = createAnalysisService({ jobs, db, config: env, finished });
 * const { id, cancelToken } = await service.submit({ repoUrl: "https://github.com/hono/hono" });
 */
export function createAnalysisService(deps: AnalysisServiceDeps) {
  const ctx: Ctx = {
    ...deps,
    now: deps.now ?? Date.now,
    limits: { maxReportBytes: deps.config.MAX_REPORT_KB * 1024 },
  };
  return {
    view: (id: string, options = { live: true }) => readView(ctx, id, options),
    viewBody: (id: string, options = { live: true }) => viewBody(ctx, id, options),
    submit: (input: Submission, requestId?: string) => submit(ctx, input, requestId),
    cancel: (id: string, token: string | undefined) => cancel(ctx, id, token),
    historyBody: (query: HistoryQuery) => historyBody(ctx, query),
  };
}

/** The service's dependencies with its defaults settled. */
interface Ctx extends AnalysisServiceDeps {
  now: () => number;
  /** How much of a stored report a read loads. */
  limits: { maxReportBytes: number };
}

function normalise(ctx: Ctx, repoUrl: string): string {
  const check = checkRepoUrl(repoUrl, ctx.config.ALLOWED_GIT_HOSTS, {
    allowLocal: ctx.config.ALLOW_LOCAL_REPOS,
  });
  if (!check.ok) throw new ApiError(400, check.code, check.message);
  return check.url;
}

/** Redis unreachable is not fatal for reads: Postgres still answers. */
async function liveOrNull(ctx: Ctx, id: string): Promise<LiveJob | null> {
  try {
    return await ctx.jobs.get(id);
  } catch (error) {
    if (error instanceof ApiError && error.code === REDIS_UNAVAILABLE) return null;
    throw error;
  }
}

const readRow = (ctx: Ctx, id: string) =>
  guard("database", () => findAnalysis(ctx.db, id, ctx.limits));

/**
 * Postgres first: the worker records how a job ended there before BullMQ announces it, so a
 * finished analysis (most reads: reports, history, a stream's last event) costs Redis nothing.
 * Redis is asked only while the row is not final, and not at all with `live: false`, which
 * then answers null.
 */
async function readView(
  ctx: Ctx,
  id: string,
  options: { live: boolean },
): Promise<AnalysisView | null> {
  let row = await readRow(ctx, id);
  if (row && isTerminal(row.status)) return mergeView(null, row);
  if (!options.live) return null;
  const live = await liveOrNull(ctx, id);
  // Finished since the row was read: its final row (report, cache source) was written before
  // BullMQ marked it so, and is read again rather than answering "completed" without it.
  if (live && isTerminal(live.status)) row = await readRow(ctx, id);
  return mergeView(live, row);
}

const finalBody = (entry: FinishedView): ViewBody => ({
  json: entry.json,
  etag: entry.etag,
  final: true,
});

/**
 * The JSON of analysis `id`: a finished one from memory after its first read (no Postgres,
 * no Redis), else as {@link readView} reads it. With `live: false`, null unless it is finished.
 */
async function viewBody(
  ctx: Ctx,
  id: string,
  options: { live: boolean },
): Promise<ViewBody | null> {
  const known = ctx.finished.get(id);
  if (known) return finalBody(known);
  const current = await readView(ctx, id, options);
  if (!current) return null;
  const json = JSON.stringify(current);
  if (!isTerminal(current.status)) return { json, final: false };
  return finalBody(ctx.finished.put(id, json));
}

/**
 * The order matters for "nothing accepted is lost, nothing refused is kept": the row is
 * written before the job exists (Postgres away → 503, nothing queued), and removed again
 * when Redis refuses the job or BullMQ finds a duplicate queued or running. Duplicates are
 * left to BullMQ's deduplication, not looked up first: a Postgres row written and deleted
 * costs nothing on Redis's per-command bill, a lookup on every submission would.
 */
async function submit(ctx: Ctx, input: Submission, requestId?: string): Promise<Submitted> {
  const repoUrl = normalise(ctx, input.repoUrl);
  const ref = input.ref ?? null;
  const force = input.force ?? false;
  const id = randomUUID();
  const cancel = newCancelToken();
  const requestedAt = ctx.now();
  await guard("database", () =>
    upsertAnalysis(ctx.db, {
      id,
      repoUrl,
      ref,
      status: "queued",
      force,
      createdAt: new Date(requestedAt),
    }),
  );
  const added = await enqueueOrForget(ctx, id, cancel.hash, {
    repoUrl,
    ref,
    force,
    requestedAt,
    requestId,
  });
  if (added.deduplicated) {
    await deleteAnalysis(ctx.db, id).catch(() => undefined);
    const winner = await liveOrNull(ctx, added.id);
    const status = winner && !isTerminal(winner.status) ? winner.status : "queued";
    return { id: added.id, status, repoUrl, ref, deduplicated: true };
  }
  return { id, status: "queued", repoUrl, ref, deduplicated: false, cancelToken: cancel.token };
}

/** Saves the cancel token's hash and enqueues the job; on failure removes the row again. */
async function enqueueOrForget(
  ctx: Ctx,
  id: string,
  cancelHash: Buffer,
  data: Parameters<Jobs["enqueue"]>[1],
): Promise<{ id: string; deduplicated: boolean }> {
  try {
    // Before the job exists, so that no job is ever without its token.
    await guard("database", () => saveCancelTokenHash(ctx.db, id, cancelHash));
    return await ctx.jobs.enqueue(id, data);
  } catch (error) {
    await deleteAnalysis(ctx.db, id).catch(() => undefined);
    throw error;
  }
}

/**
 * For whoever holds the submission's cancel token: queued → removed now; running → its
 * worker is asked to stop (it records `cancelled`).
 */
async function cancel(
  ctx: Ctx,
  id: string,
  token: string | undefined,
): Promise<{ id: string; status: AnalysisStatus; cancelRequested: boolean }> {
  await checkCancelToken(ctx, id, token);
  const [live, row] = await Promise.all([ctx.jobs.get(id), readRow(ctx, id)]);
  const current = mergeView(live, row);
  if (!current) throw new ApiError(404, "NOT_FOUND", `no analysis with id ${id}`);
  if (isTerminal(current.status))
    throw new ApiError(409, "ALREADY_FINISHED", `analysis ${id} is already ${current.status}`);

  const recordCancelled = () =>
    guard("database", () =>
      upsertAnalysis(ctx.db, {
        id,
        repoUrl: current.repoUrl,
        ref: current.ref,
        status: "cancelled",
        error: { code: CANCELLED, message: "cancelled by request" },
        finishedAt: new Date(ctx.now()),
      }),
    );

  // A row without a job (Redis lost it): nothing runs, so cancelling is only bookkeeping.
  if (!live) {
    await recordCancelled();
    return { id, status: "cancelled", cancelRequested: false };
  }
  if (live.status === "queued" && (await ctx.jobs.removeQueued(id))) {
    await recordCancelled();
    return { id, status: "cancelled", cancelRequested: false };
  }
  await ctx.jobs.requestCancel(id);
  return { id, status: "active", cancelRequested: true };
}

/** Throws 403 unless `token` is the one handed out with analysis `id`, 404 if there is none. */
async function checkCancelToken(ctx: Ctx, id: string, token: string | undefined): Promise<void> {
  if (!token)
    throw new ApiError(
      403,
      "CANCEL_TOKEN_REQUIRED",
      `cancelling needs the cancelToken returned when the analysis was submitted, in the ${CANCEL_TOKEN_HEADER} header`,
    );
  const stored = await guard("database", () => findCancelTokenHash(ctx.db, id));
  if (stored === undefined) throw new ApiError(404, "NOT_FOUND", `no analysis with id ${id}`);
  if (!stored || !cancelTokenMatches(token, stored))
    throw new ApiError(
      403,
      "CANCEL_TOKEN_INVALID",
      `the ${CANCEL_TOKEN_HEADER} header does not hold this analysis's cancel token`,
    );
}

interface HistoryQuery {
  limit: number;
  cursor?: string;
  repoUrl?: string;
}

/**
 * One page of history. The first page changes with every submission; a page after a cursor
 * holds only rows older than it, and no row is ever inserted in the past, so once every row
 * on it has finished it can no longer change and is kept like a finished view.
 */
async function historyBody(ctx: Ctx, query: HistoryQuery): Promise<ViewBody> {
  const repoUrl = query.repoUrl ? normalise(ctx, query.repoUrl) : undefined;
  const key = query.cursor && `history ${query.limit} ${query.cursor} ${repoUrl ?? ""}`;
  const known = key && ctx.finished.get(key);
  if (key && known) return finalBody(known);
  const page = await guard("database", () =>
    listAnalyses(ctx.db, { limit: query.limit, cursor: query.cursor, repoUrl }),
  );
  const json = JSON.stringify({
    items: page.items.map((item) => {
      const { result: _result, ...rest } = mergeView(null, {
        ...item,
        report: null,
        reportBytes: null,
      }) as AnalysisView;
      return rest;
    }),
    nextCursor: page.nextCursor,
  });
  if (!key || !page.items.every((item) => isTerminal(item.status))) return { json, final: false };
  return finalBody(ctx.finished.put(key, json));
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;
