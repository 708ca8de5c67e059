/**
 * The Prism side of gen-syntax-probe.py: tokenizes what the probe asks with Prism's language
 * components, as Prism.highlight does (its before- and after-tokenize hooks included, which is
 * how templating languages such as EJS and FreeMarker split a text between their tags and the
 * HTML around them). Run by the probe, not by hand:
 *
 *     node gen-syntax-prism-tokenizer.ts <prismjs dir> <component ids as JSON>
 *
 * The components are loaded once, all together, before the first request, so that one that
 * extends another (a templating language extends markup) reads the same whatever is asked first.
 * It answers as gen-syntax-textmate-tokenizer.ts does, one JSON line for one JSON line:
 * - `{"grammar": "cue", "text": "x: 1 // a\n"}` → `{"kinds": "oooooccccco"}`, a letter for each
 *   character of the text: c comment, s string, h character literal, k keyword, o anything else;
 * - `{"grammar": "cue", "rules": true}` → `{"comment": [...], "string": [...]}`, the patterns of
 *   the grammar's comment and string tokens, where the probe looks for candidate markers; for a
 *   comment also the literal text its pattern ends with, as a pattern (Prism has no `end`: the
 *   probe finds LOLCODE's `TLDR` there).
 */
import { createRequire } from "node:module";
import path from "node:path";
import {
  answerProbe,
  kindOf,
  kindsAfterNewline,
  type TokenStream,
} from "./gen-syntax-tokenizer-shared.ts";

/** A token definition of a Prism grammar: a RegExp, or one with options, or several. */
type PatternObject = {
  pattern: RegExp;
  lookbehind?: boolean;
  greedy?: boolean;
  alias?: string | string[];
  inside?: Grammar;
};
type TokenDefinition = RegExp | PatternObject | (RegExp | PatternObject)[];
type Grammar = { [type: string]: TokenDefinition | Grammar | undefined; rest?: Grammar };

interface Env {
  code: string;
  grammar: Grammar;
  language: string;
  tokens?: TokenStream;
}

interface PrismCore {
  languages: Record<string, Grammar>;
  tokenize(text: string, grammar: Grammar): TokenStream;
  hooks: { run(name: string, env: Env): void };
}

/** The kind letter of each character of `text`, tokenized as Prism.highlight does. */
function kinds(prism: PrismCore, language: string, text: string): string {
  return kindsAfterNewline(text, (code) => {
    const env: Env = { code, grammar: prism.languages[language] as Grammar, language };
    prism.hooks.run("before-tokenize", env);
    env.tokens = prism.tokenize(env.code, env.grammar);
    prism.hooks.run("after-tokenize", env);
    return env.tokens;
  });
}

/** A pattern's source without the group its `lookbehind` option matches but does not keep. */
function withoutLookbehind(source: string): string {
  if (!source.startsWith("(") || source.startsWith("(?")) return source;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return source.slice(i + 1);
  }
  return source;
}

/**
 * The literal text a pattern ends with (`TLDR` for `\bOBTW\s[\s\S]*?\sTLDR\b`, `*\/` for
 * `\/\*[\s\S]*?\*\/`), escaped as a pattern, or undefined.
 */
function literalEnd(source: string): string | undefined {
  const s = source.replace(/(?:\\b|\$|\(\?[=!][^()]*\))+$/, "");
  const chars: string[] = [];
  let i = s.length - 1;
  for (; i >= 0; i--) {
    let backslashes = 0;
    while (i - 1 - backslashes >= 0 && s[i - 1 - backslashes] === "\\") backslashes++;
    const c = s[i] as string;
    if (backslashes % 2 === 1) {
      if (/\w/.test(c)) break;
      chars.unshift(c);
      i--;
    } else if (".^$*+?{}[]()|\\".includes(c)) break;
    else chars.unshift(c);
  }
  // A quantifier or a class before the literal may take its first character; none is safer.
  if (chars.length === 0) return undefined;
  return chars.map((c) => (/\w/.test(c) ? c : `\\${c}`)).join("");
}

/** The patterns of every token of a grammar (and of the grammars inside) that is a comment or string. */
function rules(grammar: Grammar): { comment: string[]; string: string[] } {
  const found = { comment: [] as string[], string: [] as string[] };
  const seen = new Set<Grammar>();
  const visit = (g: Grammar) => {
    if (seen.has(g)) return;
    seen.add(g);
    for (const [type, definition] of Object.entries(g)) {
      if (definition === undefined) continue;
      if (type === "rest") {
        visit(definition as Grammar);
        continue;
      }
      for (const d of [definition as TokenDefinition].flat()) {
        const p: PatternObject = d instanceof RegExp ? { pattern: d } : d;
        if (!(p.pattern instanceof RegExp)) continue;
        const kind = kindOf(type, p.alias);
        // Without what the probe's literal reading would stop at: the lookbehind group, and
        // anchors in front (LOLCODE's `\bBTW.+`).
        const source = (
          p.lookbehind ? withoutLookbehind(p.pattern.source) : p.pattern.source
        ).replace(/^(?:\\b|\^)+/, "");
        if (kind === "c") {
          found.comment.push(source);
          const end = literalEnd(source);
          if (end) found.comment.push(end);
        } else if (kind === "s" || kind === "h") found.string.push(source);
        if (p.inside) visit(p.inside);
      }
    }
  };
  visit(grammar);
  return found;
}

async function main(): Promise<void> {
  const dir = path.resolve(process.argv[2] as string);
  const ids = JSON.parse(process.argv[3] as string) as string[];
  // Prism's core and its loader are CommonJS that share a global Prism.
  const require = createRequire(path.join(dir, "package.json"));
  const prism = require(dir) as PrismCore;
  const load = require(path.join(dir, "components/index.js")) as ((ids: string[]) => void) & {
    silent: boolean;
  };
  load.silent = true;
  load(ids);
  await answerProbe((ask) => {
    const grammar = ids.includes(ask.grammar) ? prism.languages[ask.grammar] : undefined;
    if (!grammar) return { error: `no Prism component ${ask.grammar}` };
    return ask.rules ? rules(grammar) : { kinds: kinds(prism, ask.grammar, ask.text ?? "") };
  });
}

await main();
