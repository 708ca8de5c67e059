/**
 * V8's interpreter only, with its size-over-speed heuristics, for the processes that mostly
 * wait: the supervisor and the worker (the worker hands each job to an analysis process, which
 * keeps V8's optimising compilers, as does the API, whose throughput is a target: figure 4b of
 * docs/PERFORMANCE.md). Idle, they hold less memory, and the pages of the Node binary that hold
 * the compilers are never touched (figure 3). This is `--lite-mode` without its `--jitless`,
 * which would take WebAssembly away, and with it the HTTP client of Node's fetch and WebSocket.
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
 * Holds V8's optimising compilers (Maglev and TurboFan) back for the first `ms` of a short-lived
 * process, the CLI's: the baseline compiler still runs. On a small repository the whole run
 * takes a few hundred milliseconds, too short for an optimised function to pay for its
 * compilation; the compiler threads then take CPU from the main thread and from git on a
 * two-core machine (Maglev alone spent 100 ms compiling the line counter twice on a 200-file
 * repository: docs/PERFORMANCE.md, section 6). A longer run, a large repository, gets them back
 * once the time is up, and its hot loops are optimised from then on. Read at each tiering
 * decision, as for {@link useLeanV8}; test/lean-v8.test.ts checks both halves.
 */
export function deferOptimizingCompilers(ms: number): void {
  setV8Flags(["--no-maglev", "--no-turbofan"]);
  setTimeout(() => setV8Flags(["--maglev", "--turbofan"]), ms).unref();
}

function setV8Flags(flags: readonly string[]): void {
  process.getBuiltinModule("node:v8").setFlagsFromString(flags.join(" "));
}
