/**
 * The TextMate side of gen-syntax-probe.py: tokenizes what the probe asks with the grammars of a
 * tm-grammars directory, or of the starry-night package (GitHub Linguist's grammars, a module
 * per scope under lang/), as Shiki, VS Code and GitHub do (vscode-textmate with the Oniguruma
 * engine, the regular expressions the grammars are written for), only those under a permissive
 * licence. Run by the probe, not by hand:
 *
 *     node gen-syntax-textmate-tokenizer.ts tm-grammars <tm-grammars dir>
 *     node gen-syntax-textmate-tokenizer.ts starry-night <starry-night dir>
 *
 * One JSON request a line on stdin, one JSON answer a line on stdout:
 * - `{"grammar": "source.gleam", "text": "x = 1 // a\n"}` → `{"kinds": "ooooooccccco"}`, a letter
 *   for each character of the text: c comment, s string, h character literal, k control
 *   keyword, o anything else (newlines are o);
 * - `{"grammar": "source.gleam", "rules": true}` → `{"comment": [...], "string": [...]}`, the
 *   `begin` and `match` patterns of the grammar's comment and string rules (and the `end` of its
 *   comment rules), where the probe looks for candidate markers.
 */
import fs from "node:fs";
import readline from "node:readline";
import { pathToFileURL } from "node:url";
import { createOnigurumaEngine } from "@shikijs/engine-oniguruma";
import {
  type IGrammar,
  INITIAL,
  type IRawGrammar,
  Registry,
  type StateStack,
} from "@shikijs/vscode-textmate";
import type { Grammar } from "@wooorm/starry-night";
import { type GrammarKind, grammarFiles } from "./gen-syntax-textmate.ts";

/** A rule of a grammar (vscode-textmate does not export the type). */
type IRawRule = IRawGrammar["patterns"][number];

/** Comments that are code: preprocessor lines and `#!` lines (as the Pygments side says too). */
const CODE_COMMENT = /\.(preprocessor|shebang|hashbang|directive)(\.|$)/;

/**
 * The kind letter of a token, from its scopes: the innermost comment, string or control keyword
 * scope decides (a comment inside a string's interpolation is a comment).
 */
function kindOf(scopes: readonly string[]): string {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i] as string;
    // A bare `comment` or `string` too: Yul's, TXL's and Kusto's grammars name theirs so.
    if (/^comment(\.|$)/.test(scope)) return CODE_COMMENT.test(scope) ? "o" : "c";
    if (/^string(\.|$)/.test(scope)) return /\.char(\.|$)/.test(scope) ? "h" : "s";
    if (scope.startsWith("keyword.control")) return "k";
  }
  return "o";
}

/**
 * The kind letter of each character of `text`, tokenized line by line as an editor does, after
 * an empty first line: a rule anchored to a file's start (`\A#!`, the interpreter line that
 * Swift's and Cadence's grammars colour as a comment) is no comment syntax, and code here as it
 * is on the Pygments side.
 */
function kinds(grammar: IGrammar, text: string): string {
  let state: StateStack = grammar.tokenizeLine("", INITIAL).ruleStack;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state, 1_000);
    // The last token may run over the newline the tokenizer adds: cut at the line's end.
    for (const t of tokens)
      out.push(kindOf(t.scopes).repeat(Math.min(t.endIndex, line.length) - t.startIndex));
    out.push("o");
    state = ruleStack;
  }
  return out.join("").slice(0, text.length);
}

/** The patterns of every rule of a grammar whose own scope is a comment or a string. */
function rules(raw: IRawGrammar): { comment: string[]; string: string[] } {
  const found = { comment: [] as string[], string: [] as string[] };
  const visit = (rule: IRawRule) => {
    const kind = kindOf([rule.name ?? "", rule.contentName ?? ""].filter(Boolean));
    const patterns = [rule.begin, rule.match, kind === "c" ? rule.end : undefined];
    const list = kind === "c" ? found.comment : kind === "s" || kind === "h" ? found.string : [];
    // The JSON files hold strings; vscode-textmate also takes RegExp objects.
    for (const p of patterns) if (typeof p === "string") list.push(p);
    for (const r of rule.patterns ?? []) visit(r);
    for (const r of Object.values(rule.repository ?? {})) visit(r);
  };
  for (const r of raw.patterns) visit(r);
  for (const r of Object.values(raw.repository ?? {})) visit(r);
  return found;
}

/** Every scope a grammar includes from outside itself (`source.js`, `source.js#expression`). */
function includedScopes(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) includedScopes(n, found);
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) {
      if (key === "include" && typeof value === "string" && !/^[#$]/.test(value))
        found.add(value.split("#")[0] as string);
      else includedScopes(value, found);
    }
  return found;
}

/** A grammar's file: a JSON file (tm-grammars), or a module whose default export it is. */
async function readGrammar(file: string): Promise<IRawGrammar> {
  if (file.endsWith(".json")) return JSON.parse(fs.readFileSync(file, "utf8")) as IRawGrammar;
  const module = (await import(pathToFileURL(file).href)) as { default: Grammar };
  return module.default as unknown as IRawGrammar;
}

async function main(): Promise<void> {
  const [kind, dir] = process.argv.slice(2) as [GrammarKind, string];
  const byScope = await grammarFiles(kind, dir);
  const raws = new Map<string, IRawGrammar>();
  /**
   * Reads the grammar of `scope` and, in turn, those it includes, before vscode-textmate asks
   * for them (its loadGrammar is synchronous; a module is read by an import, which is not).
   */
  const readWithIncluded = async (scope: string): Promise<void> => {
    const file = byScope.get(scope);
    if (!file || raws.has(scope)) return;
    const raw = await readGrammar(file);
    raws.set(scope, raw);
    for (const included of includedScopes(raw)) await readWithIncluded(included);
  };
  // Only the grammars of the source load, those a permissive licence covers. Another one a
  // grammar includes (a GPL or MPL one, or one its extension ships beside it, as Lean's comments
  // include its Markdown) is read as empty: vscode-textmate would drop the including rule, and
  // Lean's -- comments with it.
  const loadGrammar = (scope: string): IRawGrammar => {
    if (!byScope.has(scope))
      return { scopeName: scope, patterns: [], repository: {} } as unknown as IRawGrammar;
    const raw = raws.get(scope);
    if (!raw) throw new Error(`grammar ${scope} was not read ahead`);
    return raw;
  };
  const engine = await createOnigurumaEngine(import("@shikijs/engine-oniguruma/wasm-inlined"));
  const registry = new Registry({
    onigLib: {
      createOnigScanner: (sources) => engine.createScanner(sources),
      createOnigString: (s) => engine.createString(s),
    },
    loadGrammar,
  });
  const loaded = new Map<string, IGrammar | null>();
  const grammarOf = async (scope: string) => {
    if (!loaded.has(scope)) {
      await readWithIncluded(scope);
      loaded.set(scope, byScope.has(scope) ? registry.loadGrammar(scope) : null);
    }
    return loaded.get(scope) ?? null;
  };
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const ask = JSON.parse(line) as { grammar: string; text?: string; rules?: true };
    const grammar = await grammarOf(ask.grammar);
    const raw = raws.get(ask.grammar);
    const answer = !grammar
      ? { error: `no permissive grammar ${ask.grammar}` }
      : ask.rules && raw
        ? rules(raw)
        : { kinds: kinds(grammar, ask.text ?? "") };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

await main();
