import type { Readable, Writable } from "node:stream";
import { execa } from "execa";
import { AnalysisError } from "./errors.ts";

export interface GitOptions {
  /** Working directory of the git process. */
  cwd: string;
  /** HOME for git: the job's sandbox, so no user config, credential helper or cache applies. */
  home: string;
  /** Aborting kills git's whole process group (remote helpers, index-pack) at once. */
  signal?: AbortSignal;
  /** Wall-clock limit in ms; when it passes the process group is killed with `onTimeout`. */
  timeoutMs?: number;
  /** The error to fail with when `timeoutMs` passes; default GIT_FAILED. */
  onTimeout?: () => AnalysisError;
  /** Allow the file:// protocol and local paths (tests and local development only). */
  allowFile?: boolean;
  /** Extra `-c key=value` settings, e.g. `http.curloptResolve` to pin DNS answers. */
  config?: readonly string[];
  /**
   * Called once the process runs, with a function that kills it for a reason; returns a
   * disposer. The clone uses it to enforce the disk quota while git writes.
   */
  watch?: (kill: (reason: AnalysisError) => void) => () => void;
  /**
   * Receives stdout as it arrives instead of buffering it (runGit then returns an empty
   * buffer), with the same kill: for output that may be larger than we want to hold.
   */
  onStdout?: (chunk: Buffer, kill: (reason: AnalysisError) => void) => void;
  /** Sees stderr as it arrives (it is buffered all the same), with the same kill. */
  onStderr?: (chunk: Buffer, kill: (reason: AnalysisError) => void) => void;
  /** Written to git's stdin, which is closed after it; without it git's stdin is empty. */
  input?: Buffer;
  /** An index file of the caller's instead of the repository's own (GIT_INDEX_FILE). */
  indexFile?: string;
}

/**
 * Settings for a git command that must stay local. The clone is partial until it is cut off:
 * asked for a blob it lacks, git would fetch it from the remote on its own (a "lazy fetch"),
 * one request per blob, unbounded. Every protocol refused makes such a fetch fail instead, and
 * the child `git fetch` sees these too (git passes -c settings on in its environment).
 * GIT_NO_LAZY_FETCH would say the same, but only git >= 2.44 reads it.
 */
export const OFFLINE_CONFIG = [
  "protocol.allow=never",
  "protocol.https.allow=never",
  "protocol.file.allow=never",
];

/** A git command that exited non-zero on its own (not killed by us). */
export class GitExitError extends Error {
  readonly exitCode: number;
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number, stderr: string) {
    super(
      `git ${args[0] ?? ""} exited with ${exitCode}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
    this.name = "GitExitError";
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/**
 * The settings that make git safe to point at hostile repositories: no hooks (a cloned
 * repository cannot bring its own, but a local one can), https only, no LFS smudge, no
 * fsmonitor command from a repository's config, no submodule recursion, and no redirect
 * followed: a redirect is the application's to check (src/analysis/redirects.ts), since git
 * would follow one to any host, past the host rules and the DNS pin.
 */
function hardeningConfig(allowFile: boolean): string[] {
  const pairs = [
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.askPass=",
    "credential.helper=",
    "http.followRedirects=false",
    "protocol.allow=never",
    "protocol.https.allow=always",
    ...(allowFile ? ["protocol.file.allow=always"] : []),
    "submodule.recurse=false",
    "fetch.recurseSubmodules=false",
    "filter.lfs.smudge=",
    "filter.lfs.process=",
    "filter.lfs.required=false",
    "advice.detachedHead=false",
    "gc.auto=0",
    // A fetch (the tip's blobs) would start `git maintenance` after it.
    "maintenance.auto=false",
  ];
  return pairs.flatMap((p) => ["-c", p]);
}

function hardenedEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    // English messages: we recognise "not found" and friends by their text.
    LANG: "C",
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "/bin/false",
    SSH_ASKPASS: "/bin/false",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_LFS_SKIP_SMUDGE: "1",
    GIT_PROTOCOL_FROM_USER: "0",
    GIT_OPTIONAL_LOCKS: "0",
  };
}

function hardenedArgs(
  args: readonly string[],
  options: Pick<GitOptions, "allowFile" | "config">,
): string[] {
  return [
    ...hardeningConfig(options.allowFile ?? false),
    ...(options.config ?? []).flatMap((c) => ["-c", c]),
    ...args,
  ];
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone: nothing left to kill.
  }
}

/**
 * Runs git with the hardened settings and returns its stdout as bytes (paths in git output are
 * bytes, not necessarily UTF-8). Throws the AnalysisError that stopped it (cancel, timeout,
 * quota) or a {@link GitExitError} when git itself failed.
 *
 * @example
 * const out = await runGit(["rev-parse", "HEAD"], { cwd: repo, home: sandbox, signal });
 */
export async function runGit(args: readonly string[], options: GitOptions): Promise<Buffer> {
  const { signal } = options;
  if (signal?.aborted) throw new AnalysisError("CANCELLED", "the analysis was cancelled");

  const child = execa("git", hardenedArgs(args, options), {
    cwd: options.cwd,
    env: {
      ...hardenedEnv(options.home),
      ...(options.indexFile ? { GIT_INDEX_FILE: options.indexFile } : {}),
    },
    extendEnv: false,
    // Its own process group, so one kill reaches git-remote-https and index-pack too.
    detached: true,
    ...(options.input ? { input: options.input } : { stdin: "ignore" as const }),
    encoding: "buffer",
    buffer: { stdout: options.onStdout === undefined, stderr: true },
    reject: false,
    maxBuffer: 256 * 1024 * 1024,
  });

  let reason: AnalysisError | undefined;
  const kill = (why: AnalysisError) => {
    reason ??= why;
    killGroup(child.pid);
  };
  const onAbort = () => kill(new AnalysisError("CANCELLED", "the analysis was cancelled"));
  signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () =>
            kill(
              options.onTimeout?.() ??
                new AnalysisError(
                  "GIT_FAILED",
                  `git ${args[0]} took longer than ${options.timeoutMs} ms`,
                ),
            ),
          options.timeoutMs,
        );
  const unwatch = options.watch?.(kill);
  const { onStdout } = options;
  if (onStdout) child.stdout?.on("data", (chunk: Buffer) => onStdout(chunk, kill));
  const { onStderr } = options;
  if (onStderr) child.stderr?.on("data", (chunk: Buffer) => onStderr(chunk, kill));

  try {
    const result = await child;
    if (reason) throw reason;
    if (result.exitCode !== 0) {
      throw new GitExitError(
        args,
        result.exitCode ?? -1,
        Buffer.from(result.stderr).toString("utf8"),
      );
    }
    const out = result.stdout;
    return out ? Buffer.from(out.buffer, out.byteOffset, out.byteLength) : Buffer.alloc(0);
  } finally {
    clearTimeout(timer);
    unwatch?.();
    signal?.removeEventListener("abort", onAbort);
  }
}

/** A git that runs while the caller talks to it: see {@link spawnGit}. */
export interface GitSession {
  stdin: Writable;
  stdout: Readable;
  /** Resolves when git has exited, with the reason it was killed, if it was. */
  exited: Promise<{ exitCode: number | undefined; stderr: string; reason?: AnalysisError }>;
  /** Kills git's process group for `reason`; the first reason stays. */
  kill(reason: AnalysisError): void;
}

/**
 * Starts a long-running git with the hardened settings whose stdin and stdout the caller
 * streams (`git cat-file --batch`), in its own process group, which aborting `signal` kills.
 * The caller ends stdin to let git exit, and awaits `exited`.
 *
 * @example
 * const batch = spawnGit(["cat-file", "--batch"], { cwd: repo, home: sandbox, signal });
 */
export function spawnGit(
  args: readonly string[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "config" | "allowFile">,
): GitSession {
  const child = execa("git", hardenedArgs(args, options), {
    cwd: options.cwd,
    env: hardenedEnv(options.home),
    extendEnv: false,
    detached: true,
    stdin: "pipe",
    stdout: "pipe",
    encoding: "buffer",
    buffer: { stdout: false, stderr: true },
    reject: false,
  });
  let reason: AnalysisError | undefined;
  const kill = (why: AnalysisError) => {
    reason ??= why;
    killGroup(child.pid);
  };
  const { signal } = options;
  const onAbort = () => kill(new AnalysisError("CANCELLED", "the analysis was cancelled"));
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const exited = child.then((result) => {
    signal?.removeEventListener("abort", onAbort);
    return {
      exitCode: result.exitCode,
      stderr: Buffer.from(result.stderr ?? []).toString("utf8"),
      ...(reason ? { reason } : {}),
    };
  });
  return { stdin: child.stdin, stdout: child.stdout, exited, kill };
}
