/**
 * What the Prism and highlight.js sides of gen-syntax-probe.py have in common
 * (gen-syntax-prism-tokenizer.ts, gen-syntax-hljs-tokenizer.ts): both libraries give a text as a
 * tree of typed tokens, whose types name comments, strings and keywords alike, and both answer
 * the probe's questions, one JSON line for one JSON line, as gen-syntax-textmate-tokenizer.ts
 * does.
 */
import readline from "node:readline";

/** A tokenized text: text, tokens, and tokens holding more of either. */
export type TokenStream = string | Token | TokenStream[];
export interface Token {
  type: string;
  alias?: string | string[];
  content: TokenStream;
}

/** A question of the probe: the kinds of a text's characters, or the grammar's rules. */
interface Question {
  grammar: string;
  text?: string;
  rules?: true;
}

/** Comments that are code: preprocessor lines and `#!` lines (as the other sources say too). */
const CODE_COMMENT = /^(hashbang|shebang|directive|preprocessor|macro)$/;

/**
 * The kind letter of a token, from its type and aliases, or undefined when neither is a comment,
 * string or keyword (the token then has the kind of the token around it).
 */
export function kindOf(type: string, alias?: string | string[]): string | undefined {
  if (CODE_COMMENT.test(type)) return "o";
  const names = [type, ...(alias === undefined ? [] : [alias].flat())];
  if (names.some((n) => /(^|-)comment$/.test(n))) return "c";
  if (names.some((n) => n === "char" || n === "character")) return "h";
  if (names.some((n) => /(^|-)string(-|$)/.test(n))) return "s";
  if (names.some((n) => /(^|-)keyword$/.test(n))) return "k";
  return undefined;
}

/** Appends the kind letter of each character of `stream` to `out`; the innermost kind decides. */
function paint(stream: TokenStream, around: string, out: string[]): void {
  if (typeof stream === "string") out.push(around.repeat(stream.length));
  else if (Array.isArray(stream)) for (const s of stream) paint(s, around, out);
  else paint(stream.content, kindOf(stream.type, stream.alias) ?? around, out);
}

/**
 * The kind letter of each character of `text` (c comment, s string, h character literal, k
 * keyword, o anything else), from the tokens `tokenize` gives for it after a newline: a pattern
 * anchored to the text's start (`^#!`, JavaScript's hashbang, which Prism colours as a comment)
 * is no comment syntax, as on the TextMate side, and one anchored to a line's start (GAMS's `^*`)
 * still matches.
 */
export function kindsAfterNewline(text: string, tokenize: (code: string) => TokenStream): string {
  const out: string[] = [];
  paint(tokenize(`\n${text}`), "o", out);
  const painted = out.join("");
  if (painted.length !== text.length + 1) throw new Error("tokens lost text");
  return painted.slice(1);
}

/**
 * Answers the probe's questions on stdin, one JSON line each, with what `answer` returns. A
 * grammar that cannot read a text gives no answer for it, as a Pygments lexer that raises: the
 * probe goes on.
 */
export async function answerProbe(answer: (question: Question) => object): Promise<void> {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const question = JSON.parse(line) as Question;
    let out: object;
    try {
      out = answer(question);
    } catch (err) {
      out = { error: `${question.grammar}: ${(err as Error).message}` };
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}
