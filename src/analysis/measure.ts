/**
 * The analysis after its clone: the scan, manifests and tooling, the history's figures, the
 * optional summary and the bounded report. Its own module so that analyze.ts can load it, and
 * the language tables the scan builds, while git clones (see {@link loadMeasure}).
 */
import type { AnalysisOptions, Run, Source } from "./analyze.ts";
import type { CloneResult } from "./clone.ts";
import { throwIfCancelled } from "./errors.ts";
import { type Activity, historyActivity, type Measured, measuredFiles } from "./facts/activity.ts";
import { type GitFacts, gitFacts } from "./facts/history.ts";
import { type Cut, type Manifest, type ReadText, readManifests } from "./facts/manifests.ts";
import { describeStructure } from "./facts/structure.ts";
import { detectTooling } from "./facts/tooling.ts";
import { REPORT_SCHEMA_VERSION, type Report, reportSchema, type SummaryReport } from "./report.ts";
import {
  boundReport,
  DEFAULT_MAX_REPORT_BYTES,
  type DraftReport,
  MANIFEST_LIMITS,
} from "./report-limits.ts";
import type { Sandbox } from "./sandbox.ts";
import type { BlobReader } from "./scan/blobs.ts";
import { type ScanResult, scanTree } from "./scan/index.ts";
import { withShares } from "./scan/share.ts";
import { buildDigest } from "./summary/digest.ts";
import type { Figures } from "./summary/figures.ts";
import { summarise } from "./summary/index.ts";
import { compareText } from "./text-order.ts";

const MB = 1024 * 1024;

/** What the clone step leaves for the steps after it. */
export interface Cloned {
  box: Sandbox;
  source: Source;
  cloned: CloneResult;
  /** The history window in commits, as the clone fetched it. */
  historyCommits: number;
}

/**
 * The report of a cloned repository. The history's log runs beside the scan; a step that
 * fails stops it before returning, so that no git writes in the sandbox its caller removes.
 */
export async function measure(clone: Cloned, options: AnalysisOptions, run: Run): Promise<Report> {
  const { box, source, cloned } = clone;
  // The clone's one git reads the files, for the scan and every step after it.
  const blobs = cloned.objects;
  const stopLog = new AbortController();
  // The history's log needs only the clone: its git runs while the scan reads the files.
  const log = readHistory(clone, options, run, stopLog.signal);
  // Handled here so that a failed log never counts as an unhandled rejection while the scan
  // runs; historyStep still sees its failure.
  log.catch(() => {});
  try {
    const scan = await scanStep(box, cloned, blobs, options, run);
    const deps = await dependenciesStep(scan, blobs, run);
    const history = await historyStep(log, scan, run);
    const languages = withShares(scan.languages);
    const figures = figuresOf(scan, languages, history);
    const summary = await summaryStep(source, scan, deps, figures, options, run);
    return buildReport({ source, scan, deps, history, languages, figures, summary }, options, run);
  } finally {
    stopLog.abort();
    await log.catch(() => {});
  }
}

async function scanStep(
  box: Sandbox,
  cloned: CloneResult,
  blobs: BlobReader,
  options: AnalysisOptions,
  run: Run,
): Promise<ScanResult> {
  run.progress("scanning", 0);
  const scan = await run.time("scan", () =>
    scanTree(box.repo, {
      commit: cloned.commit,
      home: box.home,
      blobs,
      entries: cloned.tip,
      maxFileBytes: options.maxFileBytes ?? 5 * MB,
      signal: run.signal,
      onProgress: (pct) => run.progress("scanning", pct),
    }),
  );
  run.progress("scanning", 100);
  throwIfCancelled(run.signal);
  return scan;
}

/** What the dependencies step found, and the reader of tracked files it used. */
interface Dependencies {
  manifests: Manifest[];
  manifestsCut: Cut | undefined;
  tooling: Awaited<ReturnType<typeof detectTooling>>;
  read: ReadText;
}

async function dependenciesStep(
  scan: ScanResult,
  blobs: BlobReader,
  run: Run,
): Promise<Dependencies> {
  run.progress("dependencies", 0);
  const read = readFiles(scan, blobs);
  const files = scan.files.filter((f) => f.category !== "symlink" && f.category !== "submodule");
  // Vendored copies (node_modules, vendor/) are other projects' manifests, not this one's; but
  // tooling looks at every path, since Linguist counts .github/ as vendored too.
  const own = files.flatMap(({ path, bytes, oid, category }) =>
    category !== "vendored" && oid ? [{ path, bytes, oid }] : [],
  );
  const { manifests, problems, truncated } = await run.time("dependencies", () =>
    readManifests(own, read, MANIFEST_LIMITS),
  );
  for (const p of problems) run.warnings.push(`manifest skipped: ${p}`);
  const tooling = await detectTooling(
    files.map((f) => f.path),
    manifests,
    read,
  );
  run.progress("dependencies", 100);
  throwIfCancelled(run.signal);
  return { manifests, manifestsCut: truncated, tooling, read };
}

/**
 * The text of a scanned file, by path, from the object store: at most 1 MB, as no manifest,
 * README or source shown to the summary needs more; undefined for a symlink, a submodule or a
 * file larger than that.
 */
function readFiles(scan: ScanResult, blobs: BlobReader): ReadText {
  const byPath = new Map<string, { oid: string; bytes: number }>();
  for (const { path, oid, bytes } of scan.files) if (oid) byPath.set(path, { oid, bytes });
  return async (p) => {
    const file = byPath.get(p);
    if (!file || file.bytes > MB) return undefined;
    const read = await blobs.read(file.oid, MB);
    return read instanceof Buffer ? read.toString("utf8") : undefined;
  };
}

/**
 * The history's figures and changes, from the clone's own object store (nothing more is
 * fetched). Started as soon as the clone is done, before the scan has said which files are
 * measured: the changes of every file of the tip are tallied, and historyStep keeps the
 * measured ones. Its timing is the log's own, beside the scan's.
 */
function readHistory(
  { box, source, cloned, historyCommits }: Cloned,
  options: AnalysisOptions,
  run: Run,
  stop: AbortSignal,
): Promise<GitFacts> {
  const signal = run.signal ? AbortSignal.any([run.signal, stop]) : stop;
  return run.time("git", async (): Promise<GitFacts> => {
    const facts = await gitFacts(box.repo, {
      home: box.home,
      allowFile: source.allowFile,
      maxCommits: historyCommits,
      timeoutMs: options.historyTimeoutMs ?? 30_000,
      paths: new Set(cloned.tip.map((entry) => entry.path)),
      signal,
      head: { commit: cloned.commit, commitDate: cloned.commitDate, branch: cloned.branch },
      ...(cloned.log ? { held: cloned.log } : {}),
    });
    if (cloned.history) return facts;
    const reason = "the repository host does not serve partial clones: the history was not fetched";
    return { ...facts, history: { available: false, reason }, changes: undefined };
  });
}

/** The git facts and, from the same history, churn, hotspots and ownership. */
interface HistoryFacts {
  git: GitFacts;
  activity: Activity;
  measured: Measured[];
}

/** Waits for the history's log, then ranks the measured files' changes. */
async function historyStep(
  log: Promise<GitFacts>,
  scan: ScanResult,
  run: Run,
): Promise<HistoryFacts> {
  run.progress("git", 0);
  const git = await log;
  if (!git.history.available) run.warnings.push(git.history.reason);
  const measured = measuredFiles(scan.files);
  const activity = historyActivity(git, measured);
  run.progress("git", 100);
  return { git, activity, measured };
}

type Languages = ReturnType<typeof withShares<ScanResult["languages"][number]>>;

/** The measured figures the summary is checked against, and the report shows. */
function figuresOf(scan: ScanResult, languages: Languages, history: HistoryFacts): Figures {
  return {
    totals: scan.totals,
    languages,
    history: history.git.history,
    ownership: history.activity.ownership,
    hotspots: history.activity.hotspots,
    complexFiles: [...history.measured]
      .sort((a, b) => b.code - a.code || compareText(a.path, b.path))
      .map(({ path, language, code, complexity }) => ({ path, language, code, complexity })),
  };
}

async function summaryStep(
  source: Source,
  scan: ScanResult,
  deps: Dependencies,
  figures: Figures,
  options: AnalysisOptions,
  run: Run,
): Promise<SummaryReport> {
  run.progress("summary", 0);
  const summary = await run.time("summary", async (): Promise<SummaryReport> => {
    if (!options.summary?.apiKey)
      return { status: "skipped", reason: "no API key configured (OPENROUTER_API_KEY)" };
    const digest = await buildDigest(
      {
        url: source.url,
        files: scan.files,
        languages: scan.languages,
        manifests: deps.manifests,
        readme: deps.tooling.docs.readme,
        read: deps.read,
        figures,
      },
      options.summary.tokenBudget ?? 6000,
    );
    return summarise(digest, options.summary, run.signal, run.logger, figures);
  });
  if (summary.status === "failed") run.warnings.push(`summary failed: ${summary.reason}`);
  if (summary.status === "completed" && summary.dropped)
    run.warnings.push(
      `summary: ${summary.dropped.length} claim(s) dropped, their numbers contradicted the measured figures`,
    );
  run.progress("summary", 100);
  return summary;
}

/** The report from every step's findings, cut to its size limit and checked against its schema. */
function buildReport(
  found: {
    source: Source;
    scan: ScanResult;
    deps: Dependencies;
    history: HistoryFacts;
    languages: Languages;
    figures: Figures;
    summary: SummaryReport;
  },
  options: AnalysisOptions,
  run: Run,
): Report {
  const { source, scan, deps, history, languages, figures, summary } = found;
  const { git, activity } = history;
  const { excluded } = scan;
  if (excluded["too-large"].files > 0)
    run.warnings.push(
      `${excluded["too-large"].files} files over ${Math.round((options.maxFileBytes ?? 5 * MB) / MB)} MB were not counted`,
    );
  if (excluded.unreadable.files > 0)
    run.warnings.push(`${excluded.unreadable.files} tracked files could not be read`);
  if (scan.heuristicsSkipped > 0)
    run.warnings.push(
      `${scan.heuristicsSkipped} files of shared extensions were given their most common language: Linguist's content rules for them timed out or had used up the scan's CPU budget`,
    );

  run.timings.total = Math.round(performance.now() - run.started);
  const draft: DraftReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    repo: {
      url: source.url,
      source: source.local ? "local" : "remote",
      ref: source.ref,
      commit: git.commit,
      commitDate: git.commitDate,
      branch: git.branch,
    },
    totals: scan.totals,
    languages,
    excluded: {
      vendored: excluded.vendored,
      generated: excluded.generated,
      documentation: excluded.documentation,
      binary: excluded.binary,
      unknown: excluded.unknown,
      tooLarge: excluded["too-large"],
      symlinks: excluded.symlink.files,
      submodules: excluded.submodule.files,
      unreadable: excluded.unreadable.files,
    },
    structure: describeStructure(scan.files),
    manifests: deps.manifests,
    tooling: deps.tooling,
    git: { history: git.history, churn: activity.churn },
    hotspots: activity.hotspots,
    ownership: activity.ownership,
    complexity: { files: figures.complexFiles },
    summary,
    timings: run.timings,
    warnings: run.warnings,
  };
  return reportSchema.parse(
    boundReport(draft, {
      maxBytes: options.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES,
      manifestsCut: deps.manifestsCut,
    }),
  );
}
