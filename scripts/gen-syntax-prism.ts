/**
 * The fifth source of scripts/gen-syntax.ts: Prism's language components (the prismjs package,
 * MIT), for languages GtkSourceView, Vim, Pygments and the TextMate grammars all leave out. A
 * component is regular expressions with token types, read as the other sources are: the same
 * probe asks it, through gen-syntax-prism-tokenizer.ts, how it colours short texts, and keeps a
 * candidate marker only when what follows it is a comment (or a string) and the code after its
 * end is neither.
 *
 * Prism names its components after the languages, but not always after the same ones Linguist
 * means (its `q` is kdb+/q, not Q#; its `django` is Jinja2's), so a component is read only for
 * the Linguist language this file's map pairs it with, each pair checked by hand.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type ProbedSyntax, probeThroughTokenizer } from "./gen-syntax-probe.ts";

/**
 * Linguist's name → the Prism component that highlights that language, checked by hand: the
 * component's title and patterns against the language Linguist means by its name and
 * extensions, and what the probe finds against the language's documented comments. A pair is
 * read only while its language has no syntax from an earlier source. A component the probe finds
 * no comment in gives nothing: BBCode has none, and Brainfuck's component colours everything but
 * its eight commands as a comment.
 */
export const PRISM_COMPONENTS: Readonly<Record<string, string>> = {
  // Microsoft Dynamics 365 Business Central's AL (.al): Prism's is built from Microsoft's AL
  // grammar.
  AL: "al",
  BBCode: "bbcode",
  BQN: "bqn",
  Brainfuck: "brainfuck",
  Brightscript: "brightscript",
  CUE: "cue",
  Cooklang: "cooklang",
  DataWeave: "dataweave",
  EJS: "ejs",
  // FreeMarker Template Language, .ftl (Prism's id is the extension).
  FreeMarker: "ftl",
  // .il: ECMA-335's Common Intermediate Language, which ilasm assembles (Linguist's aliases
  // ilasm and msil); Prism's title is CIL.
  "IL Assembly": "cil",
  Jolie: "jolie",
  LOLCODE: "lolcode",
  "Linker Script": "linker-script", // GNU ld's scripts (.ld, .lds), Prism's "GNU Linker Script".
  MAXScript: "maxscript",
  // Nunjucks is Mozilla's port of Jinja2 to JavaScript, with Jinja2's tags and {# #} comments
  // (its documentation says so); Prism's django component is "Django/Jinja2".
  Nunjucks: "django",
  OpenQASM: "openqasm",
  // Oxygene is RemObjects' Object Pascal (//, { } and (* *) comments, '...' strings); Prism's
  // pascal has Object Pascal as an alias and reads all three.
  Oxygene: "pascal",
  Oz: "oz",
  Processing: "processing",
  PureBasic: "purebasic",
  // Microsoft's quantum language, .qs. Not Prism's `q`, which is kdb+'s q.
  "Q#": "qsharp",
  RobotFramework: "robotframework",
  SQF: "sqf", // Arma's Status Quo Function (.sqf).
  "Velocity Template Language": "velocity",
  Xojo: "xojo",
  hoon: "hoon",
  jq: "jq",
};

/** The version and licence of the prismjs package in `dir`. */
export async function prismPackage(dir: string): Promise<{ version: string; license: string }> {
  const { default: pkg } = (await import(pathToFileURL(path.join(dir, "package.json")).href, {
    with: { type: "json" },
  })) as { default: { version: string; license: string } };
  return { version: pkg.version, license: pkg.license };
}

/**
 * The syntax the probe finds in each of the Prism components `ids` (a component without
 * comments is absent), run by python3 in isolated mode as for the other sources, with the
 * tokenizer as its child.
 */
export function readPrism(
  dir: string,
  branchWords: readonly string[],
  ids: readonly string[],
): Map<string, ProbedSyntax> {
  return probeThroughTokenizer("prism", branchWords, ids, {
    script: path.join(import.meta.dirname, "gen-syntax-prism-tokenizer.ts"),
    args: [dir, JSON.stringify(ids)],
  });
}
