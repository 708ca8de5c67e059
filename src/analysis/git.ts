import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
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
  /**
   * A git held for these arguments (`holdGits`, git-hold.ts), run instead of a new one: it
   * runs in the directory and with the settings it was held with.
   */
  held?: HeldGit;
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

/** Most stdout a git command may buffer (a listing streams through `onStdout` instead). */
const MAX_STDOUT_BYTES = 256 * 2 ** 20;
/** The end of stderr kept: git's own verdict ("fatal: ...") comes last, after any "remote:". */
const STDERR_TAIL_BYTES = 64 * 1024;

/**
 * One git process, hardened, in a process group of its own (so one kill reaches
 * git-remote-https and index-pack too), killed for the first reason given: cancel, timeout,
 * quota. Started with node:child_process rather than execa: on the analysis' path every
 * millisecond of CPU is ten at Render's 0.1 CPU, and execa took about 3 ms more per command
 * and 55 ms to load in each process (issue #20). A git held by a shell (`holdGits`,
 * git-hold.ts) is one too, in the shell's process group, and killed alone by its pid.
 */
export interface GitProcess {
  stdin: Writable | undefined;
  stdout: Readable;
  /** Resolves once git has exited and its output is closed. */
  done: Promise<GitEnd>;
  kill(reason: AnalysisError): void;
}

/** How a git process ended: its exit code, the end of its stderr, and why we killed it, if we did. */
export interface GitEnd {
  exitCode: number | undefined;
  stderr: string;
  reason?: AnalysisError;
}

/** The hardened command line and environment of a git: see {@link runGit}. */
export function hardenedGit(
  args: readonly string[],
  options: Pick<GitOptions, "home" | "config" | "allowFile" | "indexFile">,
): { argv: string[]; env: Record<string, string> } {
  return {
    argv: hardenedArgs(args, options),
    env: {
      ...hardenedEnv(options.home),
      ...(options.indexFile ? { GIT_INDEX_FILE: options.indexFile } : {}),
    },
  };
}

/**
 * Keeps the end of what `stderr` says (STDERR_TAIL_BYTES), showing each chunk to `onStderr`
 * with `kill`; the returned function gives it as text.
 */
export function stderrTail(
  stderr: Readable,
  onStderr: GitOptions["onStderr"],
  kill: (reason: AnalysisError) => void,
): () => string {
  let tail = Buffer.alloc(0);
  stderr.on("data", (chunk: Buffer) => {
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > STDERR_TAIL_BYTES) tail = tail.subarray(-STDERR_TAIL_BYTES);
    onStderr?.(chunk, kill);
  });
  return () => tail.toString("utf8");
}

function startGit(
  args: readonly string[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "config" | "allowFile" | "indexFile"> & {
    stdin: "pipe" | "ignore";
    onStderr?: GitOptions["onStderr"];
  },
): GitProcess {
  const { argv, env } = hardenedGit(args, options);
  const child = spawn("git", argv, {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: [options.stdin, "pipe", "pipe"],
  });
  let reason: AnalysisError | undefined;
  const kill = (why: AnalysisError) => {
    reason ??= why;
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone: nothing left to kill.
    }
  };
  const { signal } = options;
  const onAbort = () => kill(cancelled());
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const stderr = stderrTail(child.stderr as Readable, options.onStderr, kill);
  const done = new Promise<GitEnd>((resolve) => {
    const end = (exitCode: number | undefined) => {
      signal?.removeEventListener("abort", onAbort);
      resolve({ exitCode, stderr: stderr(), ...(reason ? { reason } : {}) });
    };
    // A git that cannot start (not installed, cwd gone) reports it here, and closes nothing.
    child.once("error", (error) => {
      reason ??= new AnalysisError("GIT_FAILED", `git could not be started: ${error.message}`);
      end(undefined);
    });
    child.once("close", (code) => end(code ?? undefined));
  });
  return { stdin: child.stdin ?? undefined, stdout: child.stdout as Readable, done, kill };
}

/** The failure of a git stopped because the analysis was cancelled. */
export const cancelled = () => new AnalysisError("CANCELLED", "the analysis was cancelled");

/**
 * Runs git with the hardened settings and returns its stdout as bytes (paths in git output are
 * bytes, not necessarily UTF-8). Throws the AnalysisError that stopped it (cancel, timeout,
 * quota) or a {@link GitExitError} when git itself failed. With `held`, the git held for these
 * arguments runs instead of a new one.
 *
 * @example
 * const out = await runGit(["rev-parse", "HEAD"], { cwd: repo, home: sandbox, signal });
 */
export async function runGit(args: readonly string[], options: GitOptions): Promise<Buffer> {
  if (options.signal?.aborted) throw cancelled();
  if (options.held) return options.held.run(args, options);
  const git = startGit(args, { ...options, stdin: options.input ? "pipe" : "ignore" });
  if (options.input) {
    // EPIPE when git exits without reading all of it: its exit says why.
    git.stdin?.on("error", () => {});
    git.stdin?.end(options.input);
  }
  return supervise(git, args, options);
}

/** The limits, handlers and verdict of {@link runGit}, for a git that runs from now on. */
export async function supervise(
  git: GitProcess,
  args: readonly string[],
  options: Omit<GitOptions, "cwd" | "home">,
): Promise<Buffer> {
  const { timeoutMs } = options;
  const timedOut = () =>
    options.onTimeout?.() ??
    new AnalysisError("GIT_FAILED", `git ${args[0]} took longer than ${timeoutMs} ms`);
  const started = performance.now();
  const { kill } = git;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => kill(timedOut()), timeoutMs);
  const unwatch = options.watch?.(kill);
  const { onStdout } = options;
  const out: Buffer[] = [];
  let outBytes = 0;
  git.stdout.on("data", (chunk: Buffer) => {
    if (onStdout) return onStdout(chunk, kill);
    outBytes += chunk.length;
    if (outBytes > MAX_STDOUT_BYTES)
      kill(
        new AnalysisError(
          "GIT_FAILED",
          `git ${args[0]} wrote more than ${MAX_STDOUT_BYTES / 2 ** 20} MB`,
        ),
      );
    else out.push(chunk);
  });

  try {
    const { exitCode, stderr, reason } = await git.done;
    if (reason) throw reason;
    // Ended past its limit all the same: on a busy machine git's exit and the timer fall due
    // in one turn of the event loop, and the exit may be seen first. The limit decides, not
    // the order the loop saw them in.
    if (timeoutMs !== undefined && performance.now() - started > timeoutMs) throw timedOut();
    if (exitCode !== 0) throw new GitExitError(args, exitCode ?? -1, stderr);
    return Buffer.concat(out);
  } finally {
    clearTimeout(timer);
    unwatch?.();
  }
}

/** A git that runs while the caller talks to it: see {@link spawnGit}. */
export interface GitSession {
  stdin: Writable;
  stdout: Readable;
  /** Resolves when git has exited, with the reason it was killed, if it was. */
  exited: Promise<GitEnd>;
  /** Kills git's process group for `reason`; the first reason stays. */
  kill(reason: AnalysisError): void;
}

/**
 * Starts a long-running git with the hardened settings whose stdin and stdout the caller
 * streams (`git cat-file --batch`), in its own process group, which aborting `signal` kills.
 * The caller ends stdin to let git exit, and awaits `exited`. With `held`, the git held for
 * these arguments starts instead of a new one.
 *
 * @example
 * const batch = spawnGit(["cat-file", "--batch"], { cwd: repo, home: sandbox, signal });
 */
export function spawnGit(
  args: readonly string[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "config" | "allowFile" | "held">,
): GitSession {
  const git = options.held
    ? options.held.start(args, options.signal)
    : startGit(args, { ...options, stdin: "pipe" });
  const { stdin, stdout, done, kill } = git;
  return { stdin: stdin as Writable, stdout, exited: done, kill };
}

/**
 * A git forked ahead, with its directory and settings, and started later, once, for the same
 * arguments: see `holdGits` (git-hold.ts).
 */
export interface HeldGit {
  /** Runs it as {@link runGit} runs `args`, its limits counted from now. */
  run(args: readonly string[], options: Omit<GitOptions, "cwd" | "home" | "held">): Promise<Buffer>;
  /** Starts it for the caller to talk to, as {@link spawnGit} starts `args`. */
  start(args: readonly string[], signal?: AbortSignal): GitProcess;
  /** Lets it go unrun, or waits for its end if it ran; resolves once nothing of it is left. */
  dispose(): Promise<void>;
}
