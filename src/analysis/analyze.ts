import path from "node:path";
import type { Logger } from "pino";
import {
  cloneRepository,
  type Pin,
  quotaWatcher,
  resolveRemoteCommit,
  transportConfig,
} from "./clone.ts";
import { AnalysisError, throwIfCancelled } from "./errors.ts";
import { historyActivity, measuredFiles } from "./facts/activity.ts";
import { gitFacts } from "./facts/history.ts";
import { type ReadText, readManifests } from "./facts/manifests.ts";
import { describeStructure } from "./facts/structure.ts";
import { detectTooling } from "./facts/tooling.ts";
import { DEFAULT_MAX_FILES } from "./file-count.ts";
import { followRedirects, type RedirectOptions } from "./redirects.ts";
import { REPORT_SCHEMA_VERSION, type Report, reportSchema } from "./report.ts";
import {
  boundReport,
  DEFAULT_MAX_REPORT_BYTES,
  type DraftReport,
  MANIFEST_LIMITS,
} from "./report-limits.ts";
import { createSandbox } from "./sandbox.ts";
import { scanTree } from "./scan/index.ts";
import { readTracked } from "./scan/read.ts";
import { withShares } from "./scan/share.ts";
import { buildDigest } from "./summary/digest.ts";
import type { Figures } from "./summary/figures.ts";
import { type SummaryOptions, summarise } from "./summary/index.ts";
import { hostGuard, validateRef, validateRepoUrl } from "./url.ts";

/**
 * What to analyse: a repository to clone, or a local repository (the CLI's), whose committed
 * HEAD is cloned into the sandbox like any other: see {@link analyze}.
 */
export type AnalysisTarget = { url: string; ref?: string | null } | { directory: string };

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
  /** Most files a repository's tree may have, counted before checkout (MAX_FILES); default 40,000. */
  maxFiles?: number;
  /** Files larger than this are listed but not read; default 5 MB. */
  maxFileBytes?: number;
  /** History window in commits; default 1000. */
  historyCommits?: number;
  /** Time budget of the history fetch and log in ms; default 30 s. */
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
   * PEM file of the certificate authorities git trusts for https (GIT_CA_BUNDLE; git's
   * `http.sslCAInfo`), e.g. a company CA in front of a self-hosted GitLab. Absolute: git runs in
   * the sandbox. Default: the system's CAs only. Debian's libcurl keeps trusting its CA directory
   * beside this file; a libcurl built with a default CA file instead trusts this one alone.
   */
  caFile?: string;
}

/** The steps of an analysis, in order. */
export const ANALYSIS_STEPS = ["cloning", "scanning", "dependencies", "git", "summary"] as const;
type AnalysisStep = (typeof ANALYSIS_STEPS)[number];

export interface AnalysisHooks {
  /** Aborting stops the running step (git's process group is killed) and cleans up. */
  signal?: AbortSignal;
  /** Progress within a step, 0-100; called at each step's start and end, and during scanning. */
  onProgress?: (step: AnalysisStep, percentage: number) => void;
  logger?: Logger;
}

const MB = 1024 * 1024;

/**
 * Runs the whole analysis of one repository: validate, clone into a fresh sandbox (or use a
 * local repository's committed HEAD over file://), scan, read manifests and tooling, git facts,
 * optional summary.
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
  const { signal, logger } = hooks;
  let last = "";
  const progress = (step: AnalysisStep, pct: number) => {
    const key = `${step}:${Math.round(pct)}`;
    if (key === last) return;
    last = key;
    hooks.onProgress?.(step, Math.round(pct));
  };
  const timings: Record<string, number> = {};
  const started = performance.now();
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t0);
    }
  };
  const warnings: string[] = [];

  const local = "directory" in target;
  let url: string;
  let ref: string | null = null;
  let host: string | undefined;
  if (local) url = path.resolve(target.directory);
  else {
    ref = target.ref ? validateRef(target.ref) : null;
    if (options.allowLocal && !/^https:\/\//i.test(target.url)) url = target.url;
    else ({ url, host } = validateRepoUrl(target.url, options.allowedHosts));
  }
  throwIfCancelled(signal);

  const box = await createSandbox(options.sandboxDir, local ? "local" : "job");
  try {
    // A local directory is cloned too, never read in place: in place, git would read that
    // repository's own configuration (gpg.program with log.showSignature, core.pager,
    // diff.external, core.fsmonitor... each runs a program the repository names) and the scan
    // would follow a tracked folder someone replaced by a symlink out of the tree. Cloned over
    // file:// with the worker's hardened git, only committed objects cross, under the same
    // limits, with core.symlinks=false. The price: uncommitted edits are not in the report.
    const root = box.repo;
    const allowFile = local || options.allowLocal;

    progress("cloning", 0);
    // The DNS answers checked once, for the host any redirect led to, before the clone; the
    // history fetch reuses them.
    const pin = await time("clone", async (): Promise<Pin | undefined> => {
      const checked = host
        ? await followRedirects({ url, host }, redirectOptions(options, signal, logger))
        : undefined;
      await cloneRepository({
        url: checked?.url ?? url,
        ref,
        dest: box.repo,
        home: box.home,
        timeoutMs: options.cloneTimeoutMs,
        maxBytes: options.maxRepoBytes,
        maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
        allowLocal: allowFile,
        ...(checked ? { pin: checked.pin } : {}),
        ...(options.caFile ? { caFile: options.caFile } : {}),
        signal,
        logger,
      }).catch((error: unknown) => {
        if (local && error instanceof AnalysisError && error.code === "REPO_NOT_FOUND")
          throw new AnalysisError(
            "NOT_A_REPOSITORY",
            `${url} is not a git repository: give the top folder of a work tree, or a bare repository`,
            { cause: error },
          );
        throw error;
      });
      return checked?.pin;
    });
    progress("cloning", 100);

    progress("scanning", 0);
    const scan = await time("scan", () =>
      scanTree(root, {
        home: box.home,
        maxFileBytes: options.maxFileBytes ?? 5 * MB,
        signal,
        onProgress: (f) => progress("scanning", f * 100),
      }),
    );
    progress("scanning", 100);
    throwIfCancelled(signal);

    progress("dependencies", 0);
    const rootPrefix = Buffer.from(root.endsWith(path.sep) ? root : root + path.sep);
    const read: ReadText = (p) => {
      const r = readTracked(rootPrefix, Buffer.from(p), MB);
      return r.kind === "file" ? r.bytes.toString("utf8") : undefined;
    };
    const files = scan.files.filter((f) => f.category !== "symlink" && f.category !== "submodule");
    // Vendored copies (node_modules, vendor/) are other projects' manifests, not this one's; but
    // tooling looks at every path, since Linguist counts .github/ as vendored too.
    const own = files.filter((f) => f.category !== "vendored");
    const {
      manifests,
      problems,
      truncated: manifestsCut,
    } = await time("dependencies", async () => readManifests(own, read, MANIFEST_LIMITS));
    for (const p of problems) warnings.push(`manifest skipped: ${p}`);
    const tooling = detectTooling(
      files.map((f) => f.path),
      manifests,
      read,
    );
    progress("dependencies", 100);
    throwIfCancelled(signal);

    progress("git", 0);
    const git = await time("git", () =>
      gitFacts(root, {
        home: box.home,
        fetch: true,
        allowFile,
        maxCommits: options.historyCommits ?? 1000,
        timeoutMs: options.historyTimeoutMs ?? 30_000,
        // The history fetch goes back to the host: same pinned addresses, same trusted CAs.
        config: transportConfig(pin, options.caFile),
        signal,
        watch: quotaWatcher(box.repo, options.maxRepoBytes, 500),
      }),
    );
    if (!git.history.available) warnings.push(git.history.reason);
    const measured = measuredFiles(scan.files);
    const activity = await time("churn", () =>
      historyActivity(root, git, measured, {
        home: box.home,
        allowFile,
        maxCommits: options.historyCommits ?? 1000,
        timeoutMs: options.historyTimeoutMs ?? 30_000,
        signal,
      }),
    );
    if (git.history.available && !activity.churn.available) warnings.push(activity.churn.reason);
    progress("git", 100);

    const languages = withShares(scan.languages);
    const complexFiles = [...measured]
      .sort((a, b) => b.code - a.code || a.path.localeCompare(b.path))
      .map(({ path, language, code, complexity }) => ({ path, language, code, complexity }));
    const figures: Figures = {
      totals: scan.totals,
      languages,
      history: git.history,
      ownership: activity.ownership,
      hotspots: activity.hotspots,
      complexFiles,
    };

    progress("summary", 0);
    const summary = await time("summary", async () => {
      if (!options.summary?.apiKey)
        return { status: "skipped" as const, reason: "no API key configured (OPENROUTER_API_KEY)" };
      const digest = buildDigest(
        {
          url,
          files: scan.files,
          languages: scan.languages,
          manifests,
          readme: tooling.docs.readme,
          read,
          figures,
        },
        options.summary.tokenBudget ?? 6000,
      );
      return summarise(digest, options.summary, signal, logger, figures);
    });
    if (summary.status === "failed") warnings.push(`summary failed: ${summary.reason}`);
    if (summary.status === "completed" && summary.dropped)
      warnings.push(
        `summary: ${summary.dropped.length} claim(s) dropped, their numbers contradicted the measured figures`,
      );
    progress("summary", 100);

    const { excluded } = scan;
    if (excluded["too-large"].files > 0)
      warnings.push(
        `${excluded["too-large"].files} files over ${Math.round((options.maxFileBytes ?? 5 * MB) / MB)} MB were not counted`,
      );
    if (excluded.unreadable.files > 0)
      warnings.push(`${excluded.unreadable.files} tracked files could not be read`);

    timings.total = Math.round(performance.now() - started);
    const draft: DraftReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      repo: {
        url,
        source: local ? "local" : "remote",
        ref,
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
      manifests,
      tooling,
      git: { history: git.history, churn: activity.churn },
      hotspots: activity.hotspots,
      ownership: activity.ownership,
      complexity: { files: complexFiles },
      summary,
      timings,
      warnings,
    };
    return reportSchema.parse(
      boundReport(draft, {
        maxBytes: options.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES,
        manifestsCut,
      }),
    );
  } finally {
    await box.dispose();
  }
}

/** The redirect check under the analysis' rules: its hosts, DNS guard, CAs and clone time. */
function redirectOptions(
  options: AnalysisOptions,
  signal: AbortSignal | undefined,
  logger: Logger | undefined,
): RedirectOptions {
  return {
    allowedHosts: options.allowedHosts,
    resolveHost: options.resolveHost ?? hostGuard(options.privateHosts ?? []),
    caFile: options.caFile,
    timeoutMs: options.cloneTimeoutMs,
    signal,
    logger,
  };
}

/**
 * The commit a repository's ref (or default branch) points at, without cloning, under the same
 * URL rules and DNS guard as {@link analyze}. Lets the worker reuse a report of the same commit.
 *
 * @example
 * const sha = await resolveCommit({ url: "https://github.com/honojs/hono" }, options, { signal });
 */
export async function resolveCommit(
  target: { url: string; ref?: string | null },
  options: AnalysisOptions,
  hooks: Pick<AnalysisHooks, "signal" | "logger"> = {},
): Promise<string> {
  const ref = target.ref ? validateRef(target.ref) : null;
  let url = target.url;
  let host: string | undefined;
  if (!(options.allowLocal && !/^https:\/\//i.test(target.url)))
    ({ url, host } = validateRepoUrl(target.url, options.allowedHosts));
  const checked = host
    ? await followRedirects({ url, host }, redirectOptions(options, hooks.signal, hooks.logger))
    : undefined;
  const box = await createSandbox(options.sandboxDir, "resolve");
  try {
    return await resolveRemoteCommit({
      url: checked?.url ?? url,
      ref,
      home: box.home,
      allowLocal: options.allowLocal,
      timeoutMs: options.cloneTimeoutMs,
      ...(checked ? { pin: checked.pin } : {}),
      ...(hooks.logger ? { logger: hooks.logger } : {}),
      ...(options.caFile ? { caFile: options.caFile } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
  } finally {
    await box.dispose();
  }
}
