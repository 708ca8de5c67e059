import path from "node:path";
import type { Logger } from "pino";
import { type CloneResult, cloneRepository } from "./clone.ts";
import { AnalysisError, throwIfCancelled } from "./errors.ts";
import { changeLogArgs } from "./facts/changes.ts";
import { DEFAULT_MAX_FILES } from "./file-count.ts";
import { gitTls } from "./git-tls.ts";
import { type CheckedRemote, followRedirects } from "./redirects.ts";
import type { Report } from "./report.ts";
import { redirectOptions } from "./resolve.ts";
import { createSandbox, type Sandbox } from "./sandbox.ts";
import type { AnalysisStep } from "./steps.ts";
import type { SummaryOptions } from "./summary/index.ts";
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

const DEFAULT_HISTORY_COMMITS = 1000;

/** The bookkeeping every step shares: progress, step timings, warnings, the signal. */
export interface Run {
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
export interface Source {
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
  const historyCommits = options.historyCommits ?? DEFAULT_HISTORY_COMMITS;
  // The steps after the clone, and the language tables they build, load while git clones. git
  // starts first: the clone of a local directory forks its gits, the history's log among them,
  // before its first await (see holdGits), whereas import() reads and compiles the module there
  // and then, 24 ms of a CLI run on a slow host.
  const cloning = cloneStep(source, box, options, run, changeLogArgs(historyCommits));
  const steps = loadMeasure();
  let cloned: CloneResult | undefined;
  try {
    cloned = await cloning;
    const { measure } = await steps;
    return await measure({ box, source, cloned, historyCommits }, options, run);
  } finally {
    await cloned?.log?.dispose();
    await cloned?.objects.close();
    await box.dispose();
  }
}

let measureModule: Promise<typeof import("./measure.ts")> | undefined;

/**
 * The module of the steps after the clone, loaded once. analyze() asks for it as the clone
 * starts, so that a fresh process (the CLI) evaluates the scan's language tables while git
 * works rather than before git starts; a process started ahead of its job (the worker's
 * analysis process) asks for it while it waits, so that no job waits for it.
 */
export function loadMeasure(): Promise<typeof import("./measure.ts")> {
  measureModule ??= import("./measure.ts");
  return measureModule;
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
  log: readonly string[],
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
      log,
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
