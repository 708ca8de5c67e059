/**
 * The TextMate side of gen-syntax-probe.py: tokenizes what the probe asks with the grammars of a
 * tm-grammars directory, or of a directory of `<scopeName>.json` files (GitHub Linguist's
 * bundle), as Shiki, VS Code and GitHub do (vscode-textmate with the Oniguruma engine, the
 * regular expressions the grammars are written for). Run by the probe, not by hand:
 *
 *     node gen-syntax-textmate-tokenizer.ts tm-grammars <tm-grammars dir>
 *     node gen-syntax-textmate-tokenizer.ts scopes <dir of <scopeName>.json files>
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
import { createOnigurumaEngine } from "@shikijs/engine-oniguruma";
import {
  type IGrammar,
  INITIAL,
  type IRawGrammar,
  Registry,
  type StateStack,
} from "@shikijs/vscode-textmate";
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

async function main(): Promise<void> {
  const [kind, dir] = process.argv.slice(2) as [GrammarKind, string];
  const byScope = await grammarFiles(kind, dir);
  const raws = new Map<string, IRawGrammar>();
  // Only the grammars of the directory load (of tm-grammars, only permissive ones). Another one
  // a grammar includes (a GPL one, or one its extension ships beside it, as Lean's comments
  // include its Markdown) is read as empty: vscode-textmate would drop the including rule, and
  // Lean's -- comments with it.
  const loadGrammar = (scope: string): IRawGrammar => {
    const file = byScope.get(scope);
    if (!file) return { scopeName: scope, patterns: [], repository: {} } as unknown as IRawGrammar;
    const raw = raws.get(scope) ?? (JSON.parse(fs.readFileSync(file, "utf8")) as IRawGrammar);
    raws.set(scope, raw);
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
  const grammarOf = (scope: string) => {
    if (!loaded.has(scope))
      loaded.set(scope, byScope.has(scope) ? registry.loadGrammar(scope) : null);
    return loaded.get(scope) ?? null;
  };
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const ask = JSON.parse(line) as { grammar: string; text?: string; rules?: true };
    const grammar = grammarOf(ask.grammar);
    const raw = raws.get(ask.grammar);
    const answer = !grammar
      ? { error: `no ${kind === "tm-grammars" ? "permissive " : ""}grammar ${ask.grammar}` }
      : ask.rules && raw
        ? rules(raw)
        : { kinds: kinds(grammar, ask.text ?? "") };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

await main();
