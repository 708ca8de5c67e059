import { type CompiledBranches, compileBranches, countBranches } from "./complexity.ts";
import {
  type EmbeddingTags,
  embeddedBlocks,
  embeddingTags,
  type Fence,
  fencedBlocks,
  heredocBlocks,
  indentedBlocks,
} from "./embedded.ts";
import {
  type Heredoc,
  type HeredocFlavour,
  heredocAt,
  heredocOpeners,
  skipHeredoc,
} from "./heredoc.ts";
import { type LiterateStyle, programOf } from "./literate.ts";
import { phpView } from "./php-page.ts";
import type { Fenced, StringRule, Syntax } from "./syntax.ts";

/** Lines of one file by kind, with cloc's conventions (see syntax.ts). */
export interface LineCounts {
  code: number;
  comments: number;
  blanks: number;
  /** Branch points in code (see complexity.ts), when the language has branch tokens. */
  complexity?: number;
}

const LINE = 0;
const BLOCK = 1;
const STRING = 2;
const END = 3;
// Inside an indented comment block: lines indented deeper than its marker are comments.
const INDENTED = 4;
// A line comment whose line ended in a backslash: the next line is spliced to it (C, gnuplot).
const SPLICED = 5;
// Inside a YAML block scalar: lines indented as deep as its first are its text.
const SCALAR = 6;
// Inside a string inside a block comment (Syntax.stringsInComments), to its closing quote.
const COMMENT_STRING = 7;
// After a line of code that ended in a backslash: this line is its text, or its command's next
// words (Syntax.continuedText).
const CONTINUED = 8;
// Inside an OCaml quoted string, {id|...|id}, inside a block comment (stringsInComments).
const COMMENT_QUOTED = 9;
// Inside a string inside a string (StringRule.innerStrings), to its closing quote.
const STRING_QUOTED = 10;

interface Token {
  kind: typeof LINE | typeof BLOCK | typeof STRING | typeof END;
  open: Uint8Array;
  close: Uint8Array;
  rule?: StringRule;
  /**
   * Block comments: the closes of the syntax's other pairs with this opener that begin like
   * `close` (Liquid's `{% comment %}` ends with `{% endcomment %}` or `{%- endcomment -%}`), or
   * with the same letter in the other case (BlitzMax's `Rem` ends with `End Rem` or `endrem`).
   */
  otherCloses?: Uint8Array[];
  /** The rule's sequences that begin like its close but are text (StringRule.notClose). */
  notClose?: Uint8Array[];
  /** 1 for the quotes of the strings inside it (StringRule.innerStrings). */
  innerQuotes?: Uint8Array;
  /** Only as the first non-blank text on its line. */
  lineStart: boolean;
  /** Only first on its line or after a blank (Syntax.lineAfterBlank). */
  afterBlank?: boolean;
  /** A line comment whose block goes on over the lines indented deeper than its marker. */
  indents?: boolean;
  /** Only in column 0 (and then its close must be in column 0 too). */
  column0: boolean;
  /** Its close may be named after its opener (Syntax.column0BlockNamed). */
  named?: boolean;
  /** Its close only in column 0, wherever it opened (StringRule.closeAtLineStart). */
  closeColumn0?: boolean;
  /**
   * Its close only as its line's first text, blanks aside (StringRule.closeFirst,
   * Syntax.lineStartBlockEndsLine).
   */
  closeFirst?: boolean;
  /** Its close only first or last on its line, blanks aside (Syntax.edgeClosedBlock). */
  closeEdge?: boolean;
  /**
   * The rest of its close's line is the comment's too (Syntax.column0BlockEndsLine,
   * lineStartBlockEndsLine).
   */
  endsLine?: boolean;
  /** A block that a blank line ends (Syntax.paragraphBlock). */
  paragraph?: boolean;
  /** A block that its line's end ends too (Syntax.lineBoundBlock). */
  lineBound?: boolean;
  /**
   * A datum comment's form (Syntax.datumComments), whose marker stands apart from its bracket:
   * the bracket, which must be the next byte that is no blank, line break or `;` comment.
   */
  awaits?: number;
  /** A block comment that nests: an inner opener needs its own closer. */
  nests: boolean;
  /** The template tags that make a line of this (HTML) comment code (Syntax.liveTags). */
  live?: LiveTags;
  /**
   * Opens only where the last byte of code before it is this one, or there is none
   * (Syntax.statementBlock).
   */
  afterCode?: number;
  /** Its close ends a statement, as code's would (Syntax.statementBlock: SAS's `* ... ;`). */
  endsStatement?: boolean;
  /**
   * A nesting block's openers that nest inside it: its own, and those of the pairs it shares its
   * closes with (Monkey's `#rem` in a `#Rem`); for a form comment, its bracket (Syntax.forms).
   */
  inner?: Uint8Array[];
  /** Its inner openers nest only first on their line, as it opens (Syntax.lineStartBlock). */
  innerFirst?: boolean;
  /**
   * Only alone on its line, blanks aside, and so its close (Syntax.aloneBlock, aloneEnd,
   * aloneLine).
   */
  alone?: boolean;
  /**
   * Its close only alone on its line, blanks aside (Syntax.closedAloneBlock,
   * StringRule.closeAlone).
   */
  closeAlone?: boolean;
  /** An END marker that is itself code (Syntax.aloneStop, Syntax.endTokens). */
  code?: boolean;
  /** What may follow an `alone` token on its line, blanks between (Syntax.aloneStop's `--`). */
  aloneBut?: Uint8Array[];
  /** 1 for the bytes right after which it opens nothing (Syntax.blockNotAfter). */
  notAfter?: Uint8Array;
  /** 1 for the bytes right after which this string opens nothing (StringRule.notAfterWordOr). */
  openNotAfter?: Uint8Array;
  /** 1 for the bytes, blanks aside, after which alone this string opens (StringRule.onlyAfter). */
  openOnlyAfter?: Uint8Array;
  /** A word (Syntax.words): no letter, digit or _ may touch its letters. */
  word?: boolean;
  /**
   * Only at its line's end: a blank-delimited marker whose blank the line break stands for
   * (Forth's `(` last on a line opens a comment, as `( ` does).
   */
  atLineEnd?: boolean;
}

/** A syntax turned into per-first-byte token lists, built once per language. */
export interface CompiledSyntax {
  tokens: (Token[] | undefined)[];
  /**
   * For a first byte that opens many tokens (Unix Assembly's 80 `#` directives, R's 42 raw
   * strings at every `r`), its tokens by their second byte, each list with the one-byte
   * tokens in their place: a byte's candidates are read in the same order, fewer of them.
   */
  bySecond: (Token[][] | undefined)[];
  /** 1 for bytes that may start a token: everything else is plain code. */
  starts: Uint8Array;
  /** 1 for bytes that may start a token only in column 0 (Token.column0), not in `starts`. */
  column0Starts: Uint8Array;
  /** `starts` with the interpolations' brackets, while one is open (StringRule.interpolation). */
  interpolatingStarts: Uint8Array;
  hashAtWordStart: boolean;
  /** Syntax.directiveLine. */
  directiveLine?: Uint8Array;
  blankDelimited: boolean;
  regexLiterals: boolean | "always" | "spaced";
  /** Whether the count keeps where the last byte of code was (regexLiterals, statementBlock). */
  tracksCode: boolean;
  /** Syntax.statementBrackets: +1 for each opening bracket, -1 for its close, 0 for none. */
  statementBrackets: Int8Array | undefined;
  lineSplice: boolean | "odd" | "untabbed" | "underscore" | "slashes";
  /**
   * Syntax.continuedText: what ends a continued line, an odd run of `\` or `$`, or a `///` after
   * a blank.
   */
  continuedText: false | "odd" | "dollar" | "slashes";
  /** Syntax.continuedText "command" or "///": a continued line is read as code, not skipped. */
  continuedCommand: boolean;
  blockScalars: boolean;
  lineNumbers: boolean;
  /** Syntax.prompt's byte, or -1. */
  prompt: number;
  /** Syntax.stringsInComments. */
  stringsInComments: boolean | "doubled";
  /**
   * With stringsInComments, the syntax's OCaml quoted string, `{id|...|id}`, which a comment
   * reads whole too (OCaml's lexer, `comment` rule: `(* {|*)|} *)` is one comment).
   */
  commentQuoted?: Token;
  /** Syntax.lineInBlock's marker. */
  lineInBlock?: Uint8Array;
  /** Syntax.indentedBlockClose. */
  indentedClose?: Uint8Array;
  /** Syntax.indicator, with its markers as a byte table. */
  indicator?: { column: number; marks: Uint8Array; textEnd: number };
  /** Syntax.continuation, with its markers as a byte table. */
  continuation?: { column: number; marks: Uint8Array };
  branches?: CompiledBranches;
  heredoc: HeredocFlavour | undefined;
  /** 1 for the bytes a heredoc of the syntax's flavour may open at. */
  heredocOpens: Uint8Array;
  /** Syntax.literate: the style, and the program's syntax, compiled. */
  literate?: { style: LiterateStyle; compiled: CompiledSyntax };
  /**
   * Syntax.header, Syntax.preamble or Syntax.scriptHeader: the line (the start of a line,
   * `before`) that ends the head, the syntax of what follows it, and for a script header what
   * the file must open with, its first line then code.
   */
  header?: { line: Uint8Array; body: CompiledSyntax; before: boolean; opens?: Uint8Array };
  /** Syntax.embedded, compiled, with its tags, and the page's own syntax without it. */
  embedded?: {
    tags?: EmbeddingTags;
    /** Syntax.fenced's markers, its syntax the block named "fence". */
    fence?: Fence;
    /** Syntax.heredocs' openers, the syntax of each the block named `heredoc` and its index. */
    heredocs?: readonly RegExp[];
    /**
     * Syntax.indentedFenced's openers, the syntax of each the block named `indented` and its
     * index, and the page's `indentedBlock` markers, under which none is looked for.
     */
    indented?: { openers: readonly RegExp[]; skips: readonly string[] };
    blocks: Record<string, CompiledSyntax>;
    page: CompiledSyntax;
    /** The page's end markers: no block is looked for after the first. */
    stops: Uint8Array[];
  };
  /** Syntax.dialect, compiled: `skip` are the line-start comments that may come before it. */
  dialect?: {
    markers: Uint8Array[];
    /** 1 for the markers' first bytes: a line that begins otherwise is read no further. */
    firsts: Uint8Array;
    skip: Uint8Array[];
    anyLine: boolean;
    indented: boolean;
    wholeFile: boolean;
    compiled: CompiledSyntax;
  };
  /** Syntax.page "php": the syntax without it, for the page's rewritten text. */
  phpPage?: CompiledSyntax;
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const EMPTY = new Uint8Array(0);
// A byte set with no byte in it.
const NO_BYTES = new Uint8Array(256);

/** A string rule as a fence reads it (Fenced.hides, Fenced.notIn): its markers as bytes. */
const spanOf = (rule: StringRule) => ({
  open: bytes(rule.open),
  close: bytes(rule.close),
  escape: rule.escape,
  multiline: rule.multiline,
});

/**
 * Prepares a syntax for {@link countLines}; cache the result per language. With `branches`
 * (the language's branch tokens), countLines also counts complexity.
 */
export function compileSyntax(syntax: Syntax, branches?: readonly string[]): CompiledSyntax {
  const all: Token[] = [];
  const add = (t: Omit<Token, "lineStart" | "column0" | "nests"> & Partial<Token>) => {
    const token = { lineStart: false, column0: false, nests: false, ...t };
    const same = all.find(
      (u) =>
        u.kind === BLOCK &&
        token.kind === BLOCK &&
        equalBytes(u.open, token.open) &&
        sameLetter(u.close[0] as number, token.close[0] as number) &&
        u.lineStart === token.lineStart &&
        u.column0 === token.column0 &&
        u.nests === token.nests,
    );
    if (!same) all.push(token);
    else if (same.otherCloses) same.otherCloses.push(token.close);
    else same.otherCloses = [token.close];
  };
  // First: where a marker alone on its line also opens a line comment (q's /), alone it is a block.
  for (const [open, close] of syntax.aloneBlock ?? [])
    add({
      kind: BLOCK,
      open: bytes(open),
      close: bytes(close),
      lineStart: true,
      alone: true,
      nests: syntax.nested,
    });
  for (const marker of syntax.aloneLine ?? [])
    add({ kind: LINE, open: bytes(marker), close: EMPTY, lineStart: true, alone: true });
  for (const marker of syntax.aloneEnd ?? [])
    add({ kind: END, open: bytes(marker), close: EMPTY, lineStart: true, alone: true });
  for (const marker of syntax.aloneStop ?? [])
    add({
      kind: END,
      open: bytes(marker),
      close: EMPTY,
      lineStart: true,
      alone: true,
      code: true,
      aloneBut: [";", ...syntax.line].map(bytes),
    });
  for (const [open, close] of syntax.column0Block ?? [])
    add({
      kind: BLOCK,
      open: bytes(open),
      close: bytes(close),
      column0: true,
      endsLine: syntax.column0BlockEndsLine ?? false,
      ...(syntax.column0BlockNamed ? { named: true } : {}),
    });
  // Before the line markers: where both have an opener, first on a line it opens the block.
  for (const marker of syntax.indentedBlock ?? [])
    add({ kind: LINE, open: bytes(marker), close: EMPTY, lineStart: true, indents: true });
  for (const marker of syntax.endMarkers ?? [])
    add({ kind: END, open: bytes(marker), close: EMPTY, column0: true });
  for (const marker of syntax.endTokens ?? [])
    add({ kind: END, open: bytes(marker), close: EMPTY, column0: true, code: true });
  const notAfter =
    syntax.blockNotAfter === undefined ? undefined : bytesAfter(syntax.blockNotAfter);
  const live =
    syntax.liveTags &&
    liveTags(syntax.liveTags, [
      ...syntax.block,
      ...(syntax.nestingBlock ?? []),
      ...(syntax.lineBoundBlock ?? []),
    ]);
  for (const [open, close] of syntax.block)
    add({
      kind: BLOCK,
      open: bytes(open),
      close: bytes(close),
      nests: syntax.nested,
      ...(notAfter ? { notAfter } : {}),
      // The page's comments and its scripts' and styles' (`/* <% if (a) { %> */`).
      ...(live && (open === "<!--" || open === "/*") ? { live } : {}),
    });
  const forms = [
    ...(syntax.forms ?? []).map((pair) => ({ pair, lineStart: false })),
    ...(syntax.lineStartForms ?? []).map((pair) => ({ pair, lineStart: true })),
  ];
  for (const { pair, lineStart } of forms) {
    const [open, close] = pair;
    const bracket = open.slice(-1);
    add({
      kind: BLOCK,
      open: bytes(syntax.datumComments ? open.slice(0, -1) : open),
      close: bytes(close),
      nests: true,
      inner: [bytes(bracket)],
      ...(lineStart ? { lineStart } : {}),
      ...(syntax.datumComments ? { awaits: bracket.charCodeAt(0) } : {}),
    });
  }
  for (const [open, close] of syntax.nestingBlock ?? [])
    add({ kind: BLOCK, open: bytes(open), close: bytes(close), nests: true });
  for (const [open, close] of syntax.closedAloneBlock ?? [])
    add({ kind: BLOCK, open: bytes(open), close: bytes(close), lineStart: true, closeAlone: true });
  for (const [open, close] of syntax.edgeClosedBlock ?? [])
    add({ kind: BLOCK, open: bytes(open), close: bytes(close), lineStart: true, closeEdge: true });
  const statement = syntax.statementBlock;
  const blocks = [
    ...(syntax.lineStartBlock ?? []).map((pair) => ({ pair, afterCode: undefined })),
    ...(statement?.blocks ?? []).map((pair) => ({ pair, afterCode: statement?.end.charCodeAt(0) })),
  ];
  for (const { pair, afterCode } of blocks)
    add({
      kind: BLOCK,
      open: bytes(pair[0]),
      close: bytes(pair[1]),
      lineStart: afterCode === undefined,
      nests: syntax.nested,
      innerFirst: syntax.nested,
      ...(afterCode === undefined && syntax.lineStartBlockEndsLine
        ? { endsLine: true, closeFirst: syntax.lineStartBlockEndsLine === "first" }
        : {}),
      ...(afterCode === undefined ? {} : { afterCode }),
    });
  for (const marker of syntax.paragraphBlock ?? [])
    add({ kind: BLOCK, open: bytes(marker), close: EMPTY, lineStart: true, paragraph: true });
  for (const [open, close] of syntax.lineBoundBlock ?? [])
    add({ kind: BLOCK, open: bytes(open), close: bytes(close), lineBound: true });
  for (const rule of syntax.strings)
    add({
      kind: STRING,
      open: bytes(rule.open),
      close: bytes(rule.close),
      rule,
      ...(rule.notClose ? { notClose: rule.notClose.map(bytes) } : {}),
      ...(rule.innerStrings ? { innerQuotes: byteSet(rule.innerStrings) } : {}),
      ...(rule.closeAlone || rule.fence ? { closeAlone: true } : {}),
      ...(rule.closeAtLineStart ? { closeColumn0: true } : {}),
      ...(rule.closeFirst ? { closeFirst: true } : {}),
      ...(rule.fence || rule.openFirst || rule.alone ? { lineStart: true } : {}),
      ...(rule.alone ? { alone: true } : {}),
      ...(rule.notAfterWordOr === undefined
        ? {}
        : { openNotAfter: bytesAfter(rule.notAfterWordOr) }),
      ...(rule.onlyAfter === undefined ? {} : { openOnlyAfter: byteSet(rule.onlyAfter) }),
      ...(rule.nests
        ? { nests: true, inner: [bytes(typeof rule.nests === "string" ? rule.nests : rule.open)] }
        : {}),
    });
  for (const marker of syntax.line)
    add({ kind: LINE, open: bytes(marker), close: EMPTY, ...(live ? { live } : {}) });
  for (const marker of syntax.lineStart ?? [])
    add({ kind: LINE, open: bytes(marker), close: EMPTY, lineStart: true });
  for (const marker of syntax.lineAfterBlank ?? [])
    add({ kind: LINE, open: bytes(marker), close: EMPTY, afterBlank: true });
  for (const marker of syntax.column0Line ?? [])
    add({ kind: LINE, open: bytes(marker), close: EMPTY, column0: true });

  for (const t of all)
    if (t.kind === BLOCK && t.nests && t.inner === undefined) {
      const closes = [t.close, ...(t.otherCloses ?? [])];
      t.inner = all
        .filter(
          (u) =>
            u.kind === BLOCK &&
            u.nests &&
            u.open[0] === t.open[0] &&
            [u.close, ...(u.otherCloses ?? [])].some((close) =>
              closes.some((other) => equalBytes(close, other)),
            ),
        )
        .map((u) => u.open)
        .concat((syntax.innerOpeners ?? []).map(bytes).filter((o) => o[0] === t.open[0]));
    }
  // A word ends at a line break as at a blank: each comment marker written with its blank after
  // it also opens last on a line, its blank the line break.
  if (syntax.blankDelimited)
    for (const t of [...all]) {
      const last = t.open[t.open.length - 1];
      const bare = t.open.subarray(0, -1);
      if ((t.kind !== BLOCK && t.kind !== LINE) || last === undefined || !isSpace(last)) continue;
      if (!all.some((u) => u.atLineEnd && u.kind === t.kind && equalBytes(u.open, bare)))
        all.push({ ...t, open: bare, atLineEnd: true });
    }
  // A marker of non-ASCII bytes is punctuation (ALGOL's ‘ ’ quotes), no word.
  const wordEdge = (c: number | undefined) => c !== undefined && c < 0x80 && isWordByte(c);
  if (syntax.words)
    for (const t of all)
      if (wordEdge(t.open[0]) || wordEdge(t.open[t.open.length - 1])) t.word = true;
  if (statement) {
    const end = bytes(statement.end);
    for (const t of all) if (t.kind === BLOCK && equalBytes(t.close, end)) t.endsStatement = true;
  }
  const tokens: (Token[] | undefined)[] = new Array(256).fill(undefined);
  // Longest opener first, so "--[[" wins over "--" and '"""' over '"'; column-0 markers before
  // the rest so Perl's "=cut" sections are seen before anything else on the line; of one
  // opener, a string gated on its line's rest or on the word before it before the rest (Kit's
  // `<!-- $var`, then `<!--`; LFE's `a#|b`, then `#|`).
  const gated = (t: Token) =>
    Number(t.rule?.openIfRest !== undefined || t.rule?.afterWord === true);
  all.sort(
    (a, b) =>
      Number(b.column0) - Number(a.column0) || b.open.length - a.open.length || gated(b) - gated(a),
  );
  for (const t of all) {
    const first = t.open[0] as number;
    const list = tokens[first] ?? [];
    list.push(t);
    tokens[first] = list;
  }
  const bySecond = tokens.map((list) =>
    list && list.length > MANY_TOKENS ? bySecondByte(list) : undefined,
  );
  // A token that opens only in column 0 stops the tight loop there alone: a line of `****`
  // in a language whose column-0 markers begin with `*` leaves it once, not at every `*`.
  const starts = new Uint8Array(256);
  const column0Starts = new Uint8Array(256);
  for (const t of all) (t.column0 ? column0Starts : starts)[t.open[0] as number] = 1;
  const heredocOpens = new Uint8Array(256);
  for (const c of syntax.heredoc ? heredocOpeners(syntax.heredoc) : [])
    starts[c] = heredocOpens[c] = 1;
  if (syntax.blockScalars) starts[PIPE] = starts[GT] = 1;
  // Where no comment starts with a slash (Crystal's), a regex's must still stop the tight loop.
  if (syntax.regexLiterals) starts[SLASH] = 1;
  const statementBrackets = syntax.statementBrackets && bracketCounts(syntax.statementBrackets);
  if (statementBrackets) for (let c = 0; c < 256; c++) if (statementBrackets[c]) starts[c] = 1;
  // An interpolation's brackets are counted, to find the one that ends it; outside one they are
  // plain code, read in the tight loop.
  const interpolatingStarts = starts.slice();
  for (const rule of syntax.strings) {
    const opener = rule.interpolation?.charCodeAt(rule.interpolation.length - 1);
    if (opener !== undefined)
      interpolatingStarts[opener] = interpolatingStarts[closing(opener)] = 1;
  }
  const quoted = all.find((t) => t.rule?.delimited === "ocaml");
  const compiled: CompiledSyntax = {
    tokens,
    bySecond,
    starts,
    column0Starts,
    interpolatingStarts,
    hashAtWordStart: syntax.hashAtWordStart ?? false,
    ...(syntax.directiveLine ? { directiveLine: bytes(syntax.directiveLine) } : {}),
    blankDelimited: syntax.blankDelimited ?? false,
    regexLiterals: syntax.regexLiterals ?? false,
    tracksCode: Boolean(syntax.regexLiterals) || syntax.statementBlock !== undefined,
    statementBrackets: statementBrackets || undefined,
    lineSplice: syntax.lineSplice ?? false,
    continuedText:
      syntax.continuedText === "$"
        ? "dollar"
        : syntax.continuedText === "///"
          ? "slashes"
          : syntax.continuedText
            ? "odd"
            : false,
    continuedCommand: syntax.continuedText === "command" || syntax.continuedText === "///",
    blockScalars: syntax.blockScalars ?? false,
    lineNumbers: syntax.lineNumbers ?? false,
    prompt: syntax.prompt?.charCodeAt(0) ?? -1,
    stringsInComments: syntax.stringsInComments ?? false,
    ...(syntax.stringsInComments === true && quoted ? { commentQuoted: quoted } : {}),
    ...(syntax.lineInBlock ? { lineInBlock: bytes(syntax.lineInBlock) } : {}),
    ...(syntax.indentedBlockClose ? { indentedClose: bytes(syntax.indentedBlockClose) } : {}),
    ...(syntax.indicator ? { indicator: compileIndicator(syntax.indicator) } : {}),
    ...(syntax.continuation ? { continuation: compileIndicator(syntax.continuation) } : {}),
    heredoc: syntax.heredoc,
    heredocOpens,
  };
  if (branches && branches.length > 0) compiled.branches = compileBranches(branches);
  if (syntax.literate) {
    const { literate: style, ...program } = syntax;
    compiled.literate = { style, compiled: compileSyntax(program, branches) };
  }
  if (syntax.header !== undefined || syntax.preamble !== undefined || syntax.scriptHeader) {
    const { header, preamble, scriptHeader, ...body } = syntax;
    compiled.header = {
      line: bytes(header ?? preamble ?? scriptHeader?.[1] ?? ""),
      body: compileSyntax(body, branches),
      before: preamble !== undefined,
      ...(scriptHeader ? { opens: bytes(scriptHeader[0]) } : {}),
    };
  }
  if (syntax.heredocs) {
    // Found first: the fenced blocks and the dialect are looked for in what they leave.
    const { heredocs, ...page } = syntax;
    compiled.embedded = {
      heredocs: heredocs.map(({ opener }) => opener),
      blocks: Object.fromEntries(
        heredocs.map(({ syntax: inner }, k) => [`heredoc${k}`, compileSyntax(inner)]),
      ),
      page: compileSyntax(page, branches),
      stops: (page.endMarkers ?? []).map(bytes),
    };
  } else if (syntax.indentedFenced) {
    const { indentedFenced, ...page } = syntax;
    compiled.embedded = {
      indented: {
        openers: indentedFenced.map(({ opener }) => opener),
        skips: page.indentedBlock ?? [],
      },
      blocks: Object.fromEntries(
        indentedFenced.map(({ syntax: inner }, k) => [`indented${k}`, compileSyntax(inner)]),
      ),
      page: compileSyntax(page, branches),
      stops: (page.endMarkers ?? []).map(bytes),
    };
  } else if (syntax.fenced) {
    // The first kind of block is taken out here; the others are the page's to look for.
    const { fenced, ...rest } = syntax;
    const [first, ...others]: Fenced[] = [fenced].flat();
    if (first) {
      const { open, close, syntax: inner, hides, notIn, bodyAfter, ...where } = first;
      const page: Syntax = others.length > 0 ? { ...rest, fenced: others } : rest;
      compiled.embedded = {
        fence: {
          open: bytes(open),
          close: bytes(close),
          ...where,
          ...(bodyAfter && { bodyAfter: bytes(bodyAfter) }),
          ...(hides && { hides: hides.map(spanOf) }),
          ...(notIn && { notIn: notIn.map(spanOf) }),
        },
        blocks: { fence: compileSyntax(inner) },
        page: compileSyntax(page, branches),
        stops: (page.endMarkers ?? []).map(bytes),
      };
    }
  }
  if (syntax.embedded) {
    const { embedded, ...page } = syntax;
    compiled.embedded = {
      tags: embeddingTags(
        Object.keys(embedded),
        [...page.block, ...(page.nestingBlock ?? [])],
        page.valuesAfter === undefined ? undefined : byteSet(page.valuesAfter),
        // A live tag the page reads as a string to its close (Twig's `{{ ... }}`).
        page.strings
          .filter((rule) => rule.close !== "" && page.liveTags?.includes(rule.open))
          .map((rule) => [rule.open, rule.close] as const),
      ),
      blocks: Object.fromEntries(
        Object.entries(embedded).map(([tag, inner]) => [tag, compileSyntax(inner)]),
      ),
      page: compileSyntax(page, branches),
      stops: (page.endMarkers ?? []).map(bytes),
    };
  }
  if (syntax.page === "php") {
    const { page, ...php } = syntax;
    compiled.phpPage = compileSyntax(php, branches);
  }
  if (syntax.dialect)
    compiled.dialect = {
      markers: [syntax.dialect.marker].flat().map(bytes),
      firsts: byteSet(
        [syntax.dialect.marker]
          .flat()
          .map((marker) => marker[0])
          .join(""),
      ),
      skip: (syntax.lineStart ?? []).map(bytes),
      anyLine: syntax.dialect.anyLine ?? false,
      indented: syntax.dialect.indented ?? false,
      wholeFile: syntax.dialect.wholeFile ?? false,
      compiled: compileSyntax(syntax.dialect.syntax, branches),
    };
  return compiled;
}

function compileIndicator({
  column,
  markers,
  textEnd = -1,
}: {
  column: number;
  markers: string;
  textEnd?: number;
}) {
  const marks = new Uint8Array(256);
  for (const m of bytes(markers)) marks[m] = 1;
  return { column, marks, textEnd };
}

/**
 * Whether the fixed-form line at `start` has no text: anything in the sequence area before the
 * indicator's column (IBM's reference format lets it hold any character; GnuCOBOL 3.1's cobc -E
 * prints such a line empty), and only blanks from it up to `textEnd` (or the line's end).
 */
function noFixedText(buf: Uint8Array, start: number, column: number, textEnd: number): boolean {
  const end = Math.min(buf.length, start + textEnd);
  for (let k = start; k < end; k++) {
    const c = buf[k] as number;
    if (c === LF) return true;
    if (c === BLANK || c === TAB || c === CR) continue;
    if (k - start >= column) return false;
  }
  return true;
}

/**
 * Where the line at `start` holds one of the marks in its fixed column, or -1: COBOL's
 * indicator, whatever the columns before it hold, or with `blanksBefore` Fortran's continuation
 * mark, only blanks before it.
 */
function columnMark(
  buf: Uint8Array,
  start: number,
  { column, marks }: { column: number; marks: Uint8Array },
  blanksBefore = false,
): number {
  const at = start + column;
  if (at >= buf.length || marks[buf[at] as number] !== 1) return -1;
  for (let k = start; k < at; k++) if (blanksBefore ? buf[k] !== BLANK : buf[k] === LF) return -1;
  return at;
}

/**
 * Where a line's text begins after the line number at `i` and the blanks and empty statements
 * (`:`, BASIC's separator: `10 :REM a note` is a remark alone) after it, or -1 when no text
 * follows (a bare number is code). The text may touch the number: `10REM x` is a remark (PC-BASIC
 * tokenises it as one).
 */
function afterLineNumber(buf: Uint8Array, i: number): number {
  let k = i;
  while (k < buf.length && (buf[k] as number) >= 48 && (buf[k] as number) <= 57) k++;
  while (k < buf.length && (isSpace(buf[k] as number) || buf[k] === COLON)) k++;
  return k < buf.length && buf[k] !== LF ? k : -1;
}

/** Where the text after the blanks from `from` on begins, or -1 if none follows on its line. */
function textAfterBlanks(buf: Uint8Array, from: number): number {
  let k = from;
  while (k < buf.length && isSpace(buf[k] as number)) k++;
  return k < buf.length && buf[k] !== LF ? k : -1;
}

/**
 * Where the head of a file stops, or -1 for none: just past the first line that holds `line`
 * alone (trailing blanks aside), or, `before`, at the start of the first line that starts with
 * it.
 */
function headEnd(buf: Uint8Array, { line, before }: { line: Uint8Array; before: boolean }) {
  for (let start = 0; start < buf.length; ) {
    const lf = indexOfLF(buf, start);
    if (at(buf, start, line) && (before || restBlank(buf, start + line.length)))
      return before ? start : lf === buf.length ? lf : lf + 1;
    start = lf + 1;
  }
  return -1;
}

/**
 * Where the close of `t` at `i` ends: a fence's closing run may be longer than its opening one
 * (CommonMark, 4.5: "at least as many"), and the whole run is the close.
 */
function closeEnd(buf: Uint8Array, i: number, t: Token): number {
  let k = i + t.close.length;
  if (t.rule?.fence) while (buf[k] === t.close[0]) k++;
  return k;
}

/**
 * Whether a one-line string whose text starts at `from` closes before its line ends, a line
 * break its escape continues aside: one left open is an error (LambdaMOO's parser.y reports
 * "Missing quote" at the line's end), no docstring, and its line code.
 */
function closesOnItsLine(buf: Uint8Array, from: number, t: Token): boolean {
  const escapeWith = t.rule?.escape ? (t.rule.escapeWith?.charCodeAt(0) ?? BACKSLASH) : -1;
  for (let k = from; k < buf.length; k++) {
    const c = buf[k] as number;
    if (c === escapeWith) k++;
    else if (c === LF) return false;
    else if (c === t.close[0] && at(buf, k, t.close)) return true;
  }
  return false;
}

/** Whether one of the token's `aloneBut` follows it at `i`, blanks between. */
function followedBy(buf: Uint8Array, i: number, t: Token): boolean {
  if (t.aloneBut === undefined) return false;
  const k = textAfterBlanks(buf, i + t.open.length);
  return k !== -1 && t.aloneBut.some((next) => at(buf, k, next));
}

/** Whether nothing but blanks follows `from` on its line. */
function restBlank(buf: Uint8Array, from: number): boolean {
  for (let k = from; k < buf.length && buf[k] !== LF; k++)
    if (!isSpace(buf[k] as number)) return false;
  return true;
}

const BACKTICK = 96;
const DQUOTE = 34;
const SQUOTE = 39;

const SEMICOLON = 59;
const CR = 13;

/**
 * The first byte from `from` on that is no blank, line break or `;` comment, nor a quote's
 * prefix (`'`, `` ` ``, `,`, `,@`, and `#'`, `` #` ``, `#,`: the datum is what they quote), or -1
 * at the end: where the datum a Scheme `#;` comments out begins (the reader skips comments to
 * find it; racket reads `#; #'(h 3)` as one commented datum).
 */
function nextDatum(buf: Uint8Array, from: number): number {
  for (let k = from; k < buf.length; k++) {
    const c = buf[k] as number;
    if (c === SEMICOLON) k = indexOfLF(buf, k);
    else if (c === HASH && QUOTE_PREFIX[buf[k + 1] as number] === 1) k++;
    else if (c !== LF && SPACE[c] !== 1 && QUOTE_PREFIX[c] !== 1) return c;
  }
  return -1;
}
const QUOTE_PREFIX = new Uint8Array(256);
for (const c of [SQUOTE, BACKTICK, 44, 64]) QUOTE_PREFIX[c] = 1;

/** Whether the byte at `i` is a Scheme character's, `#\(` or `#\"`, not a bracket or a quote. */
function schemeCharacter(buf: Uint8Array, i: number): boolean {
  return buf[i - 1] === BACKSLASH && buf[i - 2] === HASH;
}

/** Whether a backtick follows `from` on its line. */
function backtickBeforeLF(buf: Uint8Array, from: number): boolean {
  for (let k = from; k < buf.length && buf[k] !== LF; k++) if (buf[k] === BACKTICK) return true;
  return false;
}

// The most of a line's rest an opener's test reads: each opener on a line reads its own rest,
// so a line of a MB of them (`@@@@`, `''''`) would read a MB each.
const REST_LIMIT = 256;

/**
 * The text from `from` to `end`, its line's end without the line break, or its blanks and
 * REST_LIMIT bytes after them and a NUL, which tells a test of how the line ends that it goes on.
 */
function restOfLine(buf: Uint8Array, from: number, end: number): string {
  let text = from;
  while (text < end && isSpace(buf[text] as number)) text++;
  const cut = end - text > REST_LIMIT;
  const rest = Buffer.from(
    buf.buffer,
    buf.byteOffset + from,
    (cut ? text + REST_LIMIT : end) - from,
  );
  return cut ? `${rest.toString("latin1")}\0` : rest.toString("latin1");
}

/** Whether the line ends at `i`: a line feed, a carriage return before one, or the end. */
function lineEndsAt(buf: Uint8Array, i: number): boolean {
  const c = buf[i];
  return c === undefined || c === LF || (c === CR && (buf[i + 1] === LF || i + 1 === buf.length));
}

/**
 * Whether the word `open` at `i` is no part of a longer one: `Rem`, not `Remove` or `xRem`; as
 * its line's first text (`first`), which may follow a BASIC line number, only what follows it
 * counts (`10REM`).
 */
function standsAlone(buf: Uint8Array, i: number, open: Uint8Array, first: boolean): boolean {
  const after = buf[i + open.length];
  if (after !== undefined && isWordByte(open[open.length - 1] as number) && isWordByte(after))
    return false;
  return first || i === 0 || !isWordByte(open[0] as number) || !isWordByte(buf[i - 1] as number);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && at(a, 0, b);
}

// A first byte's token list longer than this is split by second byte (CompiledSyntax.bySecond).
const MANY_TOKENS = 8;

/**
 * Every second byte's candidates of one first byte's tokens, in their order; the bytes no
 * token has second share the list of one-byte tokens.
 */
function bySecondByte(list: readonly Token[]): Token[][] {
  const short = list.filter((t) => t.open.length === 1);
  const seconds = new Set(list.map((t) => t.open[1]));
  return Array.from({ length: 256 }, (_, second) =>
    seconds.has(second) ? list.filter((t) => t.open.length === 1 || t.open[1] === second) : short,
  );
}

function at(buf: Uint8Array, i: number, needle: Uint8Array): boolean {
  const n = needle.length;
  if (i + n > buf.length) return false;
  for (let k = 0; k < n; k++) if (buf[i + k] !== needle[k]) return false;
  return true;
}

const LF = 10;
const TAB = 9;
const BLANK = 32;
const GT = 62;
const PIPE = 124;
/** +1 for each of `brackets`' openers, -1 for its close, 0 for any other byte; true is all. */
function bracketCounts(brackets: true | "()[]"): Int8Array {
  const counts = new Int8Array(256);
  for (const pair of brackets === true ? ["()", "[]", "{}"] : ["()", "[]"]) {
    counts[pair.charCodeAt(0)] = 1;
    counts[pair.charCodeAt(1)] = -1;
  }
  return counts;
}
const NO_TOKENS: Token[] = [];
const HASH = 35;
const DOLLAR = 36;
const BANG = 33;
const PLUS = 43;
const DASH = 45;
const SPACE = new Uint8Array(256);
for (const c of [32, 9, 13, 12, 11]) SPACE[c] = 1;
/** Blank bytes: space, tab, CR, form feed, vertical tab (a line of only these is blank). */
export const isSpace = (c: number) => SPACE[c] === 1;
// Bytes after which a shell `#` starts a comment: `echo a # c`, `x;# c`, `$(# c`.
const isWordBreak = (c: number) =>
  isSpace(c) || c === 59 || c === 38 || c === 124 || c === 40 || c === 41;

function looksLikeCharLiteral(buf: Uint8Array, i: number): boolean {
  const next = buf[i + 1];
  if (next === undefined || next === LF || next === 39) return false;
  if (next === 92) return true; // '\n', '\''
  if (buf[i + 2] === 39) return true; // 'a'
  if (next >= 0x80) {
    // One UTF-8 character of 2-4 bytes, then the closing quote.
    for (let k = i + 3; k <= i + 5 && k < buf.length; k++) if (buf[k] === 39) return true;
    return false;
  }
  // C's multi-character constants (`'RIFF'`, `'/*'`): two to four printable ASCII bytes. Not
  // after a word, where a quote is a digit separator (`1'000'000`) or a name's (`x'`).
  if (i > 0 && isWordByte(buf[i - 1] as number)) return false;
  for (let k = i + 2; k <= i + 4 && k < buf.length; k++) {
    const b = buf[k] as number;
    if (b === 39) return true;
    if (b < 0x20 || b > 0x7e || b === 92) return false;
  }
  return false;
}

// Heredocs whose bodies one line may open; later ones on the line are read as code, which
// keeps a line of 1 MB of `<<A` from holding a list of them.
const MAX_PENDING_HEREDOCS = 16;
const LPAREN = 40;
const RPAREN = 41;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const EQUALS = 61;

// An interpolation's opener ends in `{`, `(`, `[` or `<`, whose partner ends it.
const RBRACE = 125;
const LT = 60;
const closing = (bracket: number) =>
  bracket === LPAREN ? RPAREN : bracket === LBRACKET ? RBRACKET : bracket === LT ? GT : RBRACE;
// Interpolations open in one another, `${`${`...`}`}`; deeper ones are the string's text,
// which keeps 1 MB of `${` from holding a list of them.
const MAX_INTERPOLATIONS = 16;

/**
 * A string whose interpolation is open: what countLines restores at the bracket that ends it,
 * with the brackets of the interpolation the string itself is in, if any.
 */
interface Frame {
  active: Token;
  depth: number;
  closeFirst: number;
  openFirst: number;
  escapeByte: number;
  interpolationFirst: number;
  bracketOpen: number;
  bracketClose: number;
  brackets: number;
}

/** Whether `opener` (ASCII) stands at `i`, whose first byte is known to be its first. */
function opensAt(buf: Uint8Array, i: number, opener: string): boolean {
  for (let k = 1; k < opener.length; k++) if (buf[i + k] !== opener.charCodeAt(k)) return false;
  return true;
}

const PERCENT = 37;
const BRACKET_BYTES = new Set([LBRACKET, RBRACKET, LBRACE, RBRACE]);
const eiffelName = (c: number) =>
  c > 32 && c !== DQUOTE && c !== PERCENT && c !== 127 && !BRACKET_BYTES.has(c);

/**
 * The delimiters a StringRule.delimited names: the byte that ends one (and starts the close),
 * how long it may be, and which bytes it may hold.
 */
const DELIMITERS = {
  // C++'s [lex.string]: up to 16 bytes, no blank, parenthesis or backslash; R"x( ... )x".
  "c++": {
    ends: LPAREN,
    closeStart: RPAREN,
    max: 16,
    allowed: (c: number) => c > 32 && c !== LPAREN && c !== RPAREN && c !== BACKSLASH && c !== 127,
  },
  // OCaml's quoted strings: lowercase letters and _ ("Lexical conventions"); {id| ... |id}.
  ocaml: {
    ends: PIPE,
    closeStart: PIPE,
    max: 64,
    allowed: (c: number) => (c >= 97 && c <= 122) || c === 95,
  },
  // Lua's long brackets: any number of = (the manual's 3.1); [==[ ... ]==].
  lua: {
    ends: LBRACKET,
    closeStart: RBRACKET,
    max: 256,
    allowed: (c: number) => c === EQUALS,
  },
  // Rust's raw strings: up to 255 # (the Reference, "Raw string literals"); r##" ... "##.
  rust: {
    ends: DQUOTE,
    closeStart: DQUOTE,
    max: 255,
    allowed: (c: number) => c === HASH,
  },
  // PostgreSQL's dollar quotes, which EdgeQL has too: a tag of an identifier's bytes, no $, not
  // a digit first (the PostgreSQL manual, 4.1.2.4; its scan.l's dolqdelim), so that $1 is a
  // parameter; $tag$ ... $tag$.
  dollar: {
    ends: DOLLAR,
    closeStart: DOLLAR,
    max: 64,
    allowed: (c: number, first: boolean) =>
      ((c | 0x20) >= 97 && (c | 0x20) <= 122) ||
      c === 95 ||
      c >= 128 ||
      (!first && c >= 48 && c <= 57),
  },
  // Hy's bracket strings: a delimiter of any bytes but blanks and brackets; #[x[ ... ]x].
  hy: {
    ends: LBRACKET,
    closeStart: RBRACKET,
    max: 16,
    allowed: (c: number) => c > 32 && c !== LBRACKET && c !== RBRACKET && c !== 127,
  },
  // Eiffel's verbatim strings: a name of any bytes but blanks, quotes, % and brackets, which the
  // close repeats (ECMA-367, 8.29.10); "x[ ... ]x" and "x{ ... }x".
  "eiffel[": { ends: LBRACKET, closeStart: RBRACKET, max: 64, allowed: eiffelName },
  "eiffel{": { ends: LBRACE, closeStart: RBRACE, max: 64, allowed: eiffelName },
} as const;

/**
 * Where the byte that ends a string's delimiter is, for a delimiter starting at `k`, or -1 when
 * none follows within its length, or a byte it may not hold comes first.
 */
function delimiterEnd(buf: Uint8Array, k: number, kind: keyof typeof DELIMITERS): number {
  const { ends, max, allowed } = DELIMITERS[kind];
  const last = Math.min(buf.length, k + max + 1);
  for (let j = k; j < last; j++) {
    const c = buf[j] as number;
    if (c === ends) return j;
    if (!allowed(c, j === k)) return -1;
  }
  return -1;
}

/**
 * A block's token as it opened at `i` with a name after its opener, blanks between: closed by
 * its close's first byte and the name, its bytes to a blank, a backslash or the line's end
 * (roff's `.ig EN` by `.EN`; `.ig \" why` names none); as it stands without one.
 */
function withNamedClose(t: Token, buf: Uint8Array, i: number): Token {
  let from = i + t.open.length;
  while (buf[from] === 32 || buf[from] === 9) from++;
  let end = from;
  while (
    end < buf.length &&
    buf[end] !== LF &&
    buf[end] !== BACKSLASH &&
    SPACE[buf[end] as number] === 0
  )
    end++;
  if (end === from) return t;
  const close = new Uint8Array(end - from + 1);
  close[0] = t.close[0] as number;
  close.set(buf.subarray(from, end), 1);
  return { ...t, close };
}

/** A delimited string's token as it opened at `i`: `R"x(` closes at `)x"`, `{id|` at `|id}`. */
function withDelimiter(t: Token, buf: Uint8Array, i: number): Token {
  const kind = t.rule?.delimited as keyof typeof DELIMITERS;
  const end = delimiterEnd(buf, i + t.open.length, kind);
  const delimiter = buf.subarray(i + t.open.length, end);
  const close = new Uint8Array(delimiter.length + 1 + t.close.length);
  close[0] = DELIMITERS[kind].closeStart;
  close.set(delimiter, 1);
  close.set(t.close, delimiter.length + 1);
  return { ...t, open: buf.subarray(i, end + 1), close };
}

/**
 * Python docstring test: nothing but a string prefix (r, u, b) before the quotes. An f-string
 * is none: it evaluates its braces (PEP 498: "cannot be used as docstrings"; CPython's own
 * test_fstring.py writes `f'''Not a docstring'''`), so a statement of one is code.
 */
function onlyPrefixBefore(buf: Uint8Array, lineFirst: number, i: number): boolean {
  if (lineFirst === -1 || lineFirst === i) return true;
  if (i - lineFirst > 2) return false;
  for (let k = lineFirst; k < i; k++) {
    const c = (buf[k] as number) | 0x20;
    if (c !== 0x72 && c !== 0x75 && c !== 0x62) return false;
  }
  return true;
}

/**
 * The last code line before the line at `lineStart`, blank lines and comment lines aside, as
 * latin1 text: its first 512 bytes (`head`) or its last (`tail`); "" at the file's start, and
 * undefined past 32 lines back, so that a string costs a bounded amount
 * (StringRule.docstringAfter and docstringNotAfter).
 */
function codeLineBefore(
  buf: Uint8Array,
  lineStart: number,
  tokens: readonly (readonly Token[] | undefined)[],
  part: "head" | "tail",
): string | undefined {
  let end = lineStart - 1; // the line break that ends the line before
  for (let n = 0; n < 32; n++) {
    if (end < 0) return "";
    const start = end > 0 ? buf.lastIndexOf(LF, end - 1) + 1 : 0;
    let k = start;
    while (k < end && isSpace(buf[k] as number)) k++;
    if (k < end && !tokens[buf[k] as number]?.some((t) => t.kind === LINE && at(buf, k, t.open))) {
      const line =
        part === "head"
          ? buf.subarray(start, Math.min(end, start + 512))
          : buf.subarray(Math.max(start, end - 512), end);
      return Buffer.from(line.buffer, line.byteOffset, line.length).toString("latin1");
    }
    end = start - 1;
  }
  return undefined;
}

/**
 * Whether a string first on the line at `lineStart` is a docstring by its rule's context: after
 * a line its `docstringAfter` matches, and not after one its `docstringNotAfter` matches.
 */
function docstringHere(
  rule: StringRule,
  buf: Uint8Array,
  lineStart: number,
  tokens: readonly (readonly Token[] | undefined)[],
): boolean {
  const { docstringAfter: after, docstringNotAfter: notAfter } = rule;
  if (after) {
    const head = codeLineBefore(buf, lineStart, tokens, "head");
    if (head === undefined || !after.test(head)) return false;
  }
  if (notAfter) {
    const tail = codeLineBefore(buf, lineStart, tokens, "tail");
    if (tail !== undefined && notAfter.test(tail)) return false;
  }
  return true;
}

/** Adds `sign` times `more`'s lines to `lines`. */
function add(lines: LineCounts, more: LineCounts, sign: 1 | -1): void {
  lines.code += sign * more.code;
  lines.comments += sign * more.comments;
  lines.blanks += sign * more.blanks;
}

/**
 * Whether the file opens with an interpreter line, `#!` and a path or a name: not Qt's
 * documentation snippet markers, `#! [0]`, a comment to qmake (Qt's examples' `.pro` files).
 */
function interpreterLine(buf: Uint8Array): boolean {
  if (buf[0] !== HASH || buf[1] !== BANG) return false;
  let i = 2;
  while (buf[i] === BLANK || buf[i] === TAB) i++;
  return buf[i] !== LBRACKET;
}

/**
 * Counts code, comment and blank lines of one text file in one pass over its bytes.
 * Works on bytes, not strings: every marker we look for is ASCII, and UTF-8 never puts an
 * ASCII byte inside a multi-byte character, so no decoding is needed. The inner loops skip
 * runs of ordinary bytes with one table lookup each; this is the scanner's hot path.
 *
 * @example
 * const c = compileSyntax(SYNTAX.C);
 * countLines(Buffer.from("int a; // note\n// only a note\n\n"), c); // {code:1, comments:1, blanks:1}
 */
export function countLines(file: Uint8Array, syntax: CompiledSyntax): LineCounts {
  const buf = withoutBom(file);
  if (syntax.phpPage) return countLines(phpView(buf) ?? buf, syntax.phpPage);
  if (syntax.literate) {
    // Prose lines are comments; the program, with them emptied, is counted as its language.
    const { program, prose } = programOf(buf, syntax.literate.style);
    const lines = countLines(program, syntax.literate.compiled);
    return { ...lines, comments: lines.comments + prose, blanks: lines.blanks - prose };
  }
  const { header } = syntax;
  const headerEnd =
    header && (header.opens === undefined || at(buf, 0, header.opens)) ? headEnd(buf, header) : -1;
  if (header && headerEnd !== -1) {
    const head = countPlainLines(buf.subarray(0, headerEnd));
    const lines = { ...countLines(buf.subarray(headerEnd), header.body) };
    // A script header's first line is the interpreter's, code as any #! line.
    const first = header.opens === undefined ? 0 : 1;
    lines.code += first;
    lines.comments += head.code - first;
    lines.blanks += head.blanks;
    return lines;
  }
  const { embedded } = syntax;
  // What follows an end marker is no program (an Inform 7 extension's documentation, whose
  // examples hold `Include (-`): its blocks are its text.
  const end = embedded ? firstAtLineStart(buf, embedded.stops) : buf.length;
  const program = end < buf.length ? buf.subarray(0, end) : buf;
  const page = embedded?.tags
    ? embeddedBlocks(program, embedded.tags)
    : embedded?.heredocs
      ? heredocBlocks(program, embedded.heredocs)
      : embedded?.indented
        ? indentedBlocks(program, embedded.indented.openers, embedded.indented.skips)
        : embedded?.fence
          ? fencedBlocks(program, embedded.fence)
          : undefined;
  if (embedded && page) {
    // The blocks' inner lines are emptied in the page, blank there; each is counted once.
    const outer = end < buf.length ? Buffer.concat([page.outer, buf.subarray(end)]) : page.outer;
    const lines = { ...countLines(outer, embedded.page) };
    lines.blanks -= page.emptied;
    for (const { tag, text, lead } of page.blocks) {
      const block = embedded.blocks[tag] as CompiledSyntax;
      if (lead === undefined) {
        add(lines, countLines(text, block), 1);
        continue;
      }
      // Read from the start tag's line on, that line (the page's, counted there) taken away:
      // its verdict is its own text's, the first line's of a count.
      add(lines, countLines(Buffer.concat([lead, text]), block), 1);
      add(lines, countLines(lead, block), -1);
    }
    return lines;
  }
  // A file without heredocs or elements is its page, whose fenced blocks and dialect are still
  // to find (Blade's @php blocks in a page without a <script>); so is one without the first
  // kind of fenced block where the page looks for others.
  if (embedded?.heredocs || embedded?.indented || embedded?.tags || embedded?.page.embedded)
    return countLines(buf, embedded.page);
  const from = syntax.dialect ? dialectStart(buf, syntax.dialect) : -1;
  if (syntax.dialect?.wholeFile && from !== -1) return countLines(buf, syntax.dialect.compiled);
  if (syntax.dialect && from !== -1) {
    // The comments before the marker are the outer syntax's, which sees no marker in them.
    const before = countLines(buf.subarray(0, from), syntax);
    const after = countLines(buf.subarray(from), syntax.dialect.compiled);
    const lines = {
      code: before.code + after.code,
      comments: before.comments + after.comments,
      blanks: before.blanks + after.blanks,
    };
    return syntax.branches
      ? { ...lines, complexity: (before.complexity ?? 0) + (after.complexity ?? 0) }
      : lines;
  }
  const {
    tokens,
    bySecond,
    hashAtWordStart,
    blankDelimited,
    regexLiterals,
    tracksCode,
    lineSplice,
  } = syntax;
  const { statementBrackets } = syntax;
  const { blockScalars, lineNumbers, prompt, indicator, continuation, indentedClose } = syntax;
  const { continuedText, continuedCommand } = syntax;
  const { heredoc, heredocOpens, branches } = syntax;
  const splice =
    lineSplice === true
      ? "any"
      : lineSplice === "underscore" || lineSplice === "slashes"
        ? lineSplice
        : ("odd" as const);
  // Rocq's strings in comments: no escapes, no characters, every quote toggles.
  const plainCommentStrings = syntax.stringsInComments === "doubled";
  let complexity = 0;
  let code = 0;
  let comments = 0;
  let blanks = 0;

  let state = 0; // 0 normal, BLOCK, STRING, END, INDENTED, SPLICED, SCALAR
  let depth = 0;
  let noRegexUntil = -1;
  // Where the next close of a block that opened after a name's byte was found (blockNotAfter),
  // and from where: searched again only once past it, so a line of such openers is read once.
  let closeAt = -1;
  let closeFrom = -1;
  // The line break that ends the line an opener last looked along: found once a line, as a
  // line of a MB of openers would otherwise look a MB ahead for each.
  let lineEnd = -1;
  // The rest of a line as the last opener's test read it, for the next opener at the same byte
  // (Pan's three annotation openers, each `@`).
  let rest = "";
  let restFrom = -1;
  let view: Buffer | undefined; // buf as a Buffer, for its indexOf of a byte sequence
  // The last byte of code, comments and blanks aside: what a / follows, for a regex's start.
  let codeTail = -1;
  let indent = 0; // the indented comment block's marker column; a block scalar's text column
  let scalarHeader = -1; // the column of the line that opened a block scalar, until its end
  let scalarWidth = 0; // its header's indentation indicator, 1-9, or 0 for none
  let active: Token | undefined;
  // Bytes that may end a run inside a block or string: the closer's first byte, the opener's
  // (nested comments), the backslash (escapes). -1 when unused.
  let closeFirst = -1;
  // A block's close that may also begin with the other case of closeFirst's letter; else it.
  let closeOtherCase = -1;
  let openFirst = -1;
  let escapeByte = -1;
  // The first byte of the string's interpolation opener; in a datum comment's form, the `;`
  // of a line comment, and in a block comment, Syntax.lineInBlock's or its quoted string's `{`
  // (the run below stops at any, and a comment has no interpolation).
  let interpolationFirst = -1;
  // The close of the quoted string open inside a comment (COMMENT_QUOTED), `|id}`.
  let quotedClose: Uint8Array = EMPTY;
  // The quotes of the strings the open string holds (StringRule.innerStrings), and the quote of
  // the one open in it (STRING_QUOTED).
  let innerQuotes: Uint8Array = NO_BYTES;
  let innerQuote = -1;
  // The strings whose interpolations are open, innermost last; the innermost interpolation's
  // brackets, and how many of them its code has opened.
  const frames: Frame[] = [];
  let bracketOpen = -1;
  let bracketClose = -1;
  let brackets = 0;
  let opened = 0; // the brackets code has opened and not closed (statementBrackets)
  let continued = false; // a backslash-newline inside a one-line string
  // Where the last docstring closed: a string that opens after it on its line, nothing but
  // blanks between, is the same statement (`"""a""" '''b'''`, concatenated), a docstring too.
  let docstringEnd = -1;
  // Opened on this line; their bodies follow on the next lines, one after another, in the
  // order they opened (`cat <<A; cat <<B`, `f(<<~A, <<~B)`): the first, and any after it.
  let pending: Heredoc | undefined;
  let pendingMore: Heredoc[] | undefined;

  let lineStart = 0;
  let lineFirst = -1; // index of the first non-blank byte of the line
  // Where line-start markers match: lineFirst, or the text after a line number or a prompt.
  let body = -1;
  let hasCode = false;
  // Where the text of an open HTML comment whose template tags run starts on this line.
  let liveFrom = -1;

  const n = buf.length;
  let i = 0;
  // A first line `#!/bin/sh` is an interpreter directive, code to the kernel and to cloc, not
  // a comment in any language that reads `#` as one; so is a syntax's own directive line.
  if (interpreterLine(buf) || (syntax.directiveLine && at(buf, 0, syntax.directiveLine))) {
    lineFirst = 0;
    hasCode = true;
    i = indexOfLF(buf, 0);
  } else if (indicator !== undefined && columnMark(buf, 0, indicator) !== -1) {
    lineFirst = 0;
    i = indexOfLF(buf, 0);
  } else if (indicator !== undefined && indicator.textEnd !== -1) {
    if (noFixedText(buf, 0, indicator.column, indicator.textEnd)) i = indexOfLF(buf, 0);
  }
  while (i < n) {
    let c = buf[i] as number;
    if (c === LF) {
      if (liveFrom !== -1 && !hasCode && holdsLiveTag(buf, liveFrom, i, active?.live as LiveTags))
        hasCode = true;
      if (lineFirst === -1) {
        blanks++;
        if (state === BLOCK && active?.paragraph) state = 0;
      } else if (hasCode) code++;
      else comments++;
      if (state === STRING_QUOTED && innerQuote !== BACKTICK) state = STRING;
      if (state === STRING && !continued && !active?.rule?.multiline) state = 0;
      else if (state === BLOCK && active?.lineBound) state = 0;
      // A blank line ends a splice: the comment spliced nothing but the line's end to it.
      else if (state === SPLICED && lineFirst === -1) state = 0;
      else if (continuedText && (state === CONTINUED || (state === 0 && hasCode)))
        state = splicedAt(buf, i, continuedText) ? CONTINUED : 0;
      continued = false;
      if (scalarHeader !== -1 && state === 0) {
        state = SCALAR;
        // `|2` sets the text's column, two past the header line's (YAML 1.2.2, 8.1.1.1: a
        // shallower `  # text` line is the text's, as PyYAML 6 reads it).
        indent = scalarWidth === 0 ? -1 : scalarHeader + scalarWidth;
      }
      lineStart = ++i;
      lineFirst = -1;
      hasCode = false;
      if (liveFrom !== -1) liveFrom = i;
      if (pending !== undefined) {
        for (const doc of pendingMore ? [pending, ...pendingMore] : [pending]) {
          const body = skipHeredoc(buf, i, doc);
          code += body.code;
          blanks += body.blanks;
          i = lineStart = body.next;
        }
        pending = pendingMore = undefined;
      }
      if (indicator !== undefined && state === 0 && columnMark(buf, i, indicator) !== -1) {
        lineFirst = i;
        i = indexOfLF(buf, i);
      } else if (
        indicator !== undefined &&
        indicator.textEnd !== -1 &&
        state === 0 &&
        noFixedText(buf, i, indicator.column, indicator.textEnd)
      ) {
        i = indexOfLF(buf, i);
      } else if (continuation !== undefined && state === 0) {
        const at = columnMark(buf, i, continuation, true);
        if (at !== -1) {
          lineFirst = at;
          hasCode = true;
          i = at + 1;
        }
      }
      continue;
    }
    if (SPACE[c] === 1) {
      // A string that runs to a blank ends at this one, a tab too (Verilog's escaped names,
      // LiveScript's \word): blanks never reach the string's own close test below.
      if (state === STRING && closeFirst === BLANK && active?.close.length === 1 && c !== CR) {
        state = 0;
        codeTail = i - 1;
      }
      i++;
      continue;
    }
    if (lineFirst === -1) {
      lineFirst = i;
      body = prompt === -1 ? i : -1;
      if (state === INDENTED) {
        const column = i - lineStart;
        if (column > indent) {
          i = indexOfLF(buf, i);
          continue;
        }
        state = 0;
        if (column === indent && indentedClose !== undefined && at(buf, i, indentedClose)) {
          i = indexOfLF(buf, i);
          continue;
        }
      } else if (state === SPLICED) {
        i = indexOfLF(buf, i);
        if (!splicedAt(buf, i, splice)) state = 0;
        continue;
      } else if (state === CONTINUED) {
        if (!continuedCommand) {
          hasCode = true;
          i = indexOfLF(buf, i);
          continue;
        }
        // The command's next words: read from here, where no line-start marker opens, but a
        // comment that opens anywhere does (Stata's `di 1 ///`, then `// note`: a comment).
        state = 0;
        body = -1;
      } else if (state === SCALAR) {
        // The first line deeper than the header's sets the text's column (YAML 1.2.2, 8.1.1.1).
        const column = i - lineStart;
        if (indent === -1 && column > scalarHeader) indent = column;
        if (indent !== -1 && column >= indent) {
          hasCode = true;
          i = indexOfLF(buf, i);
          continue;
        }
        state = 0;
        scalarHeader = -1;
      }
      if (lineNumbers && state === 0 && c >= 48 && c <= 57) {
        const text = afterLineNumber(buf, i);
        if (text !== -1) {
          body = i = text;
          continue;
        }
      }
      if (c === prompt && state === 0) {
        // A run of them, blanks between, is one: M's level dots (`. .  ;`).
        let text = textAfterBlanks(buf, i + 1);
        while (text !== -1 && buf[text] === prompt) text = textAfterBlanks(buf, text + 1);
        if (text !== -1) {
          body = i = text;
          continue;
        }
      }
    }

    if (state === 0) {
      if (c === bracketClose && brackets === 0) {
        // The bracket that ends an interpolation: back into its string.
        ({
          active,
          depth,
          closeFirst,
          openFirst,
          escapeByte,
          interpolationFirst,
          bracketOpen,
          bracketClose,
          brackets,
        } = frames.pop() as Frame);
        closeOtherCase = closeFirst;
        innerQuotes = active.innerQuotes ?? NO_BYTES;
        state = STRING;
        hasCode = true;
        i++;
        continue;
      }
      if (c === bracketOpen) brackets++;
      else if (c === bracketClose) brackets--;
      if (statementBrackets && statementBrackets[c] !== 0) {
        // A stray close (code this count misreads) leaves none open, not fewer than none.
        opened = Math.max(0, opened + (statementBrackets[c] as number));
        hasCode = true;
        if (tracksCode) codeTail = i;
        i++;
        continue;
      }
      const starts = frames.length > 0 ? syntax.interpolatingStarts : syntax.starts;
      if (starts[c] === 0 && (i !== lineStart || syntax.column0Starts[c] === 0)) {
        // A backslash that ends a line only of comments splices it to the next (C11 5.1.1.2,
        // phase 2): no token, so the line stays a comment (a macro's `/* note */ \`).
        if (
          c === BACKSLASH &&
          lineSplice === true &&
          !hasCode &&
          lineFirst !== i &&
          (buf[i + 1] === LF || (buf[i + 1] === CR && buf[i + 2] === LF) || i + 1 === n)
        ) {
          i++;
          continue;
        }
        hasCode = true;
        const run = i;
        // Skip the rest of an ordinary run in one tight loop.
        while (++i < n) {
          c = buf[i] as number;
          if (c === LF || starts[c] === 1) break;
        }
        if (tracksCode) {
          let k = i - 1;
          while (k > run && SPACE[buf[k] as number] === 1) k--;
          if (SPACE[buf[k] as number] !== 1) codeTail = k;
        }
        // Only code reaches here: comments and strings are skipped by the states below.
        if (branches) complexity += countBranches(buf, run, i, branches);
        continue;
      }
      if (blockScalars && (c === PIPE || c === GT)) {
        hasCode = true;
        const end = blockScalarHeaderEnd(buf, i, lineStart);
        if (end !== -1) {
          scalarHeader = lineFirst - lineStart;
          scalarWidth = 0;
          for (let k = i + 1; k < end; k++) {
            const d = buf[k] as number;
            if (d >= DIGIT_1 && d <= DIGIT_9) scalarWidth = d - 48;
          }
        }
        i = end === -1 ? i + 1 : end;
        continue;
      }
      if (heredocOpens[c] === 1 && heredoc !== undefined) {
        const doc = heredocAt(buf, i, heredoc);
        if (doc !== undefined) {
          if (pending === undefined) pending = doc;
          else {
            pendingMore ??= [];
            if (pendingMore.length < MAX_PENDING_HEREDOCS - 1) pendingMore.push(doc);
          }
          hasCode = true;
          i = doc.end;
          continue;
        }
      }
      let matched: Token | undefined;
      // Where every marker must be a word of its own, none opens inside one.
      const wordStart = !blankDelimited || i === lineStart || isSpace(buf[i - 1] as number);
      const candidates = wordStart
        ? (bySecond[c]?.[(buf[i + 1] as number | undefined) ?? 0] ?? tokens[c] ?? NO_TOKENS)
        : NO_TOKENS;
      for (const t of candidates) {
        if (t.column0 && i !== lineStart) continue;
        if (t.lineStart && i !== body) continue;
        if (t.afterBlank && i !== lineStart && !isSpace(buf[i - 1] as number)) continue;
        if (!at(buf, i, t.open)) continue;
        if (t.alone && !restBlank(buf, i + t.open.length) && !followedBy(buf, i, t)) continue;
        if (t.word && !standsAlone(buf, i, t.open, i === body)) continue;
        if (t.atLineEnd && !lineEndsAt(buf, i + t.open.length)) continue;
        if (
          t.kind === LINE &&
          c === 35 &&
          hashAtWordStart &&
          i > lineStart &&
          !isWordBreak(buf[i - 1] as number)
        )
          continue;
        if (t.rule?.charLiteral && !looksLikeCharLiteral(buf, i)) continue;
        if (t.rule?.afterWord && !isWordByte(buf[i - 1] as number)) continue;
        if (t.rule?.notAfterOperand && i > 0 && transposes(buf[i - 1] as number)) continue;
        if (t.openNotAfter && i > 0 && t.openNotAfter[buf[i - 1] as number] === 1) continue;
        if (t.openOnlyAfter && t.openOnlyAfter[byteBeforeBlanks(buf, i, lineStart)] !== 1) continue;
        if (t.notAfter && i > 0 && t.notAfter[buf[i - 1] as number] === 1) {
          // Text (JSX's `image/*`) but where it closes on its line: `0x0A/* LF */` is code's.
          const from = i + t.open.length;
          if (closeFrom === -1 || from < closeFrom || (closeAt !== -1 && from > closeAt)) {
            view ??= Buffer.from(buf.buffer, buf.byteOffset, buf.length);
            closeAt = view.indexOf(t.close, from);
            closeFrom = from;
          }
          if (from > lineEnd) lineEnd = indexOfLF(buf, from);
          if (closeAt === -1 || closeAt > lineEnd) continue;
        }
        if (t.awaits !== undefined && nextDatum(buf, i + t.open.length) !== t.awaits) continue;
        if (t.afterCode !== undefined && codeTail !== -1 && buf[codeTail] !== t.afterCode) continue;
        if (t.rule?.fence && c === BACKTICK && backtickBeforeLF(buf, i + t.open.length)) continue;
        // Before the rest's test: a delimiter is at most a few bytes, a rest up to REST_LIMIT,
        // and Eiffel's every " is a named verbatim string's possible open.
        if (t.rule?.delimited && delimiterEnd(buf, i + t.open.length, t.rule.delimited) === -1)
          continue;
        if (t.rule?.openIfRest) {
          const from = i + t.open.length;
          if (from > lineEnd) lineEnd = indexOfLF(buf, from);
          if (from !== restFrom) {
            rest = restOfLine(buf, from, lineEnd);
            restFrom = from;
          }
          if (!t.rule.openIfRest.test(rest)) continue;
        }
        matched = t;
        break;
      }
      if (matched === undefined) {
        hasCode = true;
        if (
          c === SLASH &&
          regexLiterals &&
          i > noRegexUntil &&
          (regexLiterals === "always" ||
            operandMayStart(buf, codeTail) ||
            (regexLiterals === "spaced" && spacedArgument(buf, i, codeTail)))
        ) {
          const end = regexEnd(buf, i);
          if (end !== -1) {
            i = end;
            codeTail = end - 1;
            continue;
          }
          // No regex closes on this line after that /: none is looked for again before its end,
          // which keeps a line of 1 MB of `(/[` linear.
          noRegexUntil = indexOfLF(buf, i);
        }
        codeTail = i;
        if (branches) complexity += countBranches(buf, i, i + 1, branches);
        i++;
        continue;
      }
      if (matched.kind === LINE) {
        if (matched.indents) {
          state = INDENTED;
          indent = i - lineStart;
        }
        const end = indexOfLF(buf, i);
        if (
          matched.live &&
          !hasCode &&
          holdsLiveTag(buf, i + matched.open.length, end, matched.live)
        )
          hasCode = true;
        i = end;
        // Stata's `///` after code joins the command's next line, not the comment's.
        if (
          lineSplice &&
          splicedAt(buf, i, splice) &&
          (lineSplice !== "untabbed" || buf[lineStart] !== TAB) &&
          (lineSplice !== "slashes" || !hasCode)
        )
          state = SPLICED;
        continue;
      }
      if (matched.kind === END) {
        state = END;
        if (matched.code) hasCode = true;
        i++;
        continue;
      }
      if (matched.rule?.literal) {
        hasCode = true;
        i += matched.open.length;
        codeTail = i - 1;
        continue;
      }
      let kind = matched.kind;
      // A docstring counts as a comment: with `true` every such string, its own lines comments
      // and the line it opens on code if code precedes it (`x = """`, cloc's docstring_to_C);
      // with "statement" only one first on its line, in the context its rule names.
      const docstring = matched.rule?.docstring;
      const first =
        docstring !== undefined &&
        (onlyPrefixBefore(buf, lineFirst, i) || (!hasCode && docstringEnd >= lineStart));
      if (
        (docstring === true ||
          (docstring === "statement" &&
            first &&
            opened === 0 &&
            docstringHere(matched.rule as StringRule, buf, lineStart, tokens))) &&
        (matched.rule?.multiline || closesOnItsLine(buf, i + matched.open.length, matched))
      ) {
        if (first) hasCode = false;
        kind = BLOCK;
      } else if (kind === STRING) hasCode = true;
      state = kind;
      // A form that awaits its bracket is opened by it, as an inner bracket.
      depth = matched.awaits === undefined ? 1 : 0;
      if (matched.rule?.delimited) matched = withDelimiter(matched, buf, i);
      else if (matched.named) matched = withNamedClose(matched, buf, i);
      active = matched;
      closeFirst = matched.close[0] as number;
      closeOtherCase =
        matched.otherCloses?.find((other) => other[0] !== closeFirst)?.[0] ?? closeFirst;
      openFirst =
        matched.nests && (matched.rule ? matched.rule.nests : kind === BLOCK)
          ? ((matched.inner?.[0] ?? matched.open)[0] as number)
          : -1;
      innerQuotes = matched.innerQuotes ?? NO_BYTES;
      escapeByte = matched.rule?.escape
        ? (matched.rule.escapeWith?.charCodeAt(0) ?? 92)
        : kind === BLOCK &&
            !matched.rule &&
            (syntax.stringsInComments || matched.awaits !== undefined)
          ? DQUOTE // the quote of a string inside the comment
          : -1;
      interpolationFirst =
        kind === STRING && matched.rule?.interpolation
          ? matched.rule.interpolation.charCodeAt(0)
          : matched.awaits !== undefined
            ? SEMICOLON
            : kind === BLOCK && !matched.rule && syntax.lineInBlock
              ? (syntax.lineInBlock[0] as number)
              : kind === BLOCK && !matched.rule && syntax.commentQuoted
                ? (syntax.commentQuoted.open[0] as number)
                : -1;
      i += matched.open.length;
      liveFrom = matched.live ? i : -1;
      continue;
    }

    if (state === END) {
      i = indexOfLF(buf, i);
      continue;
    }

    if (state === COMMENT_QUOTED) {
      if (c === PIPE && at(buf, i, quotedClose)) {
        state = BLOCK;
        i += quotedClose.length;
      } else i++;
      continue;
    }

    if (state === COMMENT_STRING) {
      // A backslash escapes the next byte; at a line's end it leaves the newline to be counted.
      if (c === BACKSLASH && !plainCommentStrings && buf[i + 1] !== LF) i += 2;
      else {
        // A datum comment's string that is the datum itself ends the comment.
        if (c === DQUOTE) state = depth === 0 ? 0 : BLOCK;
        i++;
      }
      continue;
    }

    if (state === STRING_QUOTED) {
      hasCode = true;
      if (c === BACKSLASH && innerQuote !== BACKTICK && buf[i + 1] !== LF) i += 2;
      else {
        if (c === innerQuote) state = STRING;
        i++;
      }
      continue;
    }

    // Inside a block comment or a string.
    if (state === STRING) hasCode = true;
    const t = active as Token;
    if (innerQuotes[c] === 1 && state === STRING) {
      innerQuote = c;
      state = STRING_QUOTED;
      i++;
      continue;
    }
    if (c === interpolationFirst && state === STRING && frames.length < MAX_INTERPOLATIONS) {
      const opener = t.rule?.interpolation as string;
      // C#'s {{ is a brace of the text, not an interpolation, and so is HCL's $${.
      if (opener === "{" && buf[i + 1] === c) {
        i += 2;
        continue;
      }
      const escaped = t.rule?.escapedInterpolation;
      if (escaped !== undefined && opensAt(buf, i, escaped)) {
        i += escaped.length;
        continue;
      }
      if (opensAt(buf, i, opener)) {
        frames.push({
          active: t,
          depth,
          closeFirst,
          openFirst,
          escapeByte,
          interpolationFirst,
          bracketOpen,
          bracketClose,
          brackets,
        });
        state = 0;
        bracketOpen = opener.charCodeAt(opener.length - 1);
        bracketClose = closing(bracketOpen);
        brackets = 0;
        i += opener.length;
        continue;
      }
    }
    // A docstring is a BLOCK too, but with its string's rule: its backslash escapes.
    if (c === escapeByte && state === BLOCK && t.rule === undefined) {
      // A string in the comment, whose */ or (* is its text; '"' (ML) and #\" (Scheme) are
      // characters.
      const character =
        t.awaits === undefined
          ? !plainCommentStrings &&
            buf[i + 1] === SQUOTE &&
            (buf[i - 1] === SQUOTE || (buf[i - 1] === BACKSLASH && buf[i - 2] === SQUOTE))
          : schemeCharacter(buf, i);
      if (!character) state = COMMENT_STRING;
      i++;
      continue;
    }
    const only = t.rule?.escapesOnly;
    if (
      c === escapeByte &&
      (only === undefined ||
        (only === "close"
          ? buf[i + 1] === closeFirst
          : buf[i + 1] === LF || (buf[i + 1] === CR && buf[i + 2] === LF)))
    ) {
      // A backslash before a line break, LF or CRLF, continues a one-line string.
      if (buf[i + 1] === LF) continued = true;
      else if (buf[i + 1] === CR && buf[i + 2] === LF) continued = true;
      else i++;
      i++;
      continue;
    }
    const text = c === closeFirst ? t.notClose?.find((s) => at(buf, i, s)) : undefined;
    if (text !== undefined) {
      i += text.length;
      continue;
    }
    const close =
      (c === closeFirst || c === closeOtherCase) &&
      !(t.awaits !== undefined && schemeCharacter(buf, i)) &&
      (!(t.column0 || t.closeColumn0) || i === lineStart) &&
      (!t.closeFirst || i === lineFirst) &&
      (!t.closeEdge || i === lineFirst || restBlank(buf, i + t.close.length)) &&
      (!(t.alone || t.closeAlone) || (i === lineFirst && restBlank(buf, closeEnd(buf, i, t))))
        ? at(buf, i, t.close)
          ? t.close
          : t.otherCloses?.find((other) => at(buf, i, other))
        : undefined;
    if (close !== undefined && t.rule?.closeAtRunEnd) {
      let end = i + close.length;
      while (buf[end] === c) end++;
      // Macaulay2's even run is text (`////` in a `///` string); its odd run, and any of
      // Kotlin's, ends with the close.
      if (t.rule.closeAtRunEnd === "odd" && (end - i) % 2 === 0) {
        i = end;
        continue;
      }
      i = end - close.length;
    }
    if (close !== undefined) {
      if (liveFrom !== -1) {
        if (!hasCode && holdsLiveTag(buf, liveFrom, i, t.live as LiveTags)) hasCode = true;
        liveFrom = -1;
      }
      i = t.endsLine ? indexOfLF(buf, i) : i + close.length;
      if (state === STRING || t.endsStatement) codeTail = i - 1;
      else if (t.rule?.docstring) {
        // A docstring's statement may end at its `;` (Python's `"""doc""";`, a MOO verb's
        // `"a note";`), where `;` opens nothing: the line stays the docstring's.
        const k = textAfterBlanks(buf, i);
        if (k !== -1 && buf[k] === SEMICOLON && syntax.starts[SEMICOLON] === 0) i = k + 1;
        docstringEnd = i;
      }
      if ((state === STRING && !t.nests) || --depth === 0) state = 0;
      continue;
    }
    // A `;` comment in a datum comment, before its form or inside it, is read to its end (an
    // inner `#;` is the form's text).
    if (
      c === SEMICOLON &&
      t.awaits !== undefined &&
      buf[i - 1] !== HASH &&
      !schemeCharacter(buf, i)
    ) {
      i = indexOfLF(buf, i);
      continue;
    }
    const inner =
      c === openFirst && !(t.awaits !== undefined && schemeCharacter(buf, i))
        ? t.inner?.find((open) => at(buf, i, open))
        : undefined;
    if (
      inner !== undefined &&
      (!t.innerFirst || i === lineFirst) &&
      (!t.alone || (i === lineFirst && restBlank(buf, i + inner.length)))
    ) {
      depth++;
      i += inner.length;
      continue;
    }
    // An OCaml quoted string in the comment is read whole: a `*)` in it closes nothing.
    const quoted = syntax.commentQuoted;
    if (
      quoted !== undefined &&
      c === interpolationFirst &&
      state === BLOCK &&
      t.rule === undefined &&
      delimiterEnd(buf, i + quoted.open.length, "ocaml") !== -1
    ) {
      const inComment = withDelimiter(quoted, buf, i);
      state = COMMENT_QUOTED;
      quotedClose = inComment.close;
      i += inComment.open.length;
      continue;
    }
    // After the inner openers: ASP's `%*` in a `%*` comment nests, its `%` hides the line.
    if (
      c === interpolationFirst &&
      state === BLOCK &&
      t.awaits === undefined &&
      syntax.lineInBlock !== undefined &&
      at(buf, i, syntax.lineInBlock)
    ) {
      i = indexOfLF(buf, i);
      continue;
    }
    // A string that holds strings (a Go template's action, a line long) or ends at a blank, a
    // tab too (a name), is read byte by byte, which keeps their quotes and its tabs out of the
    // run below, the hot path of every other.
    if (innerQuotes !== NO_BYTES || (closeFirst === BLANK && t.close.length === 1)) {
      i++;
      continue;
    }
    while (++i < n) {
      c = buf[i] as number;
      if (
        c === LF ||
        c === closeFirst ||
        c === closeOtherCase ||
        c === openFirst ||
        c === escapeByte ||
        c === interpolationFirst
      )
        break;
    }
  }
  if (lineStart < n) {
    if (liveFrom !== -1 && holdsLiveTag(buf, liveFrom, n, active?.live as LiveTags)) hasCode = true;
    if (lineFirst === -1) blanks++;
    else if (hasCode) code++;
    else comments++;
  }
  return branches ? { code, comments, blanks, complexity } : { code, comments, blanks };
}

const COLON = 58;
const DIGIT_1 = 49;
const DIGIT_9 = 57;
const BANG_OR_AMPERSAND = new Uint8Array(256);
BANG_OR_AMPERSAND[BANG] = BANG_OR_AMPERSAND[38] = 1;

/**
 * Where the header of a YAML block scalar ends, for the `|` or `>` at `i`, or -1 if it opens
 * none. A header is the indicator, then at most a chomping (`+`, `-`) and an indentation
 * indicator (1-9), then nothing but spaces and a comment on its line (YAML 1.2.2, 8.1.1); the
 * indicator starts a node: first on its line, or after a key's `: `, a sequence entry's `- `, a
 * document's `--- `, and node properties (`!!str`, `&anchor`) between. Elsewhere it is text
 * (`cmd: a | b`, `if: x > 1`). Reads only the line's bytes between the node before it and the
 * line's end, so every | and > of a line are told apart in one pass over it.
 */
function blockScalarHeaderEnd(buf: Uint8Array, i: number, lineStart: number): number {
  let end = i + 1;
  for (let k = 0; k < 2; k++) {
    const c = buf[end] as number;
    if (c === PLUS || c === DASH || (c >= DIGIT_1 && c <= DIGIT_9)) end++;
  }
  let after = end;
  while (SPACE[buf[after] as number] === 1) after++;
  if (after < buf.length && buf[after] !== LF && !(buf[after] === HASH && after > end)) return -1;
  let before = i - 1;
  for (let properties = 0; ; properties++) {
    const word = before;
    while (before >= lineStart && SPACE[buf[before] as number] === 1) before--;
    if (before < lineStart) return end;
    if (before === word) return -1; // text right before the indicator: `a|b`
    let start = before;
    while (start > lineStart && SPACE[buf[start - 1] as number] !== 1) start--;
    if (properties < 2 && BANG_OR_AMPERSAND[buf[start] as number] === 1) {
      before = start - 1;
      continue;
    }
    if (buf[before] === COLON) return end;
    if (start === lineStart && before - start === 2 && buf[start] === DASH)
      return buf[start + 1] === DASH && buf[before] === DASH ? end : -1; // `--- |`
    // `- |`, `- - |`: sequence entries, a lone dash with only others before it on the line.
    if (buf[before] !== DASH || before !== start) return -1;
    let k = start - 1;
    while (k >= lineStart && (SPACE[buf[k] as number] === 1 || buf[k] === DASH)) k--;
    return k < lineStart ? end : -1;
  }
}

/**
 * Where the line starts whose first text, blank lines and the comments in `skip` aside, is the
 * dialect's marker (Vim9 script: `vim9script` must be a file's first command), or with
 * `anyLine` the first line that begins with it (after blanks, if `indented`); -1 if none is.
 */
function dialectStart(buf: Uint8Array, dialect: NonNullable<CompiledSyntax["dialect"]>) {
  const marked = (i: number) =>
    dialect.firsts[buf[i] as number] === 1 && dialect.markers.some((marker) => at(buf, i, marker));
  let line = 0;
  if (dialect.anyLine) {
    for (; line < buf.length; line = indexOfLF(buf, line) + 1) {
      let i = line;
      if (dialect.indented) while (buf[i] === BLANK || buf[i] === TAB) i++;
      if (marked(i)) return line;
    }
    return -1;
  }
  while (line < buf.length) {
    let i = line;
    while (SPACE[buf[i] as number] === 1) i++;
    if (buf[i] !== LF && !dialect.skip.some((marker) => at(buf, i, marker)))
      return marked(i) ? line : -1;
    line = indexOfLF(buf, i) + 1;
  }
  return -1;
}

const SLASH = 47;
const BACKSLASH = 92;
const UNDERSCORE = 95;
// Bytes after which a JavaScript expression may start, so that a / opens a regex literal there
// (`(/a/`, `= /a/`, `return /a/`): after an operand it divides (`a / b`, `f() / 2`, `x[1] / 2`).
// Not after < or >: in JSX, `</div>` and `<p>/ text` hold no regex.
const OPERAND_MAY_START = new Uint8Array(256);
for (const ch of "(,=:[!&|?{};+-*%~^") OPERAND_MAY_START[ch.charCodeAt(0)] = 1;
// JavaScript's, then Ruby's and Crystal's (`when /^"/`, `if /%s/ =~ url`).
const KEYWORDS_BEFORE_OPERAND = new Set(
  [
    "return typeof instanceof in of new delete void throw case do else yield await",
    "if unless when elsif while until and or not then",
  ]
    .join(" ")
    .split(" "),
);
const endsOperand = (c: number) => isWordByte(c) || c === 41 || c === 93; // `x!`, `f()!`, `a[0]!`
/** The same byte, or an ASCII letter and its other case. */
const sameLetter = (a: number, b: number) =>
  a === b || ((a ^ b) === 0x20 && (a | 0x20) >= 97 && (a | 0x20) <= 122);
/** Syntax.liveTags, compiled: the tags, their first bytes, and the template's own comments. */
interface LiveTags {
  firsts: Uint8Array;
  tags: Uint8Array[];
  /** The template's own comment openers, tags that run nothing (`{{!`, `<%#`). */
  comments: Uint8Array[];
}

function liveTags(tags: readonly string[], blocks: Syntax["block"]): LiveTags {
  return {
    firsts: byteSet(tags.map((tag) => tag[0]).join("")),
    tags: tags.map(bytes),
    comments: blocks.filter(([open]) => open !== "<!--").map(([open]) => bytes(open)),
  };
}

/** Whether a template tag that runs stands in `buf` from `from` to `to` (Syntax.liveTags). */
function holdsLiveTag(buf: Uint8Array, from: number, to: number, live: LiveTags): boolean {
  for (let k = from; k < to; k++)
    if (
      live.firsts[buf[k] as number] === 1 &&
      live.tags.some((tag) => at(buf, k, tag)) &&
      !live.comments.some((open) => at(buf, k, open))
    )
      return true;
  return false;
}

/** A table of a name's bytes and `extra`'s (Syntax.blockNotAfter). */
function bytesAfter(extra: string): Uint8Array {
  const table = byteSet(extra);
  for (let c = 0; c < 256; c++) if (isWordByte(c)) table[c] = 1;
  return table;
}

/** 1 for each byte of `of`. */
function byteSet(of: string): Uint8Array {
  const table = new Uint8Array(256);
  for (const c of bytes(of)) table[c] = 1;
  return table;
}

/**
 * The byte before `i` on its line, blanks aside; a line feed at the line's start (the file's
 * too). Each run of blanks is walked back over once, by the byte after it.
 */
function byteBeforeBlanks(buf: Uint8Array, i: number, lineStart: number): number {
  let k = i - 1;
  while (k >= lineStart && (buf[k] === BLANK || buf[k] === TAB)) k--;
  return k >= lineStart ? (buf[k] as number) : LF;
}

/** A byte after which `'` transposes: a name's, a bracket's close, a quote, a `.` (`a'`, `x.'`). */
const transposes = (c: number) => endsOperand(c) || c === 0x7d || c === 0x27 || c === 0x2e;
const isWordByte = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  c === 95 ||
  c === 36 ||
  c >= 0x80;

/**
 * Whether a / may open a regex literal rather than divide, by the last byte of code before it,
 * at `k` (-1 at the file's start): comments between the two are no operand (`[\n// c\n/re/`).
 */
function operandMayStart(buf: Uint8Array, k: number): boolean {
  if (k < 0) return true;
  const before = buf[k] as number;
  // After a ++ or --, an operand has ended: `i++ / 2`; and after TypeScript's non-null `!`,
  // which touches the operand it ends, `count! / 4` (a prefix `!` never follows an operand).
  if (OPERAND_MAY_START[before] === 1) {
    if (before === BANG) return k === 0 || !endsOperand(buf[k - 1] as number);
    return !((before === 43 || before === 45) && buf[k - 1] === before);
  }
  if (before === 62) return buf[k - 1] === 61; // an arrow: `x => /a/.test(x)`
  if (!isWordByte(before)) return false;
  let start = k;
  while (start > 0 && k - start < 10 && isWordByte(buf[start - 1] as number)) start--;
  return (
    k - start < 10 &&
    KEYWORDS_BEFORE_OPERAND.has(String.fromCharCode(...buf.subarray(start, k + 1)))
  );
}

/**
 * Whether the / at `i` starts a call's argument: a name's last byte at `k`, a blank between,
 * and neither a blank nor `=` after it (`split /'/`, where `a / b` and `a /= b` divide).
 */
function spacedArgument(buf: Uint8Array, i: number, k: number): boolean {
  const after = buf[i + 1] as number;
  return (
    k >= 0 &&
    k < i - 1 &&
    isWordByte(buf[k] as number) &&
    SPACE[buf[i - 1] as number] === 1 &&
    SPACE[after] !== 1 &&
    after !== EQUALS
  );
}

/**
 * Where the regex literal that the / at `i` opens ends (the byte after its closing /), or -1
 * when its line ends first. A regex holds no line break; inside it a quote, a backtick or a /*
 * is text, a / in a [...] class too (ECMA-262, "Regular Expression Literals").
 */
function regexEnd(buf: Uint8Array, i: number): number {
  let inClass = false;
  for (let k = i + 1; k < buf.length; k++) {
    const c = buf[k] as number;
    if (c === LF) return -1;
    if (c === BACKSLASH) {
      if (buf[k + 1] === LF) return -1;
      k++;
    } else if (inClass) inClass = c !== 93;
    else if (c === 91) inClass = true;
    else if (c === SLASH) return k + 1;
  }
  return -1;
}

/**
 * Whether the line that ends at `lf` (LF or CR LF) ends in a mark that continues it: with
 * "any", a backslash, as C's preprocessor splices at any last one; with "odd", an odd run of
 * them, since `\\` at a comment's end is an escaped backslash (make 4.3 sets `B = 2` after
 * `# a \\`; tclsh, jq); with "dollar", an odd run of `$` (Ninja's, where `$$` is a `$`); with
 * "underscore", Visual Basic's ` _`, blanks before it and after.
 */
function splicedAt(
  buf: Uint8Array,
  lf: number,
  mode: "any" | "odd" | "dollar" | "underscore" | "slashes",
): boolean {
  if (lf >= buf.length) return false;
  let last = buf[lf - 1] === 13 ? lf - 2 : lf - 1;
  if (mode === "slashes") {
    // A `///` first on the line or after a blank, whatever follows it on the line.
    for (let k = last - 2; k >= 0 && buf[k + 2] !== LF; k--) {
      if (buf[k] === SLASH && buf[k + 1] === SLASH && buf[k + 2] === SLASH) {
        const before = buf[k - 1];
        if (k === 0 || before === LF || before === BLANK || before === TAB) return true;
      }
    }
    return false;
  }
  if (mode === "underscore") {
    while (last > 0 && (buf[last] === BLANK || buf[last] === TAB)) last--;
    return buf[last] === UNDERSCORE && (buf[last - 1] === BLANK || buf[last - 1] === TAB);
  }
  const mark = mode === "dollar" ? DOLLAR : BACKSLASH;
  if (buf[last] !== mark) return false;
  if (mode === "any") return true;
  let first = last;
  while (first > 0 && buf[first - 1] === mark) first--;
  return (last - first) % 2 === 0;
}

/** Where the first of `markers` to stand in column 0 starts; the length when none does. */
function firstAtLineStart(bytes: Uint8Array, markers: readonly Uint8Array[]): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let first = buf.length;
  for (const marker of markers)
    for (let at = buf.indexOf(marker); at !== -1 && at < first; at = buf.indexOf(marker, at + 1))
      if (at === 0 || buf[at - 1] === LF) first = at;
  return first;
}

function indexOfLF(buf: Uint8Array, from: number): number {
  const eol = buf.indexOf(LF, from);
  return eol === -1 ? buf.length : eol;
}

/**
 * The file without its UTF-8 byte order mark, which is no text: `\uFEFF// note` is a comment
 * line, `\uFEFF#!` a shebang, `\uFEFF.. note` an rst comment.
 */
export function withoutBom(file: Uint8Array): Uint8Array {
  return file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf ? file.subarray(3) : file;
}

/** Counts lines of a file whose language has no comment syntax: only code and blank lines. */
export function countPlainLines(buf: Uint8Array): LineCounts {
  let code = 0;
  let blanks = 0;
  let nonBlank = false;
  let lineStart = 0;
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i] as number;
    if (c === LF) {
      if (nonBlank) code++;
      else blanks++;
      nonBlank = false;
      lineStart = i + 1;
    } else if (!nonBlank && !isSpace(c)) nonBlank = true;
  }
  if (lineStart < n) {
    if (nonBlank) code++;
    else blanks++;
  }
  return { code, comments: 0, blanks };
}

type LineKind = "code" | "comments" | "blanks";

/** Counts a file whose every line is told apart on its own, by `kindOf` (its bytes start..eol). */
function countEachLine(
  buf: Uint8Array,
  kindOf: (buf: Uint8Array, start: number, eol: number) => LineKind,
): LineCounts {
  const counts = { code: 0, comments: 0, blanks: 0 };
  let start = 0;
  while (start < buf.length) {
    const eol = indexOfLF(buf, start);
    counts[kindOf(buf, start, eol)]++;
    start = eol + 1;
  }
  return counts;
}

// Brainfuck's eight commands: + , - . (43-46), < > (60, 62), [ ] (91, 93).
const BRAINFUCK_COMMAND = new Uint8Array(256);
for (const c of "+,-.<>[]") BRAINFUCK_COMMAND[c.charCodeAt(0)] = 1;

function brainfuckLine(buf: Uint8Array, start: number, eol: number): LineKind {
  let blank = true;
  for (let i = start; i < eol; i++) {
    const c = buf[i] as number;
    if (BRAINFUCK_COMMAND[c] === 1) return "code";
    if (blank && !isSpace(c)) blank = false;
  }
  return blank ? "blanks" : "comments";
}

/**
 * Counts Brainfuck, where every character but the eight commands is a comment: a line with none
 * of them is a comment line, as cloc counts it (`This loops five times` between two lines of
 * code), and any line with one is code.
 */
export function countBrainfuckLines(buf: Uint8Array): LineCounts {
  return countEachLine(buf, brainfuckLine);
}

function diffLine(buf: Uint8Array, start: number, eol: number): LineKind {
  let first = start;
  while (first < eol && isSpace(buf[first] as number)) first++;
  const c = buf[start] as number;
  // A line feed never equals c, so the header test cannot run past the line.
  const header = (c === DASH || c === PLUS) && buf[start + 1] === c && buf[start + 2] === c;
  if (first === eol) return "blanks";
  return first > start || c === HASH || header ? "comments" : "code";
}

/**
 * Counts a patch (.diff, .patch) as cloc does, which has no comment syntax for it but files
 * every line that does not change anything under comments: context lines (whitespace in column
 * 0), `---` and `+++` file headers, and `#` lines. Every other non-blank line is code, the
 * `diff --git` and `@@` lines and a mail's headers included.
 *
 * @example
 * countDiffLines(Buffer.from("--- a/x\n+++ b/x\n@@ -1 +1 @@\n ctx\n-old\n+new\n"));
 * // {code: 3, comments: 3, blanks: 0}
 */
export function countDiffLines(buf: Uint8Array): LineCounts {
  return countEachLine(buf, diffLine);
}
