import { type ChildProcess, spawn } from "node:child_process";
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
 * and 55 ms to load in each process (issue #20).
 */
interface GitProcess {
  child: ChildProcess;
  /** Resolves once git has exited and its output is closed. */
  done: Promise<GitEnd>;
  kill(reason: AnalysisError): void;
}

/** How a git process ended: its exit code, the end of its stderr, and why we killed it, if we did. */
interface GitEnd {
  exitCode: number | undefined;
  stderr: string;
  reason?: AnalysisError;
}

/**
 * What a shell runs for a held git ({@link holdGit}): it waits for a line on stdin, then
 * enters the repository ($0) and becomes git; stdin closed without a line lets it go.
 */
const HELD = 'read -r _ || exit 0; cd "$0" && exec git "$@"';

function startGit(
  args: readonly string[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "config" | "allowFile" | "indexFile"> & {
    stdin: "pipe" | "ignore";
    onStderr?: ((chunk: Buffer, kill: (reason: AnalysisError) => void) => void) | undefined;
    /** Forked now, run when a line is written to its stdin: see {@link holdGit}. */
    held?: boolean;
  },
): GitProcess {
  const argv = hardenedArgs(args, options);
  const child = spawn(
    options.held ? "/bin/sh" : "git",
    options.held ? ["-c", HELD, options.cwd, ...argv] : argv,
    {
      // The repository a held git will run in need not exist yet.
      cwd: options.held ? options.home : options.cwd,
      env: {
        ...hardenedEnv(options.home),
        ...(options.indexFile ? { GIT_INDEX_FILE: options.indexFile } : {}),
      },
      detached: true,
      stdio: [options.stdin, "pipe", "pipe"],
    },
  );
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
  const { signal, onStderr } = options;
  const onAbort = () => kill(new AnalysisError("CANCELLED", "the analysis was cancelled"));
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });

  let stderr = Buffer.alloc(0);
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = Buffer.concat([stderr, chunk]);
    if (stderr.length > STDERR_TAIL_BYTES) stderr = stderr.subarray(-STDERR_TAIL_BYTES);
    onStderr?.(chunk, kill);
  });
  const done = new Promise<GitEnd>((resolve) => {
    const end = (exitCode: number | undefined) => {
      signal?.removeEventListener("abort", onAbort);
      resolve({ exitCode, stderr: stderr.toString("utf8"), ...(reason ? { reason } : {}) });
    };
    // A git that cannot start (not installed, cwd gone) reports it here, and closes nothing.
    child.once("error", (error) => {
      reason ??= new AnalysisError("GIT_FAILED", `git could not be started: ${error.message}`);
      end(undefined);
    });
    child.once("close", (code) => end(code ?? undefined));
  });
  return { child, done, kill };
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
  if (options.signal?.aborted) throw new AnalysisError("CANCELLED", "the analysis was cancelled");
  const git = startGit(args, { ...options, stdin: options.input ? "pipe" : "ignore" });
  if (options.input) {
    // EPIPE when git exits without reading all of it: its exit says why.
    git.child.stdin?.on("error", () => {});
    git.child.stdin?.end(options.input);
  }
  return supervise(git, args, options);
}

/** The limits, handlers and verdict of {@link runGit}, for a git that runs from now on. */
async function supervise(
  git: GitProcess,
  args: readonly string[],
  options: Omit<GitOptions, "cwd" | "home">,
): Promise<Buffer> {
  const { timeoutMs } = options;
  const timedOut = () =>
    options.onTimeout?.() ??
    new AnalysisError("GIT_FAILED", `git ${args[0]} took longer than ${timeoutMs} ms`);
  const started = performance.now();
  const { child, kill } = git;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => kill(timedOut()), timeoutMs);
  const unwatch = options.watch?.(kill);
  const { onStdout } = options;
  const out: Buffer[] = [];
  let outBytes = 0;
  child.stdout?.on("data", (chunk: Buffer) => {
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

/** A git forked now and run later: see {@link holdGit}. */
export interface HeldGit {
  /**
   * Runs it as {@link runGit} would run `args` in `cwd`, its limits counted from now; with a
   * signal of its own beside the one it was held with. Once only.
   */
  run(
    options: Omit<GitOptions, "cwd" | "home" | "config" | "allowFile" | "input" | "indexFile">,
  ): Promise<Buffer>;
  /** Lets a git that was never run go; resolves once its process has exited. */
  dispose(): Promise<void>;
}

/**
 * Forks a git now that runs `args` later, when {@link HeldGit.run} says: a shell waits for
 * the word, then enters `cwd` (which need not exist yet) and becomes that git, hardened as
 * {@link runGit}'s. For a process whose memory grows between the two: a fork write-protects
 * every page of the forking process, and each page it writes afterwards faults once more (32
 * MB of a Node heap written after one spawn: 8,400 page faults, 107 ms on a VM where a fault
 * costs 11 us). The CLI forks its history's log before it loads the scan's tables.
 *
 * @example
 * const log = holdGit(["log", "-1"], { cwd: repo, home: sandbox, signal });
 * // ... later
 * const out = await log.run({ timeoutMs: 30_000 });
 */
export function holdGit(
  args: readonly string[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "config" | "allowFile">,
): HeldGit {
  const git = startGit(args, { ...options, stdin: "pipe", held: true });
  const stdin = git.child.stdin as Writable;
  // EPIPE when the shell is gone already (killed with the analysis): its end says why.
  stdin.on("error", () => {});
  let released = false;
  return {
    run(runOptions) {
      if (released) throw new Error("a held git runs once");
      released = true;
      const { signal } = runOptions;
      const onAbort = () => git.kill(new AnalysisError("CANCELLED", "the analysis was cancelled"));
      if (signal?.aborted) onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      stdin.end("\n");
      return supervise(git, args, runOptions).finally(() =>
        signal?.removeEventListener("abort", onAbort),
      );
    },
    async dispose() {
      if (!released) {
        released = true;
        stdin.end();
      }
      await git.done;
    },
  };
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
 * The caller ends stdin to let git exit, and awaits `exited`.
 *
 * @example
 * const batch = spawnGit(["cat-file", "--batch"], { cwd: repo, home: sandbox, signal });
 */
export function spawnGit(
  args: readonly string[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "config" | "allowFile">,
): GitSession {
  const { child, done, kill } = startGit(args, { ...options, stdin: "pipe" });
  return { stdin: child.stdin as Writable, stdout: child.stdout as Readable, exited: done, kill };
}
