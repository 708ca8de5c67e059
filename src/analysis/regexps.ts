import v8 from "node:v8";

/**
 * From here on, V8 compiles each regular expression to machine code at its first run, rather
 * than interpreting its bytecode until it is hot and then compiling it a second time (its
 * regexp tier-up). An analysis runs the same large alternations over every path of a tree
 * (Linguist's vendored, generated and documentation paths; the tooling patterns), where the
 * interpreted first runs and the second compile were, after the forks of git, the largest item
 * of a 50-file job's CPU profile. Per 50-file job, the analysis process's own CPU went from
 * 163-174 to 142-160 ms (docs/PERFORMANCE.md, "Regexps compiled once").
 *
 * Called once the modules are loaded, not as a command-line flag: the one-off regexps that
 * modules run while they set up are cheaper interpreted, and with the flag from the start the
 * process took 55 ms more CPU to load.
 */
export function compileRegExpsToMachineCode(): void {
  v8.setFlagsFromString("--no-regexp-tier-up");
}
