/**
 * The highlight.js side of gen-syntax-probe.py: tokenizes what the probe asks with highlight.js's
 * grammars through hljs.highlight, and reads the kinds from the classes of the HTML it returns.
 * Run by the probe, not by hand:
 *
 *     node gen-syntax-hljs-tokenizer.ts <highlight.js dir> <language ids as JSON> \
 *         <other packages' grammar files as JSON, by language id>
 *
 * Every language of the package is registered, as its default export does (a grammar may embed
 * another: ObjectScript's `&sql(...)`), then the other packages' grammars, and every language
 * asked for is compiled before the first request, so that its rules read the same whatever is
 * asked first. It answers as gen-syntax-textmate-tokenizer.ts does, one JSON line for one:
 * - `{"grammar": "cos", "text": "x // a\n"}` → `{"kinds": "oooccccco"}`, a letter for each
 *   character of the text: c comment, s string, k keyword, o anything else;
 * - `{"grammar": "cos", "rules": true}` → `{"comment": [...], "string": [...]}`, the `begin` and
 *   `end` patterns of the grammar's comment modes and the `begin` of its string modes, as
 *   highlight.js compiles them (variants spread, `match` made `begin`), where the probe looks for
 *   candidate markers.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { CompiledMode, HLJSApi, LanguageFn } from "highlight.js";
import {
  answerProbe,
  kindOf,
  kindsAfterNewline,
  type Token,
  type TokenStream,
} from "./gen-syntax-tokenizer-shared.ts";

/** What highlight.js escapes in the text of its HTML. */
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
};

/**
 * The tokens of highlight.js's HTML: a span's scope is its classes back in highlight.js's
 * notation (`hljs-title function_` → `title.function`, `hljs-char escape_` → `char.escape`, an
 * escape inside a string and no character literal), an embedded language's span
 * (`language-sql`) none of the kinds.
 */
function tokensOf(html: string): TokenStream {
  const root: Token & { content: TokenStream[] } = { type: "", content: [] };
  const open = [root];
  for (const m of html.matchAll(/<span class="([^"]*)">|<\/span>|[^<]+/g)) {
    const top = open[open.length - 1] as typeof root;
    if (m[1] !== undefined) {
      const [first = "", ...rest] = m[1].split(" ");
      const scope = [first.replace(/^hljs-/, ""), ...rest.map((c) => c.replace(/_+$/, ""))];
      const token = { type: scope.join("."), content: [] };
      top.content.push(token);
      open.push(token);
    } else if (m[0] === "</span>") open.pop();
    else top.content.push(m[0].replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e));
  }
  return root.content;
}

/** The source of a mode's pattern, when it is one pattern (not a list to match in sequence). */
const sourceOf = (p: unknown) =>
  typeof p === "string" ? p : p instanceof RegExp ? p.source : undefined;

/** The patterns of every compiled mode of a language (and of the modes inside) that is a comment or string. */
function rules(language: CompiledMode): { comment: string[]; string: string[] } {
  const found = { comment: [] as string[], string: [] as string[] };
  const seen = new Set<CompiledMode>();
  const visit = (mode: CompiledMode) => {
    if (seen.has(mode)) return;
    seen.add(mode);
    const kind = typeof mode.scope === "string" ? kindOf(mode.scope) : undefined;
    const begin = sourceOf(mode.begin);
    const end = sourceOf(mode.end);
    if (kind === "c") found.comment.push(...[begin, end].filter((p) => p !== undefined));
    else if (kind === "s" && begin !== undefined) found.string.push(begin);
    for (const m of mode.contains) visit(m);
    if (mode.starts) visit(mode.starts);
  };
  visit(language);
  return found;
}

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] as string);
  const ids = JSON.parse(process.argv[3] as string) as string[];
  const packaged = JSON.parse(process.argv[4] as string) as Record<string, string>;
  const hljs = createRequire(path.join(dir, "package.json"))(dir) as HLJSApi;
  for (const [id, file] of Object.entries(packaged)) {
    const grammar = (await import(pathToFileURL(file).href)) as { default: LanguageFn };
    hljs.registerLanguage(id, grammar.default);
  }
  // Illegal text is not ignored, as it is by default: a grammar's `illegal` says what its
  // language cannot hold there (a newline in a 4D or MLIR string), and a text it calls illegal
  // comes back unhighlighted, so the probe finds no string spanning lines in those.
  const highlight = (id: string, code: string) =>
    hljs.highlight(code, { language: id, ignoreIllegals: false });
  for (const id of ids) if (hljs.getLanguage(id)) highlight(id, "");
  await answerProbe((ask) => {
    const language = ids.includes(ask.grammar) ? hljs.getLanguage(ask.grammar) : undefined;
    if (!language) return { error: `no highlight.js language ${ask.grammar}` };
    if (ask.rules) return rules(language as unknown as CompiledMode);
    return {
      kinds: kindsAfterNewline(ask.text ?? "", (code) => {
        const result = highlight(ask.grammar, code);
        // highlight.js catches a grammar's error itself and returns the text unhighlighted.
        if (result.errorRaised) throw result.errorRaised;
        return tokensOf(result.value);
      }),
    };
  });
}

await main();
