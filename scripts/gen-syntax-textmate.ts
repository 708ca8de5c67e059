/**
 * The fourth and the seventh source of scripts/gen-syntax.ts: TextMate grammars, from the
 * tm-grammars package (which Shiki's languages are built from), for languages GtkSourceView, Vim
 * and Pygments all leave out, and from GitHub Linguist's own grammars as the starry-night package
 * ships them (a module per scope, `lang/<scopeName>.js`), for languages all six earlier sources
 * leave out. A grammar is regular expressions with scopes, read here as gen-syntax-probe.py reads
 * a Pygments lexer: the same probe asks it, through gen-syntax-textmate-tokenizer.ts, how it
 * colours short texts, and keeps a candidate marker only when what follows it is a comment (or a
 * string) and the code after its end is neither.
 *
 * Only grammars under a permissive licence are read, here and when a grammar embeds another:
 * tm-grammars records each one's licence in its index, starry-night in each module's header
 * comment ("// and licensed `mit`."); copyleft (GPL, MPL) and unknown ones are left out.
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
 * The licences under which a grammar of starry-night is read, as its header comment words them
 * ("// and licensed `mit`.", or "licensed permissive." for a custom permissive licence such as
 * the classic TextMate bundles'): permissive ones. Copyleft (mpl-2.0, as the tm-grammars step
 * refuses MPL) and a grammar that records none are left out.
 */
export const STARRY_NIGHT_LICENCES = new Set([
  "mit",
  "isc",
  "apache-2.0",
  "bsd-2-clause",
  "bsd-3-clause",
  "permissive",
  "unlicense",
  "wtfpl",
  "zlib",
  "cc0-1.0",
  "public domain",
]);

/**
 * Linguist languages whose grammar in starry-night is not read, though their tmScope names it,
 * each with the reason, checked by hand against what the probe found and the language's
 * documented comments. The probe would count these wrong in a way that matters; a language
 * whose grammar only lacks a marker (ABAP CDS's //, mIRC's line-start /* *\/) is read.
 */
export const STARRY_NIGHT_LEFT_OUT: Readonly<Record<string, string>> = {
  // Session transcripts: their comments are the language's inside a log of prompts and output
  // (the probe finds none in either, without a prompt; left out all the same, as the hljs step
  // leaves out its julia-repl and python-repl).
  "Julia REPL": "a REPL transcript, not source",
  "Python console": "a REPL transcript, not source",
  // An Elvish session's prompts and output (the probe takes // from the grammar, which Elvish's
  // comments are not: they are #).
  "Elvish Transcript": "a REPL transcript, not source",
  // Antlers' comments nest in neither form, but the grammar's injections re-enter both inside a
  // comment: the probe takes them as nesting, and one stray opener in a comment would make the
  // rest of the file a comment.
  Antlers: "the grammar nests {{# #}} and <!-- -->, which Antlers does not",
  // Inno Setup's grammar lets ' and " strings run over lines everywhere: the apostrophe of a
  // message (Don't, l'installation in a translated .isl) would hide every comment after it.
  "Inno Setup": "the grammar's strings span lines, so a message's apostrophe hides comments",
  // KiCad's s-expression files have no comments: (comment 1 "...") is a title block's field,
  // which the grammar colours as one.
  "KiCad Layout": "(comment N ...) is a title-block field, not a comment",
  // The grammar still reads a file as fixed-form RPG (columns 1-5 a comment gutter, a * in
  // column 7 a comment line) unless it starts with **free: Linguist 7.22.1's gave the probe a
  // // ... / block comment RPG does not have; this one gives it no marker at all, and a probe
  // that found one in the gutter would count code as comments.
  RPGLE: "the grammar's fixed-form gutter colours columns 1-5 of any line as a comment",
  // Ring's grammar matches //[#] as its line comment, so it reads neither of Ring's line markers,
  // # and // (the probe finds only ///, from a doc-comment rule), and it nests /* */.
  Ring: "the grammar reads neither # nor // as a comment, and nests /* */",
  // A .toc file's ## lines are the add-on's metadata (## Interface: 100200), not comments; the
  // grammar colours only # lines as comments, which the data could not tell from ## ones.
  "World of Warcraft Addon Data": "## lines are metadata, which a # marker would count as comments",
  // The same in an extended playlist: its #EXTM3U, #EXTINF:... lines are directives (the grammar
  // scopes them comment.line.*.directive, which the probe reads as code), most of the file; a
  // line-start # would count them as comments.
  M3U: "#EXTINF lines are directives, which a # marker would count as comments",
  // An Adblock list's element-hiding rules start with # (##.ad, #@#.ad, #?#...): the grammar takes
  // # as a comment only when no such rule follows, which the data could not tell.
  "Adblock Filter List":
    "##.ad element-hiding rules start with #, which a # marker would count as comments",
};

/**
 * Where the tokenizer takes its grammars from: a tm-grammars package (its index, with licences),
 * or the starry-night package (a module per scope under lang/, its licence in its header).
 */
export type GrammarKind = "tm-grammars" | "starry-night";

/** A grammar of starry-night: its module, and the licence its header comment records. */
interface StarryNightGrammar {
  file: string;
  license: string;
}

/**
 * The grammars of the starry-night package in `dir` that a licence of STARRY_NIGHT_LICENCES
 * covers, by scope name (`lang/source.roc.js` is source.roc, its default export the grammar),
 * and the package's version.
 */
export function starryNightGrammars(dir: string): {
  version: string;
  grammars: Map<string, StarryNightGrammar>;
} {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    version: string;
  };
  const lang = path.join(dir, "lang");
  const grammars = new Map<string, StarryNightGrammar>();
  for (const f of fs.readdirSync(lang).sort()) {
    if (!f.endsWith(".js")) continue;
    const file = path.join(lang, f);
    // The header: `//` lines before the module's code, one of them "// and licensed `mit`."
    // (or "// This grammar is licensed `mit`.", or "... licensed permissive.").
    const header = fs.readFileSync(file, "utf8").match(/^(\/\/.*\n)*/)?.[0] ?? "";
    const named = /^\/\/ .*\blicensed (?:`([^`]+)`|(permissive))\.$/m.exec(header);
    const license = named?.[1] ?? named?.[2];
    if (license && STARRY_NIGHT_LICENCES.has(license))
      grammars.set(f.slice(0, -3), { file, license });
  }
  return { version: pkg.version, grammars };
}

/**
 * The grammars the tokenizer may load from `dir`, of the `kind` it is: scope name → file (a
 * grammar's JSON, or its module), only those a permissive licence covers.
 */
export async function grammarFiles(kind: GrammarKind, dir: string): Promise<Map<string, string>> {
  if (kind === "starry-night")
    return new Map([...starryNightGrammars(dir).grammars].map(([scope, g]) => [scope, g.file]));
  if (kind !== "tm-grammars") throw new Error(`no grammar source of kind ${kind}`);
  const { grammars } = await textMateGrammars(dir);
  return new Map(grammars.map((g) => [g.scopeName, path.join(dir, "grammars", `${g.name}.json`)]));
}

/**
 * The syntax the probe finds in each grammar of `scopeNames` (by scope name; a grammar without
 * comments is absent), from the tm-grammars package in `dir`, or with `kind` "starry-night" from
 * the starry-night package `dir`, run by python3 in isolated mode as for Pygments, with the
 * tokenizer as its child.
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
