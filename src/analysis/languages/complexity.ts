import { complexityKeywords } from "./syntax.ts";

/**
 * Complexity as scc counts it (https://github.com/boyter/scc): the number of branch points in a
 * file, i.e. occurrences, in code (never in comments or strings), of its language's decision
 * keywords and operators ("if ", "for(", "&& ", "case "...), each counted where it starts a
 * word: at the start of the file or after whitespace, so "elif " is not also an "if ".
 *
 * Its limits, which are scc's: it is a token count, not a parse. It is not McCabe's cyclomatic
 * complexity (no control-flow graph; "else " counts, a ternary may not); a keyword written
 * without the expected trailing space or parenthesis ("if\n") is missed; an operator glued to
 * its operand ("a&&b") is missed; and the figure only compares files and languages measured the
 * same way. It is cheap: one extra look at each byte of code, inside the line counter's pass.
 */

/**
 * Hand-checked token lists, modelled on scc's, for the mainstream languages: keywords in the
 * forms they are written (`if (`, `else:`), and the operators (`&&`, `??`) that the generated
 * syntax data's keyword lists lack. They win over the generated keywords, as the hand entries of
 * syntax.ts win over the generated syntax.
 */
const cBranches = ["for ", "for(", "if ", "if(", "switch ", "switch(", "while ", "while("];
const cOperators = ["else ", "case ", "|| ", "&& ", "!= ", "== "];
const HAND_BRANCHES: Readonly<Record<string, readonly string[]>> = {
  C: [...cBranches, ...cOperators],
  "C++": [...cBranches, ...cOperators, "catch ", "catch("],
  "C#": [...cBranches, ...cOperators, "foreach ", "foreach(", "catch ", "catch(", "?? "],
  Java: [...cBranches, ...cOperators, "catch ", "catch("],
  JavaScript: [...cBranches, ...cOperators, "catch ", "catch(", "?? ", "=== ", "!== "],
  TypeScript: [...cBranches, ...cOperators, "catch ", "catch(", "?? ", "=== ", "!== "],
  Go: ["for ", "if ", "switch ", "select ", "case ", "else ", "go ", "|| ", "&& ", "!= ", "== "],
  Rust: ["for ", "if ", "while ", "loop ", "match ", "else ", "|| ", "&& ", "!= ", "== ", "=> "],
  Python: ["for ", "if ", "elif ", "else:", "while ", "except ", "except:", "and ", "or "],
  Ruby: [
    "for ",
    "if ",
    "elsif ",
    "else\n",
    "else ",
    "unless ",
    "while ",
    "until ",
    "when ",
    "rescue ",
  ],
  PHP: [...cBranches, ...cOperators, "elseif ", "elseif(", "foreach ", "foreach(", "catch ("],
  Shell: ["if ", "elif ", "for ", "while ", "until ", "case ", "&& ", "|| "],
};

/** How a generated branch keyword is followed where it is one: `if (`, `case x`, `else {`, `else` at a line end. */
const KEYWORD_ENDINGS = [" ", "(", "{", "\n"];
const generatedTokens = new Map<string, readonly string[] | undefined>();

/**
 * Languages whose keywords are case-insensitive by their references, and mostly written
 * capitalised or in capitals (`If x Then`, `IF (X) THEN`): the generated data lowercases every
 * keyword, so their branches are also matched as `If`, `IF` (and `ElseIf`).
 */
const CASE_INSENSITIVE = new Set([
  "ABAP",
  "Ada",
  "B4X",
  "Batchfile",
  "BlitzBasic",
  "Classic ASP",
  "COBOL",
  "FreeBASIC",
  "Fortran",
  "Fortran Free Form",
  "Genero 4gl",
  "Harbour",
  "LiveCode Script",
  "OpenEdge ABL",
  "Pascal",
  "PowerShell",
  "PureBasic",
  "VBA",
  "VBScript",
  "Visual Basic .NET",
  "Visual Basic 6.0",
  "Xojo",
  "xBase",
]);

/** A keyword as a case-insensitive language's code writes it: lower, capitalised, in capitals. */
function casings(keyword: string): string[] {
  const written = [
    keyword,
    keyword.toUpperCase(),
    keyword.charAt(0).toUpperCase() + keyword.slice(1),
  ];
  return keyword === "elseif" ? [...written, "ElseIf"] : written;
}

/**
 * The branch tokens of a language (by the name the report uses), or undefined when it has none
 * (markup, data, prose, and languages the data gives no keywords): its complexity is then not
 * measured. The hand-checked table first, then the generated syntax data's keywords.
 *
 * @example
 * branchTokens("Go")?.includes("select "); // true
 * branchTokens("Haskell"); // ["case ", "case(", ..., "if\n"], from the generated data
 */
export function branchTokens(language: string): readonly string[] | undefined {
  const hand = HAND_BRANCHES[language];
  if (hand) return hand;
  if (!generatedTokens.has(language)) {
    const keywords = complexityKeywords(language);
    const written = CASE_INSENSITIVE.has(language) ? keywords.flatMap(casings) : keywords;
    generatedTokens.set(
      language,
      written.length > 0
        ? [...new Set(written)].flatMap((k) => KEYWORD_ENDINGS.map((end) => k + end))
        : undefined,
    );
  }
  return generatedTokens.get(language);
}

/** Branch tokens by their first byte, built once per language. */
export interface CompiledBranches {
  byFirst: (Uint8Array[] | undefined)[];
}

/** Prepares a token list for {@link countBranches}; longest first, so one place counts once. */
export function compileBranches(tokens: readonly string[]): CompiledBranches {
  const byFirst: (Uint8Array[] | undefined)[] = new Array(256).fill(undefined);
  const sorted = [...new Set(tokens)].filter((t) => t.length > 0);
  sorted.sort((a, b) => Buffer.byteLength(b) - Buffer.byteLength(a));
  for (const token of sorted) {
    const bytes = new Uint8Array(Buffer.from(token, "utf8"));
    const first = bytes[0] as number;
    const list = byFirst[first] ?? [];
    list.push(bytes);
    byFirst[first] = list;
  }
  return { byFirst };
}

const WHITESPACE = new Uint8Array(256);
for (const c of [32, 9, 10, 13, 12, 11]) WHITESPACE[c] = 1;

/**
 * Counts the branch tokens that start in `buf[from..to)`, a stretch of code (the line counter
 * passes only code: comments and strings are skipped before this is called). A token starts
 * at the buffer's start or after whitespace; it may run past `to` (a token is matched against
 * the bytes that follow, as written).
 *
 * @example
 * const text = Buffer.from("if (a && b) x();");
 * countBranches(text, 0, text.length, compileBranches(["if ", "&& "])); // 2
 */
export function countBranches(
  buf: Uint8Array,
  from: number,
  to: number,
  branches: CompiledBranches,
): number {
  const { byFirst } = branches;
  let found = 0;
  for (let i = from; i < to; i++) {
    const list = byFirst[buf[i] as number];
    if (list === undefined || (i > 0 && WHITESPACE[buf[i - 1] as number] === 0)) continue;
    for (const token of list) {
      if (matches(buf, i, token)) {
        found++;
        i += token.length - 1;
        break;
      }
    }
  }
  return found;
}

function matches(buf: Uint8Array, i: number, token: Uint8Array): boolean {
  if (i + token.length > buf.length) return false;
  for (let k = 1; k < token.length; k++) if (buf[i + k] !== token[k]) return false;
  return true;
}
