import type { Logger } from "pino";
import type { AnalysisHooks, AnalysisOptions } from "./analyze.ts";
import { resolveRemoteCommit } from "./clone.ts";
import { gitTls } from "./git-tls.ts";
import { hostGuard } from "./host-guard.ts";
import {
  type CheckedRemote,
  followRedirects,
  type ProbedRemote,
  type RedirectOptions,
} from "./redirects.ts";
import { createSandbox } from "./sandbox.ts";
import { takenAsLocalPath, validateRef, validateRepoUrl } from "./url-rules.ts";

/** The redirect check under the analysis' rules: its hosts, DNS guard, CAs and clone time. */
export function redirectOptions(
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

/** A ref's commit, and where the redirect check of its URL led (none for a local path). */
export interface ResolvedCommit {
  commit: string;
  checked?: CheckedRemote;
}

/**
 * Where the redirect check of a repository URL led, under the same URL rules and DNS guard as
 * {@link analyze}; undefined for a local path. Lets the worker check a URL that skips the cache
 * (a forced run) and hand the answer to the analysis, as {@link resolveCommit} does: the
 * check costs a process that has Node's TLS loaded and warm a fraction of what it costs the
 * job's fresh analysis process (docs/PERFORMANCE.md, "The redirect check in the worker").
 *
 * @example
 * const checked = await checkRemote({ url: "https://github.com/honojs/hono" }, options, { signal });
 */
export async function checkRemote(
  target: { url: string },
  options: AnalysisOptions,
  hooks: Pick<AnalysisHooks, "signal" | "logger"> = {},
): Promise<CheckedRemote | undefined> {
  const { probed } = await probe(target.url, options, hooks);
  return probed && checkedOf(probed);
}

/**
 * The commit a repository's ref (or default branch) points at, without cloning, under the same
 * URL rules and DNS guard as {@link analyze}. Lets the worker reuse a report of the same commit,
 * and hand the redirect check to the analysis that follows (`checked` in its target).
 *
 * @example
 * const { commit, checked } = await resolveCommit({ url: "https://github.com/honojs/hono" }, options, { signal });
 */
export async function resolveCommit(
  target: { url: string; ref?: string | null },
  options: AnalysisOptions,
  hooks: Pick<AnalysisHooks, "signal" | "logger"> = {},
): Promise<ResolvedCommit> {
  const ref = target.ref ? validateRef(target.ref) : null;
  const { url, probed } = await probe(target.url, options, hooks);
  const checked = probed && checkedOf(probed);
  // The default branch's commit came with the redirect check's answer: no ls-remote for it.
  if (checked && !ref && probed?.head) return { commit: probed.head, checked };
  const box = await createSandbox(options.sandboxDir, "resolve");
  try {
    const tls = checked ? await gitTls(box.dir, options.caFile) : undefined;
    const commit = await resolveRemoteCommit({
      url: checked?.url ?? url,
      ref,
      home: box.home,
      allowLocal: options.allowLocal,
      timeoutMs: options.cloneTimeoutMs,
      ...(checked ? { pin: checked.pin } : {}),
      ...(hooks.logger ? { logger: hooks.logger } : {}),
      ...(tls ? { tls } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    return checked ? { commit, checked } : { commit };
  } finally {
    await box.dispose();
  }
}

/**
 * The URL git is to use and, for a remote one, its redirect check: a local path (where allowed)
 * is neither validated as a URL nor probed.
 */
async function probe(
  url: string,
  options: AnalysisOptions,
  hooks: Pick<AnalysisHooks, "signal" | "logger">,
): Promise<{ url: string; probed?: ProbedRemote }> {
  if (takenAsLocalPath(url, options.allowLocal)) return { url };
  const remote = validateRepoUrl(url, options.allowedHosts);
  return {
    url: remote.url,
    probed: await followRedirects(remote, redirectOptions(options, hooks.signal, hooks.logger)),
  };
}

/** What the analysis is handed of a probe: the commit HEAD named stays behind. */
function checkedOf(probed: ProbedRemote): CheckedRemote {
  return {
    url: probed.url,
    pin: probed.pin,
    ...(probed.anchor ? { anchor: probed.anchor } : {}),
  };
}
