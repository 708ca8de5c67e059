/**
 * Comment and string syntax per language, as the line counter needs it. Strings matter only so
 * that comment markers inside them stay code (`"http://x"`, `'/*'`); a string that may span
 * lines is marked `multiline`, every other string ends at the end of its line, which keeps one
 * stray quote (an apostrophe in a heredoc, say) from swallowing the rest of a file.
 *
 * The conventions follow cloc (https://github.com/AlDanial/cloc), the reference our figures are
 * compared with: a line with any code is code, a line with only comments is a comment, a line
 * with only whitespace is blank (also inside a block comment), Python docstrings are comments.
 */

export interface StringRule {
  open: string;
  close: string;
  /** A backslash escapes the next byte (also a newline, continuing the string). */
  escape: boolean;
  multiline: boolean;
  /** Rust, C, Java...: `'` opens only a character literal (`'a'`, `'\n'`), not a lifetime `'a`. */
  charLiteral?: boolean;
  /** Python: triple-quoted strings (docstrings) count as comments, as cloc counts them. */
  docstring?: boolean;
}

export interface Syntax {
  line: readonly string[];
  block: readonly (readonly [string, string])[];
  /** Block comments nest (Rust, Swift, Haskell...): an inner opener needs its own closer. */
  nested: boolean;
  strings: readonly StringRule[];
  /** `#` starts a comment only at the start of a word (shells: `$#`, `${#a}` are code). */
  hashAtWordStart?: boolean;
  /** Comment markers that count only as the first non-blank text of a line (`REM`, `::`). */
  lineStart?: readonly string[];
  /** Block comments whose markers stand in column 0 (Perl POD `=head1`..`=cut`, Ruby `=begin`). */
  column0Block?: readonly (readonly [string, string])[];
  /** Markers in column 0 after which nothing is code (Perl `__END__`). */
  endMarkers?: readonly string[];
}

const dq: StringRule = { open: '"', close: '"', escape: true, multiline: false };
const sq: StringRule = { open: "'", close: "'", escape: true, multiline: false };
const chr: StringRule = { ...sq, charLiteral: true };
const bt: StringRule = { open: "`", close: "`", escape: true, multiline: true };
const rawBt: StringRule = { open: "`", close: "`", escape: false, multiline: true };
const tdq: StringRule = { open: '"""', close: '"""', escape: true, multiline: true };
const tsq: StringRule = { open: "'''", close: "'''", escape: true, multiline: true };
const dqMulti: StringRule = { ...dq, multiline: true };

const slashStar = [["/*", "*/"]] as const;

const base = { line: [], block: [], nested: false, strings: [] } satisfies Syntax;

function syntax(overrides: Partial<Syntax>): Syntax {
  return { ...base, ...overrides };
}

const cLike = syntax({ line: ["//"], block: slashStar, strings: [dq, chr] });
const cLikeNested = syntax({ ...cLike, nested: true });
const jsLike = syntax({ line: ["//"], block: slashStar, strings: [dq, sq, bt] });
const jvmTriple = syntax({ line: ["//"], block: slashStar, strings: [tdq, dq, chr] });
const hash = syntax({ line: ["#"], strings: [dq, sq], hashAtWordStart: true });
const shell = syntax({ line: ["#"], strings: [dq, sq], hashAtWordStart: true });
const dashDash = syntax({ line: ["--"], block: slashStar, strings: [sq, dq] });
const haskell = syntax({ line: ["--"], block: [["{-", "-}"]], nested: true, strings: [dq, chr] });
const markupComments = syntax({ block: [["<!--", "-->"]] });
const cssLike = syntax({ block: slashStar, strings: [dq, sq] });
const scssLike = syntax({ line: ["//"], block: slashStar, strings: [dq, sq] });
const lisp = syntax({ line: [";"], block: [["#|", "|#"]], nested: true, strings: [dqMulti] });
const percent = syntax({ line: ["%"], strings: [dq] });
const ml = syntax({ block: [["(*", "*)"]], nested: true, strings: [dq] });
const lineOnly = (...markers: string[]) => syntax({ line: markers, strings: [dq, sq] });

/** Syntax by the language name the report uses (Linguist's, after folding groups). */
export const SYNTAX: Readonly<Record<string, Syntax>> = {
  C: cLike,
  "C++": cLike,
  "C#": syntax({
    ...cLike,
    strings: [tdq, { open: '@"', close: '"', escape: false, multiline: true }, dq, chr],
  }),
  Java: jvmTriple,
  Kotlin: syntax({ ...jvmTriple, nested: true }),
  Scala: syntax({ ...jvmTriple, nested: true }),
  Groovy: syntax({ line: ["//"], block: slashStar, strings: [tdq, tsq, dq, sq] }),
  Swift: syntax({ line: ["//"], block: slashStar, nested: true, strings: [tdq, dq] }),
  "Objective-C": cLike,
  "Objective-C++": cLike,
  Go: syntax({ line: ["//"], block: slashStar, strings: [dq, chr, rawBt] }),
  Rust: syntax({
    ...cLikeNested,
    strings: [
      { open: 'r#"', close: '"#', escape: false, multiline: true },
      { open: 'r"', close: '"', escape: false, multiline: true },
      dqMulti,
      chr,
    ],
  }),
  Dart: syntax({ line: ["//"], block: slashStar, nested: true, strings: [tdq, tsq, dq, sq] }),
  D: syntax({
    ...cLike,
    block: [
      ["/+", "+/"],
      ["/*", "*/"],
    ],
    nested: true,
    strings: [dq, chr, rawBt],
  }),
  Zig: syntax({ line: ["//"], strings: [dq, chr] }),
  Solidity: syntax({ ...cLike, strings: [dq, sq] }),
  JavaScript: jsLike,
  TypeScript: jsLike,
  "JSON with Comments": syntax({ line: ["//"], block: slashStar, strings: [dq] }),
  JSON5: syntax({ line: ["//"], block: slashStar, strings: [dq, sq] }),
  CoffeeScript: syntax({ line: ["#"], block: [["###", "###"]], strings: [tdq, dq, sq] }),
  PHP: syntax({ line: ["//", "#"], block: slashStar, strings: [dq, sq] }),
  Hack: syntax({ line: ["//", "#"], block: slashStar, strings: [dq, sq] }),
  Python: syntax({
    line: ["#"],
    strings: [{ ...tdq, docstring: true }, { ...tsq, docstring: true }, dq, sq],
  }),
  Starlark: syntax({
    line: ["#"],
    strings: [{ ...tdq, docstring: true }, { ...tsq, docstring: true }, dq, sq],
  }),
  Cython: syntax({
    line: ["#"],
    strings: [{ ...tdq, docstring: true }, { ...tsq, docstring: true }, dq, sq],
  }),
  Ruby: syntax({ line: ["#"], strings: [dq, sq], column0Block: [["=begin", "=end"]] }),
  Crystal: hash,
  Perl: syntax({
    line: ["#"],
    strings: [dq, sq],
    hashAtWordStart: true,
    // cloc, the accuracy reference, takes POD as "=head1" .. "=cut" only (perl itself starts
    // POD at any "=word" in column 0); matching cloc keeps Perl within 2 % of its counts.
    column0Block: [["=head1", "=cut"]],
    endMarkers: ["__END__", "__DATA__"],
  }),
  Raku: syntax({
    line: ["#"],
    strings: [dq, sq],
    hashAtWordStart: true,
    column0Block: [["=begin", "=end"]],
  }),
  Shell: shell,
  fish: shell,
  Tcl: shell,
  PowerShell: syntax({
    line: ["#"],
    block: [["<#", "#>"]],
    strings: [dq, sq],
    hashAtWordStart: true,
  }),
  Batchfile: syntax({ lineStart: ["REM ", "rem ", "Rem ", "@REM ", "@rem ", "::"], strings: [dq] }),
  R: hash,
  Julia: syntax({ line: ["#"], block: [["#=", "=#"]], nested: true, strings: [tdq, dq] }),
  Elixir: syntax({ line: ["#"], strings: [tdq, dq, sq] }),
  Nim: syntax({ line: ["#"], block: [["#[", "]#"]], nested: true, strings: [tdq, dq] }),
  Makefile: syntax({ line: ["#"] }),
  Dotenv: syntax({ line: ["#"], strings: [dq, sq], hashAtWordStart: true }),
  CMake: syntax({ line: ["#"], block: [["#[[", "]]"]], strings: [dq] }),
  Dockerfile: syntax({ line: ["#"], hashAtWordStart: true }),
  YAML: syntax({ line: ["#"], strings: [dq, sq], hashAtWordStart: true }),
  TOML: syntax({ line: ["#"], strings: [tdq, tsq, dq, sq] }),
  INI: syntax({ lineStart: [";", "#"] }),
  "Java Properties": syntax({ lineStart: ["#", "!"] }),
  HCL: syntax({ line: ["#", "//"], block: slashStar, strings: [dq] }),
  Nix: syntax({
    line: ["#"],
    block: slashStar,
    strings: [dq, { open: "''", close: "''", escape: false, multiline: true }],
  }),
  GraphQL: syntax({ line: ["#"], strings: [tdq, dq] }),
  Awk: hash,
  Nginx: hash,
  ApacheConf: hash,
  "Protocol Buffer": syntax({ line: ["//"], block: slashStar, strings: [dq, sq] }),
  Thrift: syntax({ line: ["//", "#"], block: slashStar, strings: [dq, sq] }),
  GLSL: cLike,
  HLSL: cLike,
  Cuda: cLike,
  OpenCL: cLike,
  Metal: cLike,
  Apex: cLike,
  "Visual Basic .NET": syntax({ line: ["'"], lineStart: ["REM ", "Rem ", "rem "], strings: [dq] }),
  VBA: syntax({ line: ["'"], lineStart: ["REM ", "Rem ", "rem "], strings: [dq] }),
  SQL: dashDash,
  PLSQL: dashDash,
  PLpgSQL: dashDash,
  TSQL: dashDash,
  Lua: syntax({
    line: ["--"],
    block: [
      ["--[[", "]]"],
      ["--[=[", "]=]"],
      ["--[==[", "]==]"],
    ],
    strings: [{ open: "[[", close: "]]", escape: false, multiline: true }, dq, sq],
  }),
  Ada: lineOnly("--"),
  VHDL: lineOnly("--"),
  Haskell: haskell,
  Elm: haskell,
  PureScript: haskell,
  Idris: haskell,
  Agda: haskell,
  Lean: syntax({ line: ["--"], block: [["/-", "-/"]], nested: true, strings: [dq] }),
  OCaml: ml,
  "Standard ML": ml,
  "F#": syntax({ line: ["//"], block: [["(*", "*)"]], nested: true, strings: [tdq, dq] }),
  Pascal: syntax({
    line: ["//"],
    block: [
      ["{", "}"],
      ["(*", "*)"],
    ],
    strings: [sq],
  }),
  Fortran: syntax({ line: ["!"], strings: [dq, sq] }),
  "Fortran Free Form": syntax({ line: ["!"], strings: [dq, sq] }),
  Erlang: percent,
  MATLAB: syntax({ line: ["%"], block: [["%{", "%}"]], strings: [dq] }),
  TeX: syntax({ line: ["%"] }),
  Prolog: syntax({ line: ["%"], block: slashStar, strings: [dq] }),
  "Common Lisp": lisp,
  Scheme: lisp,
  Racket: lisp,
  "Emacs Lisp": syntax({ line: [";"], strings: [dqMulti] }),
  Clojure: syntax({ line: [";"], strings: [dqMulti] }),
  Assembly: syntax({ line: [";", "//"], block: slashStar, lineStart: ["#"], strings: [dq] }),
  "Unix Assembly": syntax({
    line: [";", "//"],
    block: slashStar,
    lineStart: ["#", "@"],
    strings: [dq],
  }),
  Verilog: cLike,
  SystemVerilog: cLike,
  "Vim script": syntax({ lineStart: ['"'], strings: [sq] }),
  HTML: markupComments,
  XML: markupComments,
  SVG: markupComments,
  Markdown: markupComments,
  Vue: syntax({
    line: ["//"],
    block: [
      ["<!--", "-->"],
      ["/*", "*/"],
    ],
  }),
  Svelte: syntax({
    line: ["//"],
    block: [
      ["<!--", "-->"],
      ["/*", "*/"],
    ],
  }),
  Astro: syntax({
    line: ["//"],
    block: [
      ["<!--", "-->"],
      ["/*", "*/"],
    ],
  }),
  Handlebars: syntax({
    block: [
      ["{{!--", "--}}"],
      ["{{!", "}}"],
      ["<!--", "-->"],
    ],
  }),
  Jinja: syntax({
    block: [
      ["{#", "#}"],
      ["<!--", "-->"],
    ],
  }),
  Twig: syntax({
    block: [
      ["{#", "#}"],
      ["<!--", "-->"],
    ],
  }),
  CSS: cssLike,
  SCSS: scssLike,
  Less: scssLike,
  Stylus: scssLike,
  Sass: syntax({ line: ["//"], block: slashStar }),
};
