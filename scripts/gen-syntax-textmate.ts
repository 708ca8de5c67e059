/**
 * The fourth source of scripts/gen-syntax.ts: TextMate grammars (the tm-grammars package, which
 * Shiki's languages are built from), for languages GtkSourceView, Vim and Pygments all leave
 * out. A grammar is regular expressions with scopes, read here as gen-syntax-probe.py reads a
 * Pygments lexer: the same probe asks it, through gen-syntax-textmate-tokenizer.ts, how it
 * colours short texts, and keeps a candidate marker only when what follows it is a comment (or a
 * string) and the code after its end is neither.
 *
 * Only grammars under a permissive licence are read, here and when a grammar embeds another:
 * tm-grammars records each one's licence; copyleft (GPL, MPL) and unknown ones are left out.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { GrammarInfo } from "tm-grammars";
import { type ProbedSyntax, probeThroughTokenizer } from "./gen-syntax-probe.ts";

/** The licences under which a grammar is read: permissive ones. */
export const PERMISSIVE_LICENCES = new Set([
  "MIT",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "ISC",
]);

/**
 * A grammar as tm-grammars' index describes it, with a licence: `name` is its file under
 * grammars/ without `.json` (`gleam`), `scopeName` what Linguist's `tmScope` names
 * (`source.gleam`).
 */
type TextMateGrammar = GrammarInfo & { license: string };

/** The grammars of the tm-grammars package in `dir` that a permissive licence covers. */
export async function textMateGrammars(
  dir: string,
): Promise<{ version: string; grammars: TextMateGrammar[] }> {
  const index = (await import(pathToFileURL(path.join(dir, "index.js")).href)) as {
    grammars: GrammarInfo[];
  };
  const pkg = (await import(pathToFileURL(path.join(dir, "package.json")).href, {
    with: { type: "json" },
  })) as { default: { version: string } };
  const grammars = index.grammars.filter(
    (g): g is TextMateGrammar => g.license !== undefined && PERMISSIVE_LICENCES.has(g.license),
  );
  return { version: pkg.default.version, grammars };
}

/**
 * The syntax the probe finds in each grammar of `scopeNames` (by scope name; a grammar without
 * comments is absent), run by python3 in isolated mode as for Pygments, with the tokenizer as
 * its child.
 */
export function readTextMate(
  dir: string,
  branchWords: readonly string[],
  scopeNames: readonly string[],
): Map<string, ProbedSyntax> {
  return probeThroughTokenizer("textmate", branchWords, scopeNames, {
    script: path.join(import.meta.dirname, "gen-syntax-textmate-tokenizer.ts"),
    args: [dir],
  });
}
