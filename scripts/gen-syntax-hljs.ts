/**
 * The sixth source of scripts/gen-syntax.ts: highlight.js's grammars (the highlight.js package,
 * BSD-3-Clause, and grammars it does not ship from their own packages), for languages
 * GtkSourceView, Vim, Pygments, the TextMate grammars and Prism all leave out. A grammar is
 * modes of regular expressions with scopes, read as the other sources are: the same probe asks
 * it, through gen-syntax-hljs-tokenizer.ts, how it colours short texts, and keeps a candidate
 * marker only when what follows it is a comment (or a string) and the code after its end is
 * neither.
 *
 * As with Prism, names are not matched (highlight.js's ObjectScript is `cos`, its LiveCode
 * `livecodeserver`), so a grammar is read only for the Linguist language this file's map pairs
 * it with, each pair checked by hand.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type ProbedSyntax, probeThroughTokenizer } from "./gen-syntax-probe.ts";
import { PERMISSIVE_LICENCES } from "./gen-syntax-textmate.ts";

/**
 * Linguist's name → the highlight.js language that highlights it, checked by hand: the
 * grammar's title, aliases and patterns against the language Linguist means by its name and
 * extensions, and what the probe finds against the language's documented comments. A pair is
 * read only while its language has no syntax from an earlier source. Not paired: the REPL
 * transcripts (Julia REPL, Python console), whose comments are the language's inside a session
 * log, Brainfuck, whose comments are any character but its eight commands, no marker, and
 * grammars of other languages named alike (`rsl` is RenderMan's shading language, not
 * RenderScript; `lisp` is not Arc, `dockerfile` not Earthly, `cos` not M, which ObjectScript
 * grew from).
 */
export const HLJS_LANGUAGES: Readonly<Record<string, string>> = {
  "4D": "4d", // 4D's language (.4dm), from highlightjs-4d, written at 4D.
  Flix: "flix",
  GAMS: "gams",
  // LiveCode's scripting language (.livecodescript); highlight.js's LiveCode grammar is written
  // for LiveCode Server, the same language between <?lc ?> tags, with the same comments.
  "LiveCode Script": "livecodeserver",
  MLIR: "mlir", // LLVM's MLIR textual format (.mlir), from highlightjs-mlir.
  // InterSystems ObjectScript (.cls), once Caché ObjectScript: highlight.js's title, alias cls.
  ObjectScript: "cos",
  "RouterOS Script": "routeros", // MikroTik RouterOS scripts (.rsc), alias mikrotik.
};

/**
 * Grammars highlight.js does not ship: language id → the package.json of the npm package that
 * registers it, read only under a licence in PERMISSIVE_LICENCES, as TextMate grammars are. Both
 * are kept in the highlightjs organisation's repositories. Not read: highlightjs-redbol (Red),
 * under CC0-1.0, a public-domain dedication outside that list, and highlightjs-cairo, highlight.js
 * 9's Rust grammar with Cairo's keywords, whose nested `/* *\/` Cairo's lexer does not read.
 */
const GRAMMAR_PACKAGES: Readonly<Record<string, string>> = {
  "4d": fileURLToPath(import.meta.resolve("highlightjs-4d/package.json")),
  mlir: fileURLToPath(import.meta.resolve("highlightjs-mlir/package.json")),
};

interface PackageInfo {
  name: string;
  version: string;
  license: string;
  main: string;
}

/** The name, version, licence and main file of the package whose package.json is `file`. */
async function packageInfo(file: string): Promise<PackageInfo> {
  const { default: pkg } = (await import(pathToFileURL(file).href, {
    with: { type: "json" },
  })) as { default: PackageInfo };
  const main = path.join(path.dirname(file), pkg.main);
  return { name: pkg.name, version: pkg.version, license: pkg.license, main };
}

/**
 * The highlight.js package in `dir` and the grammar packages beside the generator (each with
 * its language id): their versions, licences and main files, and what each entry's `from` says.
 */
export async function hljsPackages(dir: string): Promise<{
  core: PackageInfo;
  grammars: (PackageInfo & { id: string })[];
  from: (id: string) => string;
}> {
  const core = await packageInfo(path.join(dir, "package.json"));
  const grammars = await Promise.all(
    Object.entries(GRAMMAR_PACKAGES).map(async ([id, file]) => {
      const info = await packageInfo(file);
      if (!PERMISSIVE_LICENCES.has(info.license))
        throw new Error(`${info.name} ${info.version}: licence ${info.license} is not permissive`);
      return { ...info, id };
    }),
  );
  const from = (id: string) => {
    const { name, license } = grammars.find((g) => g.id === id) ?? core;
    return `${name} ${id} (${license})`;
  };
  return { core, grammars, from };
}

/**
 * The syntax the probe finds in each of the highlight.js languages `ids` (a language without
 * comments is absent), those of `grammars` registered from their files, run by python3 in
 * isolated mode as for the other sources, with the tokenizer as its child.
 */
export function readHljs(
  dir: string,
  branchWords: readonly string[],
  ids: readonly string[],
  grammars: readonly { id: string; main: string }[],
): Map<string, ProbedSyntax> {
  const files = Object.fromEntries(grammars.map((g) => [g.id, g.main]));
  return probeThroughTokenizer("hljs", branchWords, ids, {
    script: path.join(import.meta.dirname, "gen-syntax-hljs-tokenizer.ts"),
    args: [dir, JSON.stringify(ids), JSON.stringify(files)],
    // highlightjs-mlir's grammar is an ES module in a package that does not say so: Node reads
    // it as one all the same, and would warn about it on every run.
    nodeOptions: ["--disable-warning=MODULE_TYPELESS_PACKAGE_JSON"],
  });
}
