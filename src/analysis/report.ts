import { z } from "zod";

/**
 * The report of one analysis: what `analyze()` returns, what the CLI prints with --json, what
 * the worker stores. The queue, database and API import this schema and its type; the
 * analysis parses its own output with it, so a report that leaves here always fits.
 */

const count = z.number().int().min(0);
const bucket = z.object({ files: count, bytes: count });
/** A list cut to a limit: how many items the report keeps, how many there were. */
const cut = z.object({ kept: count, total: count });

export const languageSchema = z.object({
  name: z.string(),
  type: z.enum(["programming", "markup", "data", "prose"]),
  files: count,
  code: count,
  comments: count,
  blanks: count,
  bytes: count,
  /** Share of the bytes of all counted languages, in percent (GitHub's language bar). */
  share: z.number().min(0).max(100),
  color: z.string().optional(),
});

const dependencySchema = z.object({
  name: z.string(),
  constraint: z.string(),
  scope: z.enum(["runtime", "dev", "peer", "optional", "build"]),
});

export const manifestSchema = z.object({
  ecosystem: z.enum([
    "npm",
    "python",
    "go",
    "cargo",
    "ruby",
    "maven",
    "gradle",
    "composer",
    "nuget",
  ]),
  path: z.string(),
  name: z.string().optional(),
  version: z.string().optional(),
  workspaces: z.array(z.string()).optional(),
  dependencies: z.array(dependencySchema),
  /**
   * Other tracked files with the same name and the same bytes: counted once, here. `count` is
   * all of them, `paths` the first few.
   */
  copies: z.object({ count, paths: z.array(z.string()) }).optional(),
  /** This manifest's lists that were cut to the report's limits. */
  truncated: z.object({ dependencies: cut.optional(), workspaces: cut.optional() }).optional(),
});

const toolingSchema = z.object({
  tests: z.object({
    directories: z.array(z.string()),
    files: count,
    frameworks: z.array(z.string()),
  }),
  ci: z.array(z.string()),
  containers: z.object({ dockerfiles: z.array(z.string()), compose: z.array(z.string()) }),
  license: z.object({ spdx: z.string().nullable(), path: z.string() }).nullable(),
  docs: z.object({
    readme: z.string().nullable(),
    contributing: z.string().nullable(),
    security: z.string().nullable(),
    changelog: z.string().nullable(),
    codeOfConduct: z.string().nullable(),
  }),
  linters: z.array(z.string()),
  formatters: z.array(z.string()),
});

const historySchema = z.discriminatedUnion("available", [
  z.object({
    available: z.literal(true),
    commits: count,
    contributors: count,
    firstCommitAt: z.string(),
    lastCommitAt: z.string(),
    commitsLast90Days: count,
    complete: z.boolean(),
    window: count,
    // Optional: reports stored before it existed still read.
    commitsPerMonth: z
      .array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), commits: count }))
      .max(24)
      .optional(),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);

export const summaryContentSchema = z.object({
  purpose: z.string().min(1),
  architecture: z.string().min(1),
  techStack: z.array(z.string()),
  strengths: z.array(z.string()),
  risks: z.array(z.string()),
  suggestions: z.array(z.string()),
});

const summarySchema = z.discriminatedUnion("status", [
  summaryContentSchema.extend({ status: z.literal("completed"), model: z.string() }),
  z.object({ status: z.literal("skipped"), reason: z.string() }),
  z.object({ status: z.literal("failed"), model: z.string(), reason: z.string() }),
]);

/**
 * Version 2: identical manifests are listed once (`copies`), every list is bounded and the
 * cuts are stated (`truncated`), and the whole report fits MAX_REPORT_KB. Version 1 reports
 * (stored before) have neither field.
 */
export const reportSchema = z.object({
  schemaVersion: z.literal(2),
  repo: z.object({
    /** Normal form of the URL, or the absolute path of a local work tree. */
    url: z.string(),
    source: z.enum(["remote", "local"]),
    /** The ref asked for; null for the default branch. */
    ref: z.string().nullable(),
    commit: z.string(),
    commitDate: z.string(),
    branch: z.string().nullable(),
  }),
  totals: z.object({ files: count, code: count, comments: count, blanks: count, bytes: count }),
  languages: z.array(languageSchema),
  /** Tracked files kept out of the language totals, by reason. */
  excluded: z.object({
    vendored: bucket,
    generated: bucket,
    documentation: bucket,
    binary: bucket,
    unknown: bucket,
    tooLarge: bucket,
    symlinks: count,
    submodules: count,
    unreadable: count,
  }),
  structure: z.object({
    trackedFiles: count,
    maxDepth: count,
    topLevel: z.array(z.object({ path: z.string(), files: count })),
    largestFiles: z.array(
      z.object({
        path: z.string(),
        bytes: count,
        category: z.string(),
        language: z.string().optional(),
      }),
    ),
  }),
  manifests: z.array(manifestSchema),
  tooling: toolingSchema,
  git: z.object({ history: historySchema }),
  summary: summarySchema,
  /** Milliseconds per step and in total. */
  timings: z.record(z.string(), z.number().min(0)),
  warnings: z.array(z.string()),
  /**
   * The lists cut to a limit, by their place in the report ("manifests", "languages",
   * "structure.topLevel", ...); empty when nothing was cut. A manifest's own cut lists are on
   * the manifest. A warning says the same in words.
   */
  truncated: z.record(z.string(), cut),
});

export type Report = z.infer<typeof reportSchema>;
export type LanguageReport = z.infer<typeof languageSchema>;
export type SummaryReport = Report["summary"];
export type SummaryContent = z.infer<typeof summaryContentSchema>;
