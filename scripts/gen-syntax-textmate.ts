/**
 * The fourth and the seventh source of scripts/gen-syntax.ts: TextMate grammars, from the
 * tm-grammars package (which Shiki's languages are built from), for languages GtkSourceView, Vim
 * and Pygments all leave out, and from GitHub Linguist's own grammar bundle (a directory of
 * `<scopeName>.json` files, as Debian's ruby-github-linguist ships it), for languages all six
 * earlier sources leave out. A grammar is regular expressions with scopes, read here as
 * gen-syntax-probe.py reads a Pygments lexer: the same probe asks it, through
 * gen-syntax-textmate-tokenizer.ts, how it colours short texts, and keeps a candidate marker only
 * when what follows it is a comment (or a string) and the code after its end is neither.
 *
 * Of tm-grammars only grammars under a permissive licence are read, here and when a grammar
 * embeds another: tm-grammars records each one's licence; copyleft (GPL, MPL) and unknown ones
 * are left out. Linguist's bundle records none per grammar: Debian's copyright file for the
 * package gives Expat for all its files, and upstream Linguist's licence check
 * (vendor/licenses/config.yml) admits a vendored grammar only under apache-2.0, bsd-2-clause,
 * bsd-3-clause, mit, mpl-2.0 or wtfpl.
 */
import fs from "node:fs";
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
 * Linguist languages whose grammar in Linguist's bundle is not read, though their tmScope names
 * it, each with the reason, checked by hand against what the probe found and the language's
 * documented comments. The probe would count these wrong in a way that matters; a language
 * whose grammar only lacks a marker (ABAP CDS's //, mIRC's line-start /* *\/) is read.
 */
export const LINGUIST_LEFT_OUT: Readonly<Record<string, string>> = {
  // Session transcripts: their comments are the language's inside a log of prompts and output
  // (the probe finds none in either, without a prompt; left out all the same, as the hljs step
  // leaves out its julia-repl and python-repl).
  "Julia REPL": "a REPL transcript, not source",
  "Python console": "a REPL transcript, not source",
  // Antlers' comments nest in neither form, but the grammar's injections re-enter both inside a
  // comment: the probe takes them as nesting, and one stray opener in a comment would make the
  // rest of the file a comment.
  Antlers: "the grammar nests {{# #}} and <!-- -->, which Antlers does not",
  // Linguist 7.22.1's source.cairo is Cairo 0's grammar from before 0.10 (# comments); Linguist
  // now files Cairo 1 under that scope (Cairo 0 is Cairo Zero), which writes // and whose
  // #[derive(...)] attributes would count as comments.
  Cairo: "the bundle's grammar is Cairo 0's, with # comments; Linguist's Cairo is Cairo 1",
  // Inno Setup's grammar lets ' and " strings run over lines everywhere: the apostrophe of a
  // message (Don't, l'installation in a translated .isl) would hide every comment after it.
  "Inno Setup": "the grammar's strings span lines, so a message's apostrophe hides comments",
  // KiCad's s-expression files have no comments: (comment 1 "...") is a title block's field,
  // which the grammar colours as one.
  "KiCad Layout": "(comment N ...) is a title-block field, not a comment",
  // The grammar reads a file as fixed-form RPG (columns 1-5 a comment gutter) unless it starts
  // with **free: on the probe's texts it gives a // ... / block comment RPG does not have.
  RPGLE: "the grammar's fixed-form gutter gives a // ... / block RPG does not have",
  // Ring's grammar matches //[#] as its line comment, so it reads neither of Ring's line markers,
  // # and // (the probe finds only ///, from a doc-comment rule), and it nests /* */.
  Ring: "the grammar reads neither # nor // as a comment, and nests /* */",
  // A .toc file's ## lines are the add-on's metadata (## Interface: 100200), not comments; the
  // grammar colours only # lines as comments, which the data could not tell from ## ones.
  "World of Warcraft Addon Data": "## lines are metadata, which a # marker would count as comments",
};

/**
 * Where the tokenizer takes its grammars from: a tm-grammars package (its index, with licences),
 * or a directory of `<scopeName>.json` files (Linguist's bundle).
 */
export type GrammarKind = "tm-grammars" | "scopes";

/**
 * The grammars of a directory of `<scopeName>.json` files, such as the `grammars/` directory of
 * GitHub Linguist's gem (`source.tla.json`): scope name → file, and the Linguist version its
 * `version` file gives, if it has one.
 */
export function linguistGrammars(dir: string): { version?: string; files: Map<string, string> } {
  const names = fs.readdirSync(dir).sort();
  const files = new Map(
    names.filter((f) => f.endsWith(".json")).map((f) => [f.slice(0, -5), path.join(dir, f)]),
  );
  const version = names.includes("version")
    ? fs.readFileSync(path.join(dir, "version"), "utf8").trim()
    : undefined;
  return { ...(version ? { version } : {}), files };
}

/** The grammars the tokenizer may load from `dir`, of the `kind` it is: scope name → file. */
export async function grammarFiles(kind: GrammarKind, dir: string): Promise<Map<string, string>> {
  if (kind === "scopes") return linguistGrammars(dir).files;
  if (kind !== "tm-grammars") throw new Error(`no grammar source of kind ${kind}`);
  const { grammars } = await textMateGrammars(dir);
  return new Map(grammars.map((g) => [g.scopeName, path.join(dir, "grammars", `${g.name}.json`)]));
}

/**
 * The syntax the probe finds in each grammar of `scopeNames` (by scope name; a grammar without
 * comments is absent), from the tm-grammars package in `dir`, or with `kind` "scopes" from the
 * directory of `<scopeName>.json` files `dir` (Linguist's), run by python3 in isolated mode as
 * for Pygments, with the tokenizer as its child.
 */
export function readTextMate(
  dir: string,
  branchWords: readonly string[],
  scopeNames: readonly string[],
  kind: GrammarKind = "tm-grammars",
): Map<string, ProbedSyntax> {
  return probeThroughTokenizer("textmate", branchWords, scopeNames, {
    script: path.join(import.meta.dirname, "gen-syntax-textmate-tokenizer.ts"),
    args: [kind, dir],
  });
}
