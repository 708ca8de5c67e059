import path from "node:path";
import type { Logger } from "pino";
import { type CloneResult, cloneRepository } from "./clone.ts";
import { AnalysisError, throwIfCancelled } from "./errors.ts";
import { type Activity, historyActivity, type Measured, measuredFiles } from "./facts/activity.ts";
import { type GitFacts, gitFacts } from "./facts/history.ts";
import { type Cut, type Manifest, type ReadText, readManifests } from "./facts/manifests.ts";
import { describeStructure } from "./facts/structure.ts";
import { detectTooling } from "./facts/tooling.ts";
import { DEFAULT_MAX_FILES } from "./file-count.ts";
import { gitTls } from "./git-tls.ts";
import { type CheckedRemote, followRedirects } from "./redirects.ts";
import { REPORT_SCHEMA_VERSION, type Report, reportSchema, type SummaryReport } from "./report.ts";
import {
  boundReport,
  DEFAULT_MAX_REPORT_BYTES,
  type DraftReport,
  MANIFEST_LIMITS,
} from "./report-limits.ts";
import { redirectOptions } from "./resolve.ts";
import { createSandbox, type Sandbox } from "./sandbox.ts";
import type { BlobReader } from "./scan/blobs.ts";
import { type ScanResult, scanTree } from "./scan/index.ts";
import { withShares } from "./scan/share.ts";
import type { AnalysisStep } from "./steps.ts";
import { buildDigest } from "./summary/digest.ts";
import type { Figures } from "./summary/figures.ts";
import { type SummaryOptions, summarise } from "./summary/index.ts";
import { compareText } from "./text-order.ts";
import { takenAsLocalPath, validateRef, validateRepoUrl } from "./url-rules.ts";

/**
 * What to analyse: a repository to clone, or a local repository (the CLI's), whose committed
 * HEAD is cloned into the sandbox like any other: see {@link analyze}.
 */
export type AnalysisTarget =
  | {
      url: string;
      ref?: string | null;
      /**
       * Where the redirect check of `url` led, when the caller made it moments ago under the
       * same options ({@link resolveCommit} and {@link checkRemote} do): the worker hands it
       * on, so that each job probes its host once, not twice.
       */
      checked?: CheckedRemote;
    }
  | { directory: string };

export interface AnalysisOptions {
  /** Parent of the per-job directories (SANDBOX_DIR). */
  sandboxDir: string;
  /** Hosts a repository URL may name (ALLOWED_GIT_HOSTS). */
  allowedHosts: readonly string[];
  /** Accept local paths and file:// URLs as `url` (ALLOW_LOCAL_REPOS; tests and development). */
  allowLocal: boolean;
  /** Disk quota of a clone in bytes (MAX_REPO_SIZE_MB). */
  maxRepoBytes: number;
  /** Wall-clock limit of the clone in ms (CLONE_TIMEOUT_MS). */
  cloneTimeoutMs: number;
  /** Most files a repository's tree may have, counted before their contents are fetched (MAX_FILES); default 40,000. */
  maxFiles?: number;
  /** Files larger than this are listed but not read; default 5 MB. */
  maxFileBytes?: number;
  /** History window in commits; default 1000. */
  historyCommits?: number;
  /** Time budget of each read of the history (its log) in ms; default 30 s. The history comes
   * with the clone, under the clone's own time limit. */
  historyTimeoutMs?: number;
  /** Hard cap on the serialised report in bytes (MAX_REPORT_KB); default 1 MB. */
  maxReportBytes?: number;
  /** LLM summary; without `apiKey` the report says it was skipped. */
  summary?: SummaryOptions & { tokenBudget?: number };
  /** DNS resolver for the private-address guard; the system's by default. */
  resolveHost?: (host: string) => Promise<string[]>;
  /**
   * Allowed hosts that may resolve to private and loopback addresses (PRIVATE_GIT_HOSTS): a
   * self-hosted GitLab on the operator's network. Default: none.
   */
  privateHosts?: readonly string[];
  /**
   * PEM file of certificate authorities git trusts for https beside the system's
   * (GIT_CA_BUNDLE), e.g. a company CA in front of a self-hosted GitLab; see {@link gitTls}.
   * Absolute: git runs in the sandbox. Default: the system's CAs only.
   */
  caFile?: string;
}

export interface AnalysisHooks {
  /** Aborting stops the running step (git's process group is killed) and cleans up. */
  signal?: AbortSignal;
  /** Progress within a step, 0-100; called at each step's start and end, and during scanning. */
  onProgress?: (step: AnalysisStep, percentage: number) => void;
  logger?: Logger;
}

const MB = 1024 * 1024;
const DEFAULT_HISTORY_COMMITS = 1000;

/** The bookkeeping every step shares: progress, step timings, warnings, the signal. */
interface Run {
  signal: AbortSignal | undefined;
  logger: Logger | undefined;
  progress(step: AnalysisStep, percentage: number): void;
  /** Runs `fn`, recording how long it took under `name` in the report's timings. */
  time<T>(name: string, fn: () => Promise<T>): Promise<T>;
  timings: Record<string, number>;
  warnings: string[];
  started: number;
}

function startRun(hooks: AnalysisHooks): Run {
  let last = "";
  const timings: Record<string, number> = {};
  return {
    signal: hooks.signal,
    logger: hooks.logger,
    progress: (step, pct) => {
      const key = `${step}:${Math.round(pct)}`;
      if (key === last) return;
      last = key;
      hooks.onProgress?.(step, Math.round(pct));
    },
    time: async (name, fn) => {
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        timings[name] = Math.round(performance.now() - t0);
      }
    },
    timings,
    warnings: [],
    started: performance.now(),
  };
}

/** Where the repository comes from, validated. */
interface Source {
  url: string;
  ref: string | null;
  /** The host to check redirects and DNS for; absent for a local repository. */
  host: string | undefined;
  /** The CLI's local directory. */
  local: boolean;
  /** Whether git may use file:// (a local directory, or ALLOW_LOCAL_REPOS). */
  allowFile: boolean;
  /** The redirect check already made for `url`, if the caller made it. */
  checked?: CheckedRemote | undefined;
}

function resolveSource(target: AnalysisTarget, options: AnalysisOptions): Source {
  if ("directory" in target)
    return {
      url: path.resolve(target.directory),
      ref: null,
      host: undefined,
      local: true,
      allowFile: true,
    };
  const ref = target.ref ? validateRef(target.ref) : null;
  if (takenAsLocalPath(target.url, options.allowLocal))
    return { url: target.url, ref, host: undefined, local: false, allowFile: true };
  const { url, host } = validateRepoUrl(target.url, options.allowedHosts);
  return { url, ref, host, local: false, allowFile: options.allowLocal, checked: target.checked };
}

/**
 * Runs the whole analysis of one repository: validate, clone the tip and its history into a
 * fresh sandbox (or a local repository's committed HEAD over file://), scan, read manifests
 * and tooling, git history and its activity, optional summary, then the bounded report.
 * The sandbox is removed whatever happens. Throws {@link AnalysisError}; a failed summary or
 * unavailable history only adds a warning.
 *
 * @example
 * const report = await analyze({ url: "https://github.com/honojs/hono" }, options, { signal, onProgress });
 */
export async function analyze(
  target: AnalysisTarget,
  options: AnalysisOptions,
  hooks: AnalysisHooks = {},
): Promise<Report> {
  const run = startRun(hooks);
  const source = resolveSource(target, options);
  throwIfCancelled(run.signal);

  const box = await createSandbox(options.sandboxDir, source.local ? "local" : "job");
  let blobs: BlobReader | undefined;
  const stopLog = new AbortController();
  let log: Promise<GitFacts> | undefined;
  try {
    const cloned = await cloneStep(source, box, options, run);
    // The clone's one git reads the files, for the scan and every step after it.
    blobs = cloned.objects;
    // The history's log needs only the clone: its git runs while the scan reads the files.
    log = readHistory(box, source, cloned, options, run, stopLog.signal);
    // Handled here so that a failed log never counts as an unhandled rejection while the scan
    // runs; historyStep still sees its failure.
    log.catch(() => {});
    const scan = await scanStep(box, cloned, blobs, options, run);
    const deps = await dependenciesStep(scan, blobs, run);
    const history = await historyStep(log, scan, run);
    const languages = withShares(scan.languages);
    const figures = figuresOf(scan, languages, history);
    const summary = await summaryStep(source, scan, deps, figures, options, run);
    return buildReport({ source, scan, deps, history, languages, figures, summary }, options, run);
  } finally {
    // A step that failed leaves the log running: its git is stopped before the sandbox goes.
    stopLog.abort();
    await log?.catch(() => {});
    await blobs?.close();
    await box.dispose();
  }
}

/**
 * The clone, with the history window in the same fetch. A local directory is cloned too, never
 * read in place: in place, git would read that repository's own configuration (gpg.program
 * with log.showSignature, core.pager, diff.external, core.fsmonitor... each runs a program the
 * repository names). Cloned with the worker's hardened git, only committed objects are read,
 * under the same limits, and the scan reads them through the clone, whose configuration is
 * ours, and where a symlink is an entry, never a path to follow. The clone shares the
 * directory's object store rather than copy it over file:// (`shared`: the same report, read
 * in place); a path or file:// URL under ALLOW_LOCAL_REPOS stands in for a served repository
 * (tests), and is fetched as one. The price: uncommitted edits are not in the report. A
 * remote's redirects and DNS answers are checked once, before git runs.
 */
async function cloneStep(
  source: Source,
  box: Sandbox,
  options: AnalysisOptions,
  run: Run,
): Promise<CloneResult> {
  const { url, host, local } = source;
  run.progress("cloning", 0);
  const cloned = await run.time("clone", async () => {
    const checked = host
      ? (source.checked ??
        (await followRedirects({ url, host }, redirectOptions(options, run.signal, run.logger))))
      : undefined;
    const tls = host
      ? await gitTls(box.dir, options.caFile, undefined, checked?.anchor)
      : undefined;
    return cloneRepository({
      url: checked?.url ?? url,
      ref: source.ref,
      dest: box.repo,
      home: box.home,
      timeoutMs: options.cloneTimeoutMs,
      maxBytes: options.maxRepoBytes,
      maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
      depth: options.historyCommits ?? DEFAULT_HISTORY_COMMITS,
      allowLocal: source.allowFile,
      shared: local,
      ...(checked ? { pin: checked.pin } : {}),
      ...(tls ? { tls } : {}),
      signal: run.signal,
      logger: run.logger,
    }).catch((error: unknown) => {
      if (local && error instanceof AnalysisError && error.code === "REPO_NOT_FOUND")
        throw new AnalysisError(
          "NOT_A_REPOSITORY",
          `${url} is not a git repository: give the top folder of a work tree, or a bare repository`,
          { cause: error },
        );
      throw error;
    });
  });
  run.progress("cloning", 100);
  return cloned;
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
  const own = files.filter((f) => f.category !== "vendored");
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
  box: Sandbox,
  source: Source,
  cloned: CloneResult,
  options: AnalysisOptions,
  run: Run,
  stop: AbortSignal,
): Promise<GitFacts> {
  const signal = run.signal ? AbortSignal.any([run.signal, stop]) : stop;
  return run.time("git", async (): Promise<GitFacts> => {
    const facts = await gitFacts(box.repo, {
      home: box.home,
      allowFile: source.allowFile,
      maxCommits: options.historyCommits ?? DEFAULT_HISTORY_COMMITS,
      timeoutMs: options.historyTimeoutMs ?? 30_000,
      paths: new Set(cloned.tip.map((entry) => entry.path)),
      signal,
      head: { commit: cloned.commit, commitDate: cloned.commitDate, branch: cloned.branch },
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
