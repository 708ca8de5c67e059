/**
 * Languages embedded in a page's elements: the text of an HTML `<script>` is JavaScript, unless
 * its `type` names some other data (a template, JSON), that of a `<style>` CSS (the HTML
 * standard, 4.12.1 and 4.2.6), that of a ColdFusion `<cfscript>` CFScript, that of an ASP.NET
 * `<script runat="server">` the page's server code. A block's inner lines, those after its
 * start tag's line and before its end tag's, are counted in its language, read on from the
 * rest of the start tag's line (`<style>/* a licence` comments the lines after it); the lines
 * with the tags stay the page's, code for their tags. A block inside an HTML comment, or inside
 * a comment of the template's own (`<%-- --%>`, `{{!-- --}}`), is the comment's text.
 */

/**
 * The elements whose text is another language, ready to look for. Each is named by a key: its
 * name (`script`), or its name and an attribute its start tag has (`script[runat=server]`),
 * which is looked for first.
 */
export interface EmbeddingTags {
  /** The elements' names, lower case. */
  names: readonly string[];
  /** 1 for the lower-cased first byte of a name. */
  firsts: Uint8Array;
  /** The keys of an element's name that ask for an attribute, with a test of its start tag. */
  qualified: ReadonlyMap<string, readonly { key: string; test: RegExp }[]>;
  /** The names that are keys by themselves. */
  bare: ReadonlySet<string>;
  /**
   * The page's comments, HTML's first, each opener with its closers (Movable Type's Ignore tag
   * closes in any of its spellings): a start tag in one is its text.
   */
  comments: readonly { open: Uint8Array; closes: readonly Uint8Array[] }[];
  /**
   * The template's own tags that run, each to its close (Twig's `{{ ... }}`): the engine reads
   * them first, so a comment's opener or a start tag in one is its text (`{{ "{#" }}`).
   */
  liveTags: readonly { open: Uint8Array; close: Uint8Array }[];
  /** The first bytes a search stops at: `<`, and each comment's and live tag's opener's. */
  stops: readonly number[];
  /** 1 for the bytes after which, blanks between, a quote opens one of the page's values. */
  valuesAfter?: Uint8Array;
}

export interface EmbeddedBlocks {
  /** The page, line for line, with each block's inner lines emptied. */
  outer: Uint8Array;
  /**
   * Each block's inner lines, in order, with the key of the element that holds them, and the
   * rest of its start tag's line where that holds more than blanks (`<style>/* a note`): the
   * block's text from there, whose state its inner lines start in.
   */
  blocks: { tag: string; text: Uint8Array; lead?: Uint8Array }[];
  /** How many lines were emptied in `outer`. */
  emptied: number;
}

const KEY = /^(%?[a-z][\w-]*)(?:\[([\w-]+)=([\w-]+)\])?$/i;

/**
 * Prepares element keys (`script`, `style`, `script[runat=server]`, a template's `%python`) for
 * {@link embeddedBlocks}: an attribute's value matches in any case, quoted or not. `comments`
 * are the page's own block comments beside HTML's (a template's `<%-- --%>`, MTML's
 * `<mt:Ignore>`); `valuesAfter` 1 for the bytes after which a quote opens one of the page's
 * values (Syntax.valuesAfter), where a `<!--` or a start tag is the value's text; `liveTags`
 * the template's tags that run, each with its close.
 */
export function embeddingTags(
  keys: readonly string[],
  comments: readonly (readonly [string, string])[] = [],
  valuesAfter?: Uint8Array,
  liveTags: readonly (readonly [string, string])[] = [],
): EmbeddingTags {
  const firsts = new Uint8Array(256);
  const qualified = new Map<string, { key: string; test: RegExp }[]>();
  const bare = new Set<string>();
  for (const key of keys) {
    const [, element = "", attribute, value] = KEY.exec(key) ?? [];
    const name = element.toLowerCase();
    if (name === "") throw new Error(`not an element's key: ${key}`);
    firsts[name.charCodeAt(0) | 0x20] = 1;
    if (attribute === undefined) bare.add(name);
    else {
      const test = new RegExp(`\\s${attribute}\\s*=\\s*(["']?)${value}\\1(?=[\\s/>])`, "i");
      qualified.set(name, [...(qualified.get(name) ?? []), { key, test }]);
    }
  }
  const closers = new Map<string, string[]>([[HTML_COMMENT[0], [HTML_COMMENT[1]]]]);
  for (const [open, close] of comments)
    if (open !== HTML_COMMENT[0]) closers.set(open, [...(closers.get(open) ?? []), close]);
  const pairs = [...closers].map(([open, closes]) => ({
    open: bytes(open),
    closes: closes.map(bytes),
  }));
  const tags = liveTags.map(([open, close]) => ({ open: bytes(open), close: bytes(close) }));
  const stops = [...new Set([LT, ...[...pairs, ...tags].map(({ open }) => open[0] as number)])];
  return {
    names: [...new Set([...bare, ...qualified.keys()])],
    firsts,
    qualified,
    bare,
    comments: pairs,
    liveTags: tags,
    stops,
    ...(valuesAfter === undefined ? {} : { valuesAfter }),
  };
}

const LF = 10;
const BACKSLASH = 92;
const CR = 13;
const LT = 60;
const GT = 62;
const SLASH = 47;
const DQUOTE = 34;
const SQUOTE = 39;
const LBRACE = 123;
const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const LTLT = bytes("<<");
const HTML_COMMENT = ["<!--", "-->"] as const;
// The script types whose text is JavaScript: none, a JavaScript MIME type (the standard's list,
// and text/babel and text/jsx, whose JSX the JavaScript entry reads), or "module".
const JAVASCRIPT_TYPE =
  /^(?:(?:text|application)\/(?:(?:x-)?(?:java|ecma)script(?:1\.\d)?|jscript|livescript|babel|jsx)|module)?$/i;
const TYPE_ATTRIBUTE = /\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/**
 * The page with its blocks' inner lines taken out, and those lines; undefined when it has no
 * block with inner lines. Linear: each byte is looked at a bounded number of times, and a
 * start tag or comment that never closes ends the search.
 *
 * @example
 * const tags = embeddingTags(["script", "style"]);
 * embeddedBlocks(Buffer.from("<script>\n// a note\n</script>\n"), tags).blocks[0].text // "// a note\n"
 */
export function embeddedBlocks(file: Uint8Array, tags: EmbeddingTags): EmbeddedBlocks | undefined {
  // Buffer's indexOf is memchr; a Uint8Array's is a loop in JavaScript.
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length);
  const blocks: Span[] = [];
  // The first line break after the last start tag, found again only past it: a line of many
  // blocks is searched once, not once a block.
  let lf = -1;
  const stops = firstOf(buf, tags.stops);
  const stop = (from: number) => stops(from)[0];
  const closers = tags.comments.map(({ closes }) => firstOf(buf, closes));
  const liveClosers = tags.liveTags.map(({ close }) => firstOf(buf, [close]));
  const values = quotedValues(buf, tags.valuesAfter);
  let i = stop(0);
  while (i !== -1) {
    const k = tags.comments.findIndex(({ open }) => startsWith(buf, i, open));
    // HTML's own <!-- only: a template's engine reads its tags first, in a value too.
    if (k !== -1 && !(k === 0 && values.holds(i))) {
      const { open, closes } = tags.comments[k] as EmbeddingTags["comments"][number];
      const [close, which] = (closers[k] as ReturnType<typeof firstOf>)(i + open.length);
      if (close === -1) break;
      i = values.from(stop(close + (closes[which] as Uint8Array).length));
      continue;
    }
    const live = tags.liveTags.findIndex(({ open }) => startsWith(buf, i, open));
    if (live !== -1) {
      const { open, close } = tags.liveTags[live] as EmbeddingTags["liveTags"][number];
      const [end] = (liveClosers[live] as ReturnType<typeof firstOf>)(i + open.length);
      // One that never closes is text: the search goes on after its opener.
      i = end === -1 ? stop(i + open.length) : values.from(stop(end + close.length));
      continue;
    }
    const next = buf[i + 1] as number;
    const tag =
      buf[i] === LT && tags.firsts[next | 0x20] === 1 ? tagAt(buf, i + 1, tags.names) : undefined;
    if (tag === undefined || values.holds(i)) {
      i = stop(i + 1);
      continue;
    }
    const tagEnd = startTagEnd(buf, i + 1 + tag.length);
    if (tagEnd === -1) break;
    const close = endTag(buf, tagEnd, tag);
    // The inner lines: from the line after the start tag's to the end tag's line, excluded. The
    // look back for that line's start stays inside the block, so the search remains linear.
    if (lf < tagEnd) {
      lf = buf.indexOf(LF, tagEnd);
      if (lf === -1) lf = buf.length;
    }
    if (lf < buf.length && (close === -1 || lf < close)) {
      const closeLineStart = close === -1 ? buf.length : buf.lastIndexOf(LF, close) + 1;
      const key = blockKey(buf.toString("latin1", i, tagEnd), tag, tags);
      if (key !== undefined && lf + 1 < closeLineStart)
        blocks.push({ tag: key, start: lf + 1, end: closeLineStart, lead: tagEnd });
    }
    if (close === -1) break;
    i = values.from(stop(close + 2));
  }
  return cut(buf, blocks);
}

/**
 * Whether a place on the page is inside one of its quoted values, as the page's counter reads
 * one (syntax.ts, quotedValuesHolding): after a quote on its line that follows one of `after`'s
 * bytes, blanks between, and before its close, where a `<!--` or a `<script` is the value's text
 * (the HTML standard's tokenizer, 13.2.5.36-37: `title="<!--"` opens no comment). Asked at ever
 * later places, it reads each byte once; `from` starts it afresh past a comment or a block,
 * whose quotes are their text's. A page without values has none.
 */
function quotedValues(buf: Uint8Array, after: Uint8Array | undefined) {
  let read = 0;
  let last = LF;
  // The quote of the value read into, 0 outside one.
  let quote = 0;
  return {
    holds(at: number): boolean {
      if (after === undefined) return false;
      for (; read < at; read++) {
        const c = buf[read] as number;
        if (c === LF) quote = 0;
        else if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if ((c === DQUOTE || c === SQUOTE) && after[last] === 1) quote = c;
        if (c !== 32 && c !== 9 && c !== CR) last = c;
      }
      return quote !== 0;
    },
    from(at: number): number {
      if (at > read) {
        read = at;
        last = LF;
        quote = 0;
      }
      return at;
    },
  };
}

/**
 * The first index from `from` on where one of `needles` (bytes or byte sequences) starts, and
 * which one, or -1; each needle's last find is kept, so that searches from ever later places
 * read each byte once a needle.
 */
function firstOf(
  buf: Buffer,
  needles: readonly (number | Uint8Array)[],
): (from: number) => [at: number, which: number] {
  const found = needles.map(() => -2);
  return (from) => {
    let first = -1;
    let which = -1;
    for (let k = 0; k < needles.length; k++) {
      let at = found[k] as number;
      if (at !== -1 && at < from) {
        at = buf.indexOf(needles[k] as number | Uint8Array, from);
        found[k] = at;
      }
      if (at !== -1 && (first === -1 || at < first)) {
        first = at;
        which = k;
      }
    }
    return [first, which];
  };
}

/** Syntax.fenced's markers as bytes, and its options. */
export interface Fence {
  open: Uint8Array;
  close: Uint8Array;
  when?: RegExp;
  anywhere?: boolean;
  toEnd?: boolean;
  closeFirst?: boolean | "alone";
  /** Syntax.fenced's `bodyAfter`: the line its block's lines follow. */
  bodyAfter?: Uint8Array;
  closeOpens?: boolean;
  /** Syntax.fenced's `hides`: spans of the block's own text where its close is no close. */
  hides?: readonly Hide[];
  /** Syntax.fenced's `notIn`: spans of the page where its open opens nothing. */
  notIn?: readonly Hide[];
}

/**
 * Whether the close at `at` stands where `closeFirst` takes one: at its line's start, or with
 * "alone" alone on its line, blanks around it (each close's own blanks read once).
 */
function closesHere(buf: Uint8Array, at: number, length: number, closeFirst: true | "alone") {
  if (closeFirst === true) return buf[at - 1] === LF;
  let before = at;
  while (buf[before - 1] === 32 || buf[before - 1] === 9) before--;
  if (before > 0 && buf[before - 1] !== LF) return false;
  let after = at + length;
  while (buf[after] === 32 || buf[after] === 9 || buf[after] === CR) after++;
  return after === buf.length || buf[after] === LF;
}

/**
 * The page with its fenced blocks' inner lines taken out, and those lines, tagged "fence": a
 * block opens at `open` first on a line (blanks before it aside), or with `anywhere` wherever
 * it stands, where the rest of that line matches `when` if given, and closes at the first
 * `close` after it (ATS's `%{ ... %}` of external C, Liquid's `{% liquid ... %}`, UltiSnips'
 * `snippet` ... `endsnippet`, Inform 7's `Include (- ... -)`); one that never closes is none,
 * or with `toEnd` runs to the file's end; with `closeFirst`, only a `close` at a line's start
 * closes (noweb's `@`, which R code may hold: `obj@slot`), with "alone" only one alone on its
 * line (Stata's `end`, which Mata's `append` holds); with `hides`, a `close` inside one
 * of the block's strings or comments closes nothing (Tea's `<% x = "%>"`); with `notIn`, an
 * `open` inside one of the page's opens nothing (a Glimmer file's JSDoc example's
 * `<template>`). `when` is anchored, `^`, at the opener's end. The opener's line after the
 * opener is each block's lead, read before its lines as an embedded element's start-tag line
 * is. Linear, as embeddedBlocks.
 */
export function fencedBlocks(file: Uint8Array, fence: Fence): EmbeddedBlocks | undefined {
  const { open, close, when, anywhere = false, toEnd = false, closeFirst = false } = fence;
  const { hides, notIn, bodyAfter, closeOpens = false } = fence;
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length);
  // The close and the hiding spans' openers, each found forward only over every block.
  const hiding = hides && { hides, next: firstOf(buf, [close, ...hides.map((hide) => hide.open)]) };
  // The page's spans that hold no opener, walked forward only, from `at`.
  const page = notIn && {
    spans: notIn,
    next: firstOf(
      buf,
      notIn.map((span) => span.open),
    ),
    at: 0,
  };
  const blocks: Span[] = [];
  // A close's line before the close is the block's text, no page's (LookML's `  # x ;;`, whose
  // # would comment out the page's ;;): blanked in the page, where the close leaves it code.
  const tails: [number, number][] = [];
  const whenAt = when && stickyAt(when);
  // The start, first non-blank byte and end of the line `open` was last found on, and its text
  // where `when` reads it: found once a line, however many openers it holds (a line of 1 MB of
  // ERB's `<%` is not copied once each).
  let lineStart = -1;
  let lineFirst = -1;
  let lineEnd = -1;
  let lineText = "";
  for (let i = buf.indexOf(open); i !== -1; ) {
    if (i > lineEnd) {
      lineStart = buf.lastIndexOf(LF, i) + 1;
      lineFirst = lineStart;
      while (buf[lineFirst] === 32 || buf[lineFirst] === 9) lineFirst++;
      lineEnd = buf.indexOf(LF, i);
      if (lineEnd === -1) lineEnd = buf.length;
      lineText = whenAt ? buf.toString("latin1", lineStart, lineEnd) : "";
    }
    if (whenAt) whenAt.lastIndex = i + open.length - lineStart;
    if ((i !== lineFirst && !anywhere) || (whenAt && !whenAt.test(lineText))) {
      i = buf.indexOf(open, i + 1);
      continue;
    }
    const spanEnd = page ? spanAround(buf, i, page) : -1;
    if (spanEnd !== -1) {
      i = buf.indexOf(open, spanEnd);
      continue;
    }
    // The end of the line the block's lines follow: the opener's, found once a line (a line of
    // many openers, `anywhere`, is not searched once each), or with `bodyAfter` a later one.
    const head = bodyAfter ? lineStarting(buf, bodyAfter, lineEnd) : -1;
    const lf = bodyAfter ? (head === -1 ? -1 : endOfLine(buf, head)) : lineEnd;
    if (lf === -1 || lf === buf.length) break;
    const lead = bodyAfter ? head + bodyAfter.length : i + open.length;
    // A block closed on its own line (`%{^ #include "a.h" %}`, `{% liquid echo x %}`) has no
    // inner lines: the search goes on after its close.
    let end = hiding ? closeOutside(buf, lead, hiding) : buf.indexOf(close, lead);
    while (closeFirst && end !== -1 && !closesHere(buf, end, close.length, closeFirst))
      end = buf.indexOf(close, end + 1);
    // Where the next opener is looked for: past the close, or at it where it may be one.
    const next = closeOpens ? end : end + close.length;
    if (end !== -1 && end < lf) {
      i = buf.indexOf(open, next);
      if (page) page.at = next;
      continue;
    }
    // One that never closes fences nothing: a snipMate file's `snippet` lines have no
    // `endsnippet`, and the file's # comments after them stay comments; with `toEnd`, it
    // fences the rest of the file (a Tea template that is code to its end).
    if (end === -1) {
      if (toEnd) blocks.push({ tag: "fence", start: lf + 1, end: buf.length, lead });
      break;
    }
    const closeLineStart = buf.lastIndexOf(LF, end) + 1;
    // The opener's line after it is the block's too (`<% x = "%>" /* c`), read as its lead.
    if (lf + 1 < closeLineStart)
      blocks.push({ tag: "fence", start: lf + 1, end: closeLineStart, lead });
    if (!blankBetween(buf, closeLineStart, end)) tails.push([closeLineStart, end]);
    i = buf.indexOf(open, next);
    if (page) page.at = next;
  }
  return cut(buf, blocks, tails);
}

/**
 * Where the page's span that holds `i` ends, or -1 where none does (Fenced.notIn). The spans
 * are walked from `state.at` on and left behind once passed, so a file's are read once in all.
 */
function spanAround(
  buf: Buffer,
  i: number,
  state: { spans: readonly Hide[]; next: ReturnType<typeof firstOf>; at: number },
): number {
  for (;;) {
    const [found, which] = state.next(state.at);
    if (found === -1 || found >= i) return -1;
    const end = spanEnd(buf, found, state.spans[which] as Hide);
    if (end > i) return end;
    state.at = end;
  }
}

/** The byte after the span that opens at `from`: past its close, or its line's or file's end. */
function spanEnd(buf: Buffer, from: number, span: Hide): number {
  const after = from + span.open.length;
  const lf = span.close.length === 0 || !span.multiline ? buf.indexOf(LF, after) : -1;
  const lineEnd = lf === -1 ? buf.length : lf + 1;
  if (span.close.length === 0) return lineEnd;
  let stop = buf.indexOf(span.close, after);
  while (span.escape && stop !== -1 && escapedAt(buf, stop))
    stop = buf.indexOf(span.close, stop + 1);
  if (stop === -1) return span.multiline ? buf.length : lineEnd;
  return span.multiline || stop < lineEnd ? stop + span.close.length : lineEnd;
}

/**
 * A string or a comment: of a fenced block's text, in which its close closes nothing
 * (Fence.hides), or of the page's, in which its open opens nothing (Fence.notIn).
 */
interface Hide {
  open: Uint8Array;
  /** Its close; a line break where empty (a line comment). */
  close: Uint8Array;
  /** A backslash escapes the byte after it, a close among them. */
  escape: boolean;
  /** It goes on over lines; else its line's end ends it, closed or not. */
  multiline: boolean;
}

/**
 * The first close from `from` on that no span of `hides` holds (Tea's `%>` in a string or a
 * comment of its code), or -1; a span that never closes hides the rest. `next` finds the close
 * (needle 0) and the spans' openers forward only, so a file's blocks are read once in all.
 */
function closeOutside(
  buf: Buffer,
  from: number,
  { hides, next }: { hides: readonly Hide[]; next: ReturnType<typeof firstOf> },
): number {
  let at = from;
  for (;;) {
    const [found, which] = next(at);
    if (found === -1 || which === 0) return found;
    const hide = hides[which - 1] as Hide;
    const end = hide.close.length === 0 ? LF : hide.close;
    let stop = buf.indexOf(end, found + hide.open.length);
    while (hide.escape && stop !== -1 && escapedAt(buf, stop)) stop = buf.indexOf(end, stop + 1);
    if (stop === -1) return -1;
    at = stop + (hide.close.length === 0 ? 1 : hide.close.length);
  }
}

/** Whether the byte at `i` follows an odd run of backslashes. */
function escapedAt(buf: Buffer, i: number): boolean {
  let k = i;
  while (k > 0 && buf[k - 1] === BACKSLASH) k--;
  return (i - k) % 2 === 1;
}

const stickies = new WeakMap<RegExp, RegExp>();

/** `when` (anchored, `^...`) as a sticky regex, to be read at a place in a longer text. */
function stickyAt(when: RegExp): RegExp {
  let sticky = stickies.get(when);
  if (!sticky) {
    if (!when.source.startsWith("^") || when.multiline) throw new Error(`not anchored: ${when}`);
    sticky = new RegExp(when.source.slice(1), `${when.flags}y`);
    stickies.set(when, sticky);
  }
  return sticky;
}

/**
 * The file with its here-documents' bodies taken out, and those bodies, each tagged by the
 * opener that matched it (`heredoc0`, `heredoc1`, ...): a line that one of `openers` matches
 * (each is tried on a line holding `<<`, the line's text from its start) opens one, and the
 * first later line that is its marker alone closes it: the regex's group `marker`, or `.` where
 * it names none, and, where the group `trim` matched, also the marker indented as the opening
 * line is (Vim's `:python3 << [trim] [{endmarker}]` and `:let-heredoc`). Once a body
 * is never closed, none is looked for after it (Vim reads such a command's lines to the file's
 * end): each byte is read at most twice.
 */
export function heredocBlocks(
  file: Uint8Array,
  openers: readonly RegExp[],
): EmbeddedBlocks | undefined {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length);
  const blocks: Span[] = [];
  for (let i = buf.indexOf(LTLT); i !== -1; ) {
    const start = buf.lastIndexOf(LF, i) + 1;
    const end = buf.indexOf(LF, i);
    if (end === -1) break;
    const line = buf.toString("latin1", start, buf[end - 1] === CR ? end - 1 : end);
    let tag = -1;
    let opened: RegExpExecArray | null = null;
    for (let k = 0; k < openers.length && !opened; k++) {
      opened = (openers[k] as RegExp).exec(line);
      tag = k;
    }
    if (!opened) {
      i = buf.indexOf(LTLT, end);
      continue;
    }
    // latin1 both ways: the marker's bytes are the file's own, whatever their encoding.
    const marker = Buffer.from(opened.groups?.marker ?? ".", "latin1");
    const indent = opened.groups?.trim ? (/^[ \t]*/.exec(line)?.[0].length ?? 0) : 0;
    const close = markerLine(buf, end + 1, marker, buf.subarray(start, start + indent));
    if (close === -1) break;
    if (close > end + 1) blocks.push({ tag: `heredoc${tag}`, start: end + 1, end: close });
    const after = buf.indexOf(LF, close);
    if (after === -1) break;
    i = buf.indexOf(LTLT, after);
  }
  return cut(buf, blocks);
}

/**
 * The file with its indented blocks taken out, and those blocks, each tagged by the opener that
 * matched the line above it (`indented0`, `indented1`, ...): a block is the lines after that
 * line indented deeper than it is (spaces and tabs alike), blank lines among them. Each opener
 * is read sticky at a line's first non-blank byte of the file's text, so with `$` as a line's
 * end (multiline); under a line that begins with one of `skips`, the deeper lines are passed
 * over. One pass over the lines: linear where the openers are.
 */
export function indentedBlocks(
  file: Uint8Array,
  openers: readonly RegExp[],
  skips: readonly string[],
): EmbeddedBlocks | undefined {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length);
  const text = buf.toString("latin1");
  const blocks: Span[] = [];
  // The indentation of the line that opened the block being read (-1: none), its tag (empty
  // for a skipped comment's) and the end of the block's last line that is not blank.
  let depth = -1;
  let tag = "";
  let start = 0;
  let last = 0;
  for (let i = 0; i < buf.length; ) {
    let first = i;
    while (buf[first] === 32 || buf[first] === 9) first++;
    let end = buf.indexOf(LF, first);
    if (end === -1) end = buf.length;
    const blank = first === end || (buf[first] === CR && first + 1 === end);
    const indent = first - i;
    if (!blank && depth !== -1 && indent <= depth) {
      if (tag && last > start) blocks.push({ tag, start, end: last });
      depth = -1;
    }
    if (!blank && depth === -1) {
      const k = skips.some((skip) => text.startsWith(skip, first))
        ? -2
        : openerAt(text, first, openers);
      if (k !== -1) {
        depth = indent;
        tag = k === -2 ? "" : `indented${k}`;
        start = Math.min(end + 1, buf.length);
        last = start;
      }
    } else if (!blank) last = Math.min(end + 1, buf.length);
    i = end + 1;
  }
  if (depth !== -1 && tag && last > start) blocks.push({ tag, start, end: last });
  return cut(buf, blocks);
}

/** The index of the first of `openers` that matches `text` at `i`, or -1. */
function openerAt(text: string, i: number, openers: readonly RegExp[]): number {
  for (let k = 0; k < openers.length; k++) {
    const opener = lineSticky(openers[k] as RegExp);
    opener.lastIndex = i;
    if (opener.test(text)) return k;
  }
  return -1;
}

const lineStickies = new WeakMap<RegExp, RegExp>();

/** `opener` (anchored, `^`) as a sticky regex whose `$` is a line's end. */
function lineSticky(opener: RegExp): RegExp {
  let sticky = lineStickies.get(opener);
  if (!sticky) {
    if (!opener.source.startsWith("^")) throw new Error(`not anchored: ${opener}`);
    sticky = new RegExp(opener.source.slice(1), `${opener.flags.replace("m", "")}my`);
    lineStickies.set(opener, sticky);
  }
  return sticky;
}

/** The first `marker` after `from` that starts a line, or -1 for none. */
function lineStarting(buf: Buffer, marker: Uint8Array, from: number): number {
  for (let k = buf.indexOf(marker, from); k !== -1; k = buf.indexOf(marker, k + 1)) {
    if (buf[k - 1] === LF) return k;
  }
  return -1;
}

/** The end of the line `at` stands on: its newline, or the file's end. */
function endOfLine(buf: Buffer, at: number): number {
  const lf = buf.indexOf(LF, at);
  return lf === -1 ? buf.length : lf;
}

/**
 * The start of the first line from `from` on (a line's start) that is `marker` alone, or
 * `indent` and `marker` alone (a carriage return before its newline aside); -1 for none.
 */
function markerLine(buf: Buffer, from: number, marker: Buffer, indent: Buffer): number {
  for (let k = buf.indexOf(marker, from); k !== -1; k = buf.indexOf(marker, k + 1)) {
    let after = k + marker.length;
    if (buf[after] === CR) after++;
    if (after < buf.length && buf[after] !== LF) continue;
    if (k === from || buf[k - 1] === LF) return k;
    const lineStart = k - indent.length;
    if (
      indent.length > 0 &&
      lineStart >= from &&
      (lineStart === from || buf[lineStart - 1] === LF) &&
      buf.subarray(lineStart, k).equals(indent)
    )
      return lineStart;
  }
  return -1;
}

/** A block's inner lines, `start` to `end`, and where its start tag's line goes on after it. */
interface Span {
  tag: string;
  start: number;
  end: number;
  lead?: number;
}

/**
 * The page without the blocks' inner lines (their newlines kept), and the blocks; `tails`, spans
 * of the page's lines that are a block's text, blanked in it.
 */
function cut(
  buf: Buffer,
  blocks: readonly Span[],
  tails: readonly (readonly [number, number])[] = [],
): EmbeddedBlocks | undefined {
  if (blocks.length === 0 && tails.length === 0) return undefined;
  const text = tails.length === 0 ? buf : Buffer.from(buf);
  for (const [start, end] of tails) text.fill(32, start, end);
  // The page with each inner line's text cut out, its newline kept; a last line without a
  // newline stays a line, as one blank.
  const outer = new Uint8Array(buf.length);
  let length = 0;
  let from = 0;
  let emptied = 0;
  for (const { start, end } of blocks) {
    outer.set(text.subarray(from, start), length);
    length += start - from;
    let lines = 0;
    for (let k = buf.indexOf(LF, start); k !== -1 && k < end; k = buf.indexOf(LF, k + 1)) lines++;
    const unended = end === buf.length && buf[end - 1] !== LF ? 1 : 0;
    outer.fill(LF, length, length + lines);
    if (unended) outer[length + lines] = 32;
    length += lines + unended;
    emptied += lines + unended;
    from = end;
  }
  outer.set(text.subarray(from), length);
  length += buf.length - from;
  return {
    outer: outer.subarray(0, length),
    blocks: blocks.map(({ tag, start, end, lead }) => ({
      tag,
      text: buf.subarray(start, end),
      ...(lead !== undefined && !blankBetween(buf, lead, start - 1)
        ? { lead: buf.subarray(lead, start) }
        : {}),
    })),
    emptied,
  };
}

/**
 * The name of `names` whose tag (any case) starts at `i`, after its `<`, if one does: the name
 * ends at `>`, `/` or a blank, or at a template's `{` (`<script{% if nonce %} nonce="..."{%
 * endif %}>`, Symfony's web profiler), which no HTML page writes there.
 */
function tagAt(buf: Uint8Array, i: number, names: readonly string[]): string | undefined {
  for (const name of names) {
    let k = 0;
    while (k < name.length && ((buf[i + k] as number) | 0x20) === name.charCodeAt(k)) k++;
    if (k < name.length) continue;
    const after = buf[i + k];
    if (
      after === GT ||
      after === SLASH ||
      after === LBRACE ||
      after === 32 ||
      (after !== undefined && after >= 9 && after <= 13)
    )
      return name;
  }
  return undefined;
}

/** Just past the `>` that ends the start tag whose attributes begin at `from`, or -1. */
function startTagEnd(buf: Uint8Array, from: number): number {
  let quote = 0;
  for (let k = from; k < buf.length; k++) {
    const c = buf[k];
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === GT) return k + 1;
  }
  return -1;
}

/** Where the end tag `</name` (any case) after `from` starts, or -1. */
function endTag(buf: Buffer, from: number, name: string): number {
  const names = [name];
  for (let k = buf.indexOf(LT, from); k !== -1; k = buf.indexOf(LT, k + 1))
    if (buf[k + 1] === SLASH && tagAt(buf, k + 2, names) === name) return k;
  return -1;
}

/**
 * The key an element's block is counted by, from its start tag: the first of its name's keys
 * with an attribute the tag has, else its name, for a script only if its type is JavaScript.
 */
function blockKey(startTag: string, name: string, tags: EmbeddingTags): string | undefined {
  for (const { key, test } of tags.qualified.get(name) ?? []) if (test.test(startTag)) return key;
  if (!tags.bare.has(name)) return undefined;
  return name !== "script" || scriptIsJavaScript(startTag) ? name : undefined;
}

function scriptIsJavaScript(startTag: string): boolean {
  const type = TYPE_ATTRIBUTE.exec(startTag);
  return type === null || JAVASCRIPT_TYPE.test((type[1] ?? type[2] ?? type[3] ?? "").trim());
}

function blankBetween(buf: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (buf[k] !== 32 && buf[k] !== 9 && buf[k] !== 13) return false;
  return true;
}

function startsWith(buf: Uint8Array, i: number, prefix: Uint8Array): boolean {
  for (let k = 0; k < prefix.length; k++) if (buf[i + k] !== prefix[k]) return false;
  return true;
}
