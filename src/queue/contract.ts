import { refProblem } from "../analysis/url-rules.ts";
import { nonEmpty, percent, z } from "../config/zod.ts";

/**
 * What the API puts on the queue and what the worker reports back. Both sides import these
 * schemas; neither trusts the other's JSON without parsing it.
 */

export const QUEUE_NAME = "repo-analysis";
/** BullMQ job name; one kind of job exists, the name only labels it in Bull Board. */
export const JOB_NAME = "analyze";

/**
 * A git ref as users type it: a branch, tag or commit; the rules are the analysis library's. The
 * rule is a check of zod's core, so the API's request schema (classic zod) applies it too.
 */
export const refRule = z.superRefine<string>((ref, ctx) => {
  const problem = refProblem(ref);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const refSchema = z.string().check(refRule);

/** The job payload. `repoUrl` is already in the normal form of `checkRepoUrl`. */
export const analysisJobData = z.object({
  repoUrl: z.url(),
  /** null: the repository's default branch. */
  ref: z.nullable(refSchema),
  /** Skip the repo-at-commit cache. */
  force: z.boolean(),
  /** Epoch milliseconds of the HTTP submission. */
  requestedAt: z.int(),
  /** The submitting request's id, so worker log lines can be joined with the API's. */
  requestId: z.optional(z.string().check(z.maxLength(200))),
});
export type AnalysisJobData = z.infer<typeof analysisJobData>;

/**
 * What the worker passes to `job.updateProgress()`. `step` is a machine name ("clone", "scan",
 * ...), `currentStep` counts from 1 up to `totalSteps`, `percentage` is 0-100 overall.
 */
export const analysisProgress = z.object({
  step: z.string().check(z.minLength(1), z.maxLength(64)),
  percentage: percent(),
  currentStep: z.int().check(z.minimum(0)),
  totalSteps: z.int().check(z.minimum(1)),
});
export type AnalysisProgress = z.infer<typeof analysisProgress>;

/** Progress of a job no worker has touched yet. */
export const QUEUED_PROGRESS: AnalysisProgress = {
  step: "queued",
  percentage: 0,
  currentStep: 0,
  totalSteps: 1,
};

/**
 * What the worker's processor returns. The report itself lives in Postgres only: keeping it in
 * Redis too would double the memory a free-tier Redis bills for.
 */
export const analysisReturn = z.object({
  commit: nonEmpty(),
  /** True when an earlier analysis of the same repo at the same commit was reused. */
  cached: z.boolean(),
});
export type AnalysisReturn = z.infer<typeof analysisReturn>;

export const ANALYSIS_STATUSES = ["queued", "active", "completed", "failed", "cancelled"] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];
export const TERMINAL_STATUSES: readonly AnalysisStatus[] = ["completed", "failed", "cancelled"];

export function isTerminal(status: AnalysisStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The machine-readable code a cancelled job fails with (see `failureMessage`). */
export const CANCELLED = "CANCELLED";

export interface Failure {
  code: string;
  message: string;
}

// BullMQ keeps only an error's message (`failedReason`), so the code travels inside it.
const FAILURE = /^([A-Z][A-Z0-9_]{1,63}): ([\s\S]*)$/;

/**
 * The error message a worker throws so that the code survives BullMQ's `failedReason`.
 *
 * @example
 * throw new UnrecoverableError(failureMessage("CANCELLED", "cancelled by request"));
 */
export function failureMessage(code: string, message: string): string {
  return `${code}: ${message}`;
}

/** Reads `failedReason` back; a reason without a code (a crash) gets `ANALYSIS_FAILED`. */
export function parseFailure(failedReason: string | undefined): Failure {
  const match = FAILURE.exec(failedReason ?? "");
  if (match?.[1] && match[2] !== undefined) return { code: match[1], message: match[2] };
  return { code: "ANALYSIS_FAILED", message: failedReason || "the analysis failed" };
}

/**
 * Our status for a BullMQ job state. A job waiting for its retry backoff (`delayed`) is still
 * queued from the user's point of view; a job that failed with CANCELLED was cancelled.
 */
export function statusOfJobState(state: string, failedReason?: string): AnalysisStatus | null {
  switch (state) {
    case "waiting":
    case "wait":
    case "delayed":
    case "prioritized":
    case "paused":
    case "waiting-children":
      return "queued";
    case "active":
      return "active";
    case "completed":
      return "completed";
    case "failed":
      return parseFailure(failedReason).code === CANCELLED ? "cancelled" : "failed";
    default:
      return null;
  }
}

/** The BullMQ deduplication id of a repo+ref: one queued-or-running job per pair. */
export function dedupeId(repoUrl: string, ref: string | null): string {
  return `${repoUrl}#${ref ?? ""}`;
}
