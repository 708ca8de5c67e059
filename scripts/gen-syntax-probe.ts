/**
 * The TypeScript side of gen-syntax-probe.py, the probe that asks a Pygments lexer, a TextMate
 * grammar, a Prism component or a highlight.js grammar for its comment and string syntax
 * (gen-syntax-pygments.ts, gen-syntax-textmate.ts, gen-syntax-prism.ts, gen-syntax-hljs.ts):
 * what it finds, and how it is run.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

/** What the probe finds in a lexer or grammar. */
export interface ProbedSyntax {
  line: string[];
  lineStart: string[];
  block: [string, string][];
  nested: boolean;
  strings: {
    open: string;
    close: string;
    escape: boolean;
    multiline: boolean;
    charLiteral?: true;
  }[];
  complexity: string[];
}

/**
 * Runs the probe by python3 in isolated mode (no user site, no PYTHONPATH, so the source it is
 * given is the only one read) with `args` (the source's kind, the branch words, and the
 * source's own arguments) and returns what it printed, parsed.
 */
export function runProbe(args: readonly string[]): unknown {
  const out = execFileSync(
    "python3",
    ["-S", "-I", path.join(import.meta.dirname, "gen-syntax-probe.py"), ...args],
    { encoding: "utf8", maxBuffer: 64 * 2 ** 20 },
  );
  return JSON.parse(out);
}

/**
 * The syntax the probe finds in each of `ids` (a grammar or component without comments is
 * absent), asked through a tokenizer process of ours that this Node runs with `nodeOptions` and
 * `args`: the TextMate, Prism and highlight.js sources.
 */
export function probeThroughTokenizer(
  kind: "textmate" | "prism" | "hljs",
  branchWords: readonly string[],
  ids: readonly string[],
  tokenizer: { script: string; args: readonly string[]; nodeOptions?: readonly string[] },
): Map<string, ProbedSyntax> {
  const found = runProbe([
    kind,
    JSON.stringify(branchWords),
    JSON.stringify(ids),
    process.execPath,
    ...(tokenizer.nodeOptions ?? []),
    tokenizer.script,
    ...tokenizer.args,
  ]) as { lexers: (ProbedSyntax & { lexer: string })[] };
  return new Map(found.lexers.map(({ lexer, ...syntax }) => [lexer, syntax]));
}
