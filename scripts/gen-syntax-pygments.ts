/**
 * The third source of scripts/gen-syntax.ts: Pygments' lexers (Debian package python3-pygments,
 * BSD-2-Clause), for languages neither GtkSourceView nor Vim has a definition of. Pygments is
 * Python and its lexers are regular expressions with states, so gen-syntax-probe.py asks
 * each lexer instead of reading it: a candidate marker (from the lexer's own comment and string
 * rules, or one that languages commonly use) is kept only when the lexer, run on a short probe,
 * colours what follows it as a comment, or as a string, and the code after its end as neither.
 * That gives line comments (anywhere, or only as a line's first text), block comments and
 * whether they nest, strings (escapes, line-spanning, character literals), and branch keywords.
 */
import { type ProbedSyntax, runProbe } from "./gen-syntax-probe.ts";

export interface PygmentsSyntax extends ProbedSyntax {
  /** The lexer's class name (`CoffeeScriptLexer`). */
  lexer: string;
  name: string;
  aliases: string[];
  /** File globs (`*.coffee`). */
  filenames: string[];
}

/**
 * Every lexer of the Pygments under `sitePackages` that has comments, as the probe finds it:
 * the unpacked package is the only Pygments read.
 */
export function readPygments(
  sitePackages: string,
  branchWords: readonly string[],
): { version: string; lexers: PygmentsSyntax[] } {
  return runProbe(["pygments", JSON.stringify(branchWords), sitePackages]) as {
    version: string;
    lexers: PygmentsSyntax[];
  };
}
