/**
 * V8's interpreter only, with its size-over-speed heuristics, for the processes that mostly
 * wait: the supervisor and the worker (the worker hands each job to an analysis process, which
 * keeps Maglev: {@link useOneRunV8}; the API keeps every compiler, its throughput is a target:
 * figure 4b of docs/PERFORMANCE.md). Idle, they hold less memory, and the pages of the Node
 * binary that hold the compilers are never touched (figure 3). This is `--lite-mode` without
 * its `--jitless`, which would take WebAssembly away, and with it the HTTP client of Node's
 * fetch and WebSocket.
 */
const LEAN_FLAGS = ["--optimize-for-size", "--no-opt", "--no-maglev", "--no-sparkplug"];

/**
 * Turns the lean flags on in this process; call it first thing in an entry's body, once its
 * imports are loaded. On the command line, any of these flags changes V8's flag hash, and V8
 * then rejects the code cache Node ships for its own modules: every built-in the process loads
 * is compiled from source (`node:http` 13 ms of CPU instead of 4, `node:child_process` 10
 * instead of 3), 25-30 ms of the supervisor's and the worker's start together, a quarter of a
 * second at Render's 0.1 CPU. Set here, they govern everything the process runs from then on,
 * at the same idle memory (docs/PERFORMANCE.md, section 10, "An Intel Xeon VM"). Node warns
 * that a flag changed after start may do nothing: the three that turn compilers off are read by
 * V8 at each tiering decision, and test/lean-v8.test.ts checks that a hot function then stays in
 * the interpreter (`--optimize-for-size` is not checked). A built-in or module first loaded
 * later is compiled as it was with the flags given at launch.
 */
export function useLeanV8(): void {
  setV8Flags(LEAN_FLAGS);
}

/**
 * V8 for a process that runs one analysis and exits: the worker's analysis process, and the
 * CLI. TurboFan stays off: the line counter is one large function with a branch for each rare
 * syntax feature, and on a real repository its optimised code meets branch after branch that
 * had never run when it was compiled, so TurboFan compiled it some fifteen times in one run
 * (100-175 ms of CPU each); with Maglev alone, 11-15 % less CPU and wall time on trees of
 * 7,000 and 25,000 files (docs/PERFORMANCE.md, section 6). The baseline compiler and Maglev
 * stay; Maglev, if `maglevAfterMs` is given, only from then on: a run on a small repository
 * (the CLI's, a few hundred milliseconds) is over before an optimised function could repay its
 * compilation, whose thread takes CPU from the main thread and from git on a two-core machine;
 * a longer one is optimised once the time is up. Read at each tiering decision, as for
 * {@link useLeanV8}; test/lean-v8.test.ts checks each part.
 *
 * Any flag changed changes V8's flag hash, against which V8 checks compiled code it is handed:
 * a built-in module first loaded afterwards is compiled from its source, Node's own code cache
 * for it refused (a dozen built-ins, some 13 ms of a CLI run on a slow host, where the CLI
 * loads them), so those named in `builtins` are loaded first. A module of ours loaded
 * afterwards has its compile cache checked against the new flags the same way: the analysis
 * process calls this once its modules are loaded, as the image's compile cache keeps one copy
 * of a chunk for the processes that share it (scripts/warm-compile-cache.ts fails otherwise);
 * the CLI, whose cache is its own, calls it before it loads the analysis, and so loads the same
 * modules under the same flags at every run.
 */
export function useOneRunV8(
  options: { maglevAfterMs?: number; builtins?: readonly string[] } = {},
): void {
  const { maglevAfterMs, builtins = [] } = options;
  for (const name of builtins) process.getBuiltinModule(name);
  setV8Flags(maglevAfterMs === undefined ? ["--no-turbofan"] : ["--no-turbofan", "--no-maglev"]);
  if (maglevAfterMs !== undefined)
    setTimeout(() => setV8Flags(["--maglev"]), maglevAfterMs).unref();
}

function setV8Flags(flags: readonly string[]): void {
  process.getBuiltinModule("node:v8").setFlagsFromString(flags.join(" "));
}
