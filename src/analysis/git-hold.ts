import { spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { AnalysisError } from "./errors.ts";
import {
  cancelled,
  type GitEnd,
  type GitOptions,
  type GitProcess,
  type HeldGit,
  hardenedGit,
  stderrTail,
  supervise,
} from "./git.ts";

/** A git to hold: its arguments and `-c` settings, and whether its caller writes to its stdin. */
export interface GitToHold {
  args: readonly string[];
  config?: readonly string[];
  stdin?: boolean;
}

// Held git k talks through two of the shell's sockets: its stdout (and its stdin, when its
// caller writes to it) on descriptor 3 + 2k, its stderr on 2 + 2k. dash redirects single
// digits only: four gits at most. Descriptor 2 is the first git's stderr and the shell's own.
const MAX_HELD = 4;
const ioFd = (k: number) => 3 + 2 * k;
const errFd = (k: number) => 2 + 2 * k;

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The holding shell's script. Each number k read from stdin starts git k, in the repository
 * ($0), under a subshell that reports `p <k> <pid>` when git starts and `x <k> <exit code>`
 * when it has ended, on stdout. Git k holds its own two descriptors and none of another's,
 * and the shell lets go of them once git k has started, so that each git's output ends when
 * that git and its subshell do.
 */
function holdingScript(gits: readonly { argv: readonly string[]; stdin: boolean }[]): string {
  const branches = gits.map(({ argv, stdin }, k) => {
    const io = ioFd(k);
    const err = errFd(k);
    const others = gits
      .flatMap((_, j) => (j === k ? [] : [ioFd(j), errFd(j)]))
      .filter((fd) => fd !== 2)
      .map((fd) => `${fd}>&-`)
      .join(" ");
    const input = stdin ? `<&${io}` : "</dev/null";
    const git = `(cd "$0" && exec git ${argv.map(quote).join(" ")}) ${input} >&${io} 2>&${err} &`;
    // The subshell keeps its stderr, git k's, until it ends: git k's end is known to be whole
    // once that closes.
    const own = err === 2 ? `${io}>&-` : `${io}>&- ${err}>&-`;
    const subshell = `(${git} echo "p ${k} $!"; exec ${own}; wait $!; echo "x ${k} $?")`;
    return `${k}) ${subshell} </dev/null 2>&${err} ${others} & exec ${io}>&- ${err}>&-;;`;
  });
  return `while read -r k; do case $k in ${branches.join(" ")} esac; done`;
}

/**
 * Forks one shell now that holds `gits` (four at most) and runs each later, when its
 * {@link HeldGit} is run or started, in `cwd` (which need not exist yet), hardened as
 * {@link runGit}'s: held git k starts once `k` is written to the shell, and ends as any git
 * does, with its own stdout and stderr. For a process whose forks are dear: each fork of Node
 * copies its page tables, 5-15 ms on a VM where a page fault costs 11 us, and write-protects
 * every page it holds, each written afterwards faulting once more (32 MB of a Node heap
 * written after one spawn: 8,400 faults, 107 ms); the shell's forks of git cost a fraction.
 * The CLI holds a local directory's four gits (the object reader, the tip's listing, the
 * history's count and its log) in one shell forked before it loads the scan's tables.
 *
 * A held git is killed alone (its pid, reported by the shell as it starts; these gits start
 * no process of their own), and aborting `signal` kills the shell's process group: the shell,
 * its subshells and every git it started. The shell reads until every held git has been run
 * or let go.
 *
 * @example
 * const [count, log] = holdGits([{ args: ["rev-list", "--count", "HEAD"] },
 *   { args: ["log", "-1"] }], { cwd: repo, home: sandbox, signal });
 * const commits = await runGit(["rev-list", "--count", "HEAD"],
 *   { cwd: repo, home: sandbox, held: count });
 */
export function holdGits(
  gits: readonly GitToHold[],
  options: Pick<GitOptions, "cwd" | "home" | "signal" | "allowFile">,
): HeldGit[] {
  if (gits.length === 0 || gits.length > MAX_HELD)
    throw new RangeError(`a shell holds one to ${MAX_HELD} gits, not ${gits.length}`);
  const argvs = gits.map(
    ({ args, config = [] }) =>
      hardenedGit(args, { home: options.home, config, ...flag(options) }).argv,
  );
  const shell = spawn(
    "/bin/sh",
    [
      "-c",
      holdingScript(gits.map((g, k) => ({ argv: argvs[k] ?? [], stdin: g.stdin ?? false }))),
      options.cwd,
    ],
    {
      // The repository the gits will run in need not exist yet.
      cwd: options.home,
      env: hardenedGit([], { home: options.home }).env,
      detached: true,
      stdio: Array.from({ length: 2 + 2 * gits.length }, () => "pipe" as const),
    },
  );
  const control = shell.stdin as Writable;
  // EPIPE when the shell is gone already (killed with the analysis): each git's end says why.
  control.on("error", () => {});
  let waiting = gits.length;
  const letGo = () => {
    if (--waiting === 0) control.end();
  };
  const exited = new Promise<void>((resolve) => {
    shell.once("exit", () => resolve());
    shell.once("error", () => resolve());
  });
  // Once every git has been started or let go, the shell's own end is near.
  const shellEnd = () => (waiting === 0 ? exited : undefined);
  const held = gits.map((git, k) =>
    holdOne(
      git.args,
      shell.stdio[ioFd(k)] as Readable & Writable,
      shell.stdio[errFd(k)] as Readable,
      {
        start: () => control.write(`${k}\n`),
        letGo,
        shellEnd,
      },
    ),
  );

  const onAbort = () => {
    for (const one of held) one.kill(cancelled());
    if (shell.pid !== undefined) killQuietly(-shell.pid);
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const gone = () => {
    options.signal?.removeEventListener("abort", onAbort);
    for (const one of held) one.shellGone();
  };
  // A shell that could not start (its directory gone) closes none of its sockets itself.
  shell.once("error", (error) => {
    for (const one of held)
      one.kill(new AnalysisError("GIT_FAILED", `git could not be started: ${error.message}`));
    for (const socket of shell.stdio) socket?.destroy();
  });
  // The reports: every held git's start and end. They end when the shell and every subshell
  // have, be it on their own or killed.
  let rest = "";
  const reports = shell.stdout as Readable;
  reports.setEncoding("latin1");
  reports.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      const [what, k, value] = line.split(" ");
      const one = held[Number(k)];
      if (what === "p") one?.started(Number(value));
      else if (what === "x") one?.exited(Number(value));
    }
  });
  reports.once("close", gone);
  return held.map(({ handle }) => handle);
}

const flag = (options: Pick<GitOptions, "allowFile">) =>
  options.allowFile === undefined ? {} : { allowFile: options.allowFile };

function killQuietly(pid: number) {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone: nothing left to kill.
  }
}

/** One held git: its handle, and what the shell's reports tell it. */
function holdOne(
  args: readonly string[],
  io: Readable & Writable,
  err: Readable,
  shell: { start: () => void; letGo: () => void; shellEnd: () => Promise<void> | undefined },
) {
  // EPIPE or ECONNRESET when git is gone with bytes unread: its end says why.
  io.on("error", () => {});
  err.on("error", () => {});
  let state: "held" | "running" | "released" = "held";
  let pid: number | undefined;
  let exitCode: number | undefined;
  let reason: AnalysisError | undefined;
  let reportsEnded = false;
  let open = 2;
  const stderr = stderrTail(err, undefined, (why) => kill(why));
  let resolveDone: (end: GitEnd) => void = () => {};
  const done = new Promise<GitEnd>((resolve) => {
    resolveDone = resolve;
  });
  // Ended once its output is closed and its exit is known, or can no longer come.
  const settle = () => {
    if (open === 0 && (exitCode !== undefined || reportsEnded || state !== "running"))
      resolveDone({ exitCode, stderr: stderr(), ...(reason ? { reason } : {}) });
  };
  for (const socket of [io, err])
    socket.once("close", () => {
      open--;
      settle();
    });
  const release = () => {
    state = "released";
    shell.letGo();
    io.destroy();
    err.destroy();
  };
  const kill = (why: AnalysisError) => {
    reason ??= why;
    if (state === "held") release();
    // Not once its end is reported: its pid is free then. Between the subshell's reaping it and
    // that report (the next line the subshell writes) a kill would find the pid unused, but for
    // a system that handed out every other pid in between.
    else if (pid !== undefined && exitCode === undefined) killQuietly(pid);
  };
  const git: GitProcess = { stdin: undefined, stdout: io, done, kill };
  const begin = (asked: readonly string[], signal: AbortSignal | undefined): GitProcess => {
    if (state === "running" || (state === "released" && !reason))
      throw new Error("a held git runs once, and not once let go");
    if (asked.length !== args.length || asked.some((a, i) => a !== args[i]))
      throw new Error(`git ${args.join(" ")} is held, not git ${asked.join(" ")}`);
    if (state === "held") {
      state = "running";
      shell.start();
      shell.letGo();
    }
    const onAbort = () => kill(cancelled());
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    void done.then(() => signal?.removeEventListener("abort", onAbort));
    return git;
  };
  const handle: HeldGit = {
    run: (asked, options) => supervise(begin(asked, options.signal), asked, options),
    start: (asked, signal) => ({ ...begin(asked, signal), stdin: io }),
    async dispose() {
      if (state === "held") release();
      await done;
      await shell.shellEnd();
    },
  };
  return {
    handle,
    kill,
    started(reported: number) {
      pid = reported;
      // Killed before the shell said which process it was.
      if (reason) killQuietly(pid);
    },
    exited(code: number) {
      exitCode = code;
      settle();
    },
    shellGone() {
      reportsEnded = true;
      settle();
    },
  };
}
