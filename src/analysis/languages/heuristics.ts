import type { Context, Script } from "node:vm";

/**
 * GitHub Linguist's content heuristics for extensions that several languages claim, as
 * scripts/gen-syntax-heuristics.ts translates them from Linguist's heuristics.yml into
 * heuristics-data.json: the rules detect.ts applies where it has no hand-written rule of its own,
 * and before the few hand rules that name fewer languages than these.
 *
 * Linguist's patterns are not written for a backtracking engine's worst case: on a line built
 * for it, Vim's modeline rule for `.txt` backtracks exponentially, and others read on over the
 * rest of the text from every line start. Linguist bounds them with a regex timeout; so does
 * this module. A pattern runs only when the text holds one of the fixed strings it needs (most
 * files hold none, and cost two `includes`), then directly if it repeats nothing without bound
 * (it is linear), else inside `node:vm` with a timeout, which interrupts the regex engine
 * itself. A file whose rules time out gets no verdict from them.
 *
 * The patterns are Ruby's, where only `\n` ends a line, and they read a file as if its lines
 * ended in `\n` alone. On GitHub a CRLF file whose line-end rule fails (SubRip's timestamps
 * `...,000$`, every one before a `\r`) goes on to Linguist's classifier, which weighs its words,
 * not its line ends, and which this module does not have; what the rules say of the same lines
 * ended in `\n` is the nearer guess (SubRip Text, where the extension's most common language
 * would be SRecode Template).
 */

type Pattern = [source: string, flags: string, needles?: string[]];

interface Rule {
  languages: string[];
  all?: number[][];
  none?: number[][];
}

interface Table {
  patterns: Pattern[];
  /** Patterns that repeat nothing without bound: linear, run without the timeout. */
  bounded: number[];
  rules: Rule[][];
  extensions: Record<string, number>;
}

let loaded: (Table & { safe: ReadonlySet<number> }) | undefined;

/**
 * The table, read on first use rather than bundled: as a module its objects took 2.6 MB in every
 * analysis process, the one waiting for the next job included, and most of them never meet a
 * shared extension. It sits beside this module in src/; the build copies it to
 * dist/analysis/languages/, one level up from the chunk this module is bundled into (the layout
 * rolldown.config.ts describes).
 */
function table(): Table & { safe: ReadonlySet<number> } {
  if (!loaded) {
    const fs = process.getBuiltinModule("node:fs");
    const beside = new URL("./heuristics-data.json", import.meta.url);
    const file = fs.existsSync(beside)
      ? beside
      : new URL("../analysis/languages/heuristics-data.json", import.meta.url);
    const read = JSON.parse(fs.readFileSync(file, "utf8")) as Table;
    loaded = { ...read, safe: new Set(read.bounded) };
  }
  return loaded;
}

/** Wall time one file's rules may take; at 0.1 CPU a real file's take a few milliseconds. */
const TIMEOUT_MS = 500;

// Compiled on first use: most scans meet a handful of these extensions, or none.
const compiled: (RegExp | undefined)[] = [];

function regex(index: number): RegExp {
  let re = compiled[index];
  if (!re) {
    const [source, flags] = table().patterns[index] as Pattern;
    re = new RegExp(source, flags);
    compiled[index] = re;
  }
  return re;
}

/** Thrown inside an unguarded evaluation when a pattern would have to run. */
const NEEDS_GUARD = Symbol("needs guard");

class Haystack {
  readonly value: string;
  #lower: string | undefined;
  constructor(value: string) {
    this.value = value;
  }
  get lower(): string {
    this.#lower ??= this.value.toLowerCase();
    return this.#lower;
  }
}

function matches(index: number, text: Haystack, guarded: boolean): boolean {
  const needles = (table().patterns[index] as Pattern)[2];
  if (needles && !needles.some((n) => text.lower.includes(n))) return false;
  if (!guarded && !table().safe.has(index)) throw NEEDS_GUARD;
  return regex(index).test(text.value);
}

function decide(
  rules: readonly Rule[],
  text: Haystack,
  candidates: readonly string[],
  guarded: boolean,
): readonly string[] | undefined {
  const anyOf = (indices: readonly number[]) => indices.some((i) => matches(i, text, guarded));
  for (const rule of rules) {
    const languages = rule.languages.filter((l) => candidates.includes(l));
    if (languages.length === 0) continue;
    if (rule.all && !rule.all.every(anyOf)) continue;
    if (rule.none?.some(anyOf)) continue;
    return languages;
  }
  return undefined;
}

let guard: { context: Context; script: Script } | undefined;

/** `decide` with its patterns free to run, interrupted after TIMEOUT_MS; null when it was. */
function decideGuarded(
  rules: readonly Rule[],
  text: Haystack,
  candidates: readonly string[],
): readonly string[] | undefined | null {
  if (!guard) {
    // Loaded on first use: node:vm adds some 2 MB to a process, and most never need it.
    const vm = process.getBuiltinModule("node:vm");
    guard = {
      context: vm.createContext({ decide, input: undefined }),
      script: new vm.Script("decide(...input)"),
    };
  }
  guard.context.input = [rules, text, candidates, true];
  try {
    return guard.script.runInContext(guard.context, { timeout: TIMEOUT_MS });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return null;
    throw error;
  } finally {
    guard.context.input = undefined;
  }
}

const CR_LINE_END = /\r\n?/g;

/** Whether Linguist has content rules for this lower-cased extension (`.mod`, `.sql`). */
export function hasHeuristics(extension: string): boolean {
  return Object.hasOwn(table().extensions, extension);
}

/**
 * The languages of the first rule for `extension` that `text` satisfies and that names one of
 * `candidates`, in Linguist's order; undefined when no rule does, null when its patterns ran out
 * of time.
 *
 * @example
 * linguistHeuristics(".mod", "NEURON {\n  SUFFIX hh\n}\n", ["AMPL", "NMODL", "XML"]) // ["NMODL"]
 */
export function linguistHeuristics(
  extension: string,
  text: string,
  candidates: readonly string[],
): readonly string[] | undefined | null {
  const { rules: lists, extensions } = table();
  const rules = lists[extensions[extension] ?? -1];
  if (!rules) return undefined;
  const input = new Haystack(text.includes("\r") ? text.replace(CR_LINE_END, "\n") : text);
  try {
    return decide(rules, input, candidates, false);
  } catch (error) {
    if (error !== NEEDS_GUARD) throw error;
    return decideGuarded(rules, input, candidates);
  }
}

/**
 * The CPU time Linguist's rules may take in one scan. Even with the timeout, some of the rules
 * read on over many lines from every line start: on a hostile 8 KB head one extension's rules can
 * take 0.15 s (docs/PERFORMANCE.md, section 9), on the 50 KB they read up to the timeout, where a
 * real file takes well under a millisecond. Once a scan has spent its budget, each later file of
 * such an extension gets its most common language, as does a file whose rules timed out, and the
 * report says how many did.
 */
export class HeuristicsBudget {
  #leftMicros: number;
  /** Files decided without Linguist's rules: the budget was spent, or their rules timed out. */
  skipped = 0;

  constructor(cpuMs: number) {
    this.#leftMicros = cpuMs * 1000;
  }

  /** `run`'s verdict; undefined without running it once the budget is spent. */
  spend(run: () => readonly string[] | undefined | null): readonly string[] | undefined | null {
    if (this.#leftMicros <= 0) {
      this.skipped++;
      return undefined;
    }
    const before = process.cpuUsage();
    try {
      const verdict = run();
      if (verdict === null) this.skipped++;
      return verdict;
    } finally {
      const used = process.cpuUsage(before);
      this.#leftMicros -= used.user + used.system;
    }
  }
}
