import { nonEmpty, percent, z } from "../config/zod.ts";

/**
 * The report of one analysis: what `analyze()` returns, what the CLI prints with --json, what
 * the worker stores. The queue, database and API import this schema and its type; the
 * analysis parses its own output with it, so a report that leaves here always fits.
 */

const count = z.int().check(z.minimum(0));
const bucket = z.object({ files: count, bytes: count });
/** A list cut to a limit: how many items the report keeps, how many there were. */
const cut = z.object({ kept: count, total: count });

const languageSchema = z.object({
  name: z.string(),
  type: z.enum(["programming", "markup", "data", "prose"]),
  files: count,
  code: count,
  comments: count,
  blanks: count,
  bytes: count,
  /** Share of the bytes of all counted languages, in percent (GitHub's language bar). */
  share: percent(),
  color: z.optional(z.string()),
  /**
   * Branch points in its code, scc-style (src/analysis/languages/complexity.ts): its decision
   * keywords and operators counted outside comments and strings. Null when the language has no
   * branch tokens (markup, data, prose, or not covered yet).
   */
  complexity: z.nullable(count),
});

const dependencySchema = z.object({
  name: z.string(),
  constraint: z.string(),
  scope: z.enum(["runtime", "dev", "peer", "optional", "build"]),
});

const manifestSchema = z.object({
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
  name: z.optional(z.string()),
  version: z.optional(z.string()),
  workspaces: z.optional(z.array(z.string())),
  dependencies: z.array(dependencySchema),
  /**
   * Other tracked files with the same name and the same bytes: counted once, here. `count` is
   * all of them, `paths` the first few.
   */
  copies: z.optional(z.object({ count, paths: z.array(z.string()) })),
  /** This manifest's lists that were cut to the report's limits. */
  truncated: z.optional(z.object({ dependencies: z.optional(cut), workspaces: z.optional(cut) })),
});

const toolingSchema = z.object({
  tests: z.object({
    directories: z.array(z.string()),
    files: count,
    frameworks: z.array(z.string()),
  }),
  ci: z.array(z.string()),
  containers: z.object({ dockerfiles: z.array(z.string()), compose: z.array(z.string()) }),
  license: z.nullable(z.object({ spdx: z.nullable(z.string()), path: z.string() })),
  docs: z.object({
    readme: z.nullable(z.string()),
    contributing: z.nullable(z.string()),
    security: z.nullable(z.string()),
    changelog: z.nullable(z.string()),
    codeOfConduct: z.nullable(z.string()),
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
    commitsPerMonth: z.optional(
      z
        .array(z.object({ month: z.string().check(z.regex(/^\d{4}-\d{2}$/)), commits: count }))
        .check(z.maxLength(24)),
    ),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);

const ownerSchema = z.object({
  /** The author's name as committed (after .mailmap); authors are told apart by email. */
  name: z.string(),
  commits: count,
  /** Percentage of the commits counted (the window's, or the file's). */
  share: percent(),
});

/** Who made the history window's commits. */
const ownershipSchema = z.object({
  commits: count,
  contributors: count,
  /** The fewest authors who together made at least half of the commits. */
  busFactor: count,
  /**
   * Authors by commits, most first, cut to the report's limit (`truncated["ownership.owners"]`);
   * the rest made `commits` minus the sum of these.
   */
  owners: z.array(ownerSchema),
});

/** A file that changes often and branches much: churn × complexity. */
const hotspotSchema = z.object({
  path: z.string(),
  language: z.string(),
  /** Commits of the history window that changed it (churn). */
  commits: count,
  /** Its branch points today (see `languages[].complexity`). */
  complexity: count,
  /** commits × complexity, which ranks the list. */
  score: count,
  /** Distinct authors of those commits, and the fewest of them who made half of them. */
  authors: count,
  busFactor: count,
  /** Its top authors (at most 3). */
  owners: z.array(ownerSchema),
});

/** Whether the per-file history (which files each commit changed) could be read, and why not. */
const churnSchema = z.discriminatedUnion("available", [
  z.object({
    available: z.literal(true),
    /** Commits read; files changed only by merges or before the window are not counted. */
    commits: count,
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);

export const summaryContentSchema = z.object({
  purpose: nonEmpty(),
  architecture: nonEmpty(),
  techStack: z.array(z.string()),
  strengths: z.array(z.string()),
  risks: z.array(z.string()),
  suggestions: z.array(z.string()),
});

const summarySchema = z.discriminatedUnion("status", [
  z.extend(summaryContentSchema, {
    status: z.literal("completed"),
    model: z.string(),
    /**
     * Claims taken out of the model's answer because a number in them contradicted the
     * measured figures (src/analysis/summary/figures.ts): where, the text, the number at fault.
     */
    dropped: z.optional(
      z.array(
        z.object({
          field: z.enum([
            "purpose",
            "architecture",
            "techStack",
            "strengths",
            "risks",
            "suggestions",
          ]),
          text: z.string(),
          claim: z.string(),
        }),
      ),
    ),
  }),
  z.object({ status: z.literal("skipped"), reason: z.string() }),
  z.object({ status: z.literal("failed"), model: z.string(), reason: z.string() }),
]);

/**
 * Version 2: identical manifests are listed once (`copies`), every list is bounded and the
 * cuts are stated (`truncated`), and the whole report fits MAX_REPORT_KB. Version 1 reports
 * (stored before) have neither field. Version 3 adds `languages[].complexity`, `complexity`,
 * `hotspots`, `ownership` and `git.churn`.
 */
export const REPORT_SCHEMA_VERSION = 3;

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  repo: z.object({
    /** Normal form of the URL, or the absolute path of a local work tree. */
    url: z.string(),
    source: z.enum(["remote", "local"]),
    /** The ref asked for; null for the default branch. */
    ref: z.nullable(z.string()),
    commit: z.string(),
    commitDate: z.string(),
    branch: z.nullable(z.string()),
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
        language: z.optional(z.string()),
      }),
    ),
  }),
  manifests: z.array(manifestSchema),
  tooling: toolingSchema,
  git: z.object({ history: historySchema, churn: churnSchema }),
  /**
   * Source files ranked by churn × complexity, highest first (LIST_LIMITS: 20). Null when the
   * history is unavailable; `git.churn.reason` says why.
   */
  hotspots: z.nullable(z.array(hotspotSchema)),
  /** Contributors of the history window and its bus factor; null as `hotspots`. */
  ownership: z.nullable(ownershipSchema),
  /** Complexity of the largest source files (by code lines), scc-style, largest first. */
  complexity: z.object({
    files: z.array(
      z.object({ path: z.string(), language: z.string(), code: count, complexity: count }),
    ),
  }),
  summary: summarySchema,
  /** Milliseconds per step and in total. */
  timings: z.record(z.string(), z.number().check(z.minimum(0))),
  warnings: z.array(z.string()),
  /**
   * The lists cut to a limit, by their place in the report ("manifests", "languages",
   * "structure.topLevel", ...); empty when nothing was cut. A manifest's own cut lists are on
   * the manifest. A warning says the same in words.
   */
  truncated: z.record(z.string(), cut),
});

export type Report = z.infer<typeof reportSchema>;
export type SummaryReport = Report["summary"];
export type SummaryContent = z.infer<typeof summaryContentSchema>;
export type HotspotReport = z.infer<typeof hotspotSchema>;
export type OwnershipReport = z.infer<typeof ownershipSchema>;
