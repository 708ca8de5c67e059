/**
 * A PHP file is a page: its text outside `<?php ... ?>` (and `<?= ... ?>`) is HTML that PHP
 * prints as it is (php.net, "Escaping from HTML"). PHP's `#` and `//` mean nothing there: a
 * CSS rule `#menu {` in a template's `<style>` or an apostrophe in its prose are no comment and
 * no string. {@link phpView} rewrites such a file for the PHP counter: the PHP stays as it is,
 * the HTML becomes text the counter reads as code, but for its `<!-- -->` comments, which
 * become `/* *\/` comments, and the `/* *\/` and `//` comments of its `<script>` elements and
 * the `/* *\/` of its `<style>` elements, which are kept. Lines stay lines: only the bytes
 * within them change.
 */
import { heredocAt, skipHeredoc } from "./heredoc.ts";

const LF = 10;
const HASH = 35;
const SLASH = 47;
const STAR = 42;
const LT = 60;
const GT = 62;
const QUESTION = 63;
const BANG = 33;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKTICK = 96;
const BACKSLASH = 92;
const EQUALS = 61;
const LBRACKET = 91;
const X = 120;

// The bytes where PHP's text may change state; the runs between them are skipped at one
// lookup a byte.
const PHP_STOPS = new Uint8Array(256);
for (const c of [QUESTION, SQUOTE, DQUOTE, BACKTICK, SLASH, HASH, LT]) PHP_STOPS[c] = 1;

// ...and in HTML's.
const HTML_STOPS = new Uint8Array(256);
for (const c of [LT, SQUOTE, DQUOTE, BACKTICK, SLASH]) HTML_STOPS[c] = 1;

const isBlank = (c: number | undefined) => c === 32 || c === 9 || c === 13 || c === LF;

/**
 * The file as the PHP counter should read it, or undefined when it is PHP throughout (opens
 * with `<?php` and never closes it, as nearly every class file does), which it reads as it is.
 * Linear: each byte is looked at a bounded number of times.
 *
 * @example
 * phpView(Buffer.from("<?php $a = 1; ?>\n<style>\n#menu { color: red }\n</style>\n"))
 * // "<?php $a = 1; ?>\nxxxxxxx\nxxxxx x xxxxxx xxx x\nxxxxxxxx\n"
 */
export function phpView(file: Uint8Array): Uint8Array | undefined {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.length);
  const n = buf.length;
  const first = openTagAt(buf, 0);
  if (first !== -1 && buf.indexOf("?>", first, "latin1") === -1) return undefined;
  const out = new Writer(n);
  const html = new HtmlText(out);
  let i = 0;
  while (i < n) {
    const open = nextOpenTag(buf, i);
    html.write(buf, i, open === -1 ? n : open);
    if (open === -1) break;
    i = phpEnd(buf, open, out);
  }
  return out.bytes();
}

/** Where PHP's open tag at or after `from` starts, -1 if none does. */
function nextOpenTag(buf: Buffer, from: number): number {
  for (let k = buf.indexOf("<?", from, "latin1"); k !== -1; k = buf.indexOf("<?", k + 2, "latin1"))
    if (openTagAt(buf, k) !== -1) return k;
  return -1;
}

/**
 * The length of PHP's open tag at `k`, or -1: `<?php` (any case) before a blank or the end,
 * `<?=`, or `<?` before a blank (the short tag). `<?xml` is text.
 */
function openTagAt(buf: Buffer, k: number): number {
  if (buf[k] !== LT || buf[k + 1] !== QUESTION) return -1;
  const c = buf[k + 2];
  if (c === EQUALS) return 3;
  if (isBlank(c)) return 2;
  if (
    ((buf[k + 2] as number) | 0x20) === 112 && // p
    ((buf[k + 3] as number) | 0x20) === 104 && // h
    ((buf[k + 4] as number) | 0x20) === 112 && // p
    (k + 5 === buf.length || isBlank(buf[k + 5]))
  )
    return 5;
  return -1;
}

/**
 * Copies the PHP from its open tag at `from` to just past the `?>` that closes it (or to the
 * end), and returns where the HTML after it starts. A `?>` in a string, a heredoc or a block
 * comment closes nothing; one in a `//` or `#` comment ends the comment and the PHP (PHP's
 * lexer), and the comment is written as a block comment, so that the HTML after it on its
 * line stays code.
 */
function phpEnd(buf: Buffer, from: number, out: Writer): number {
  const n = buf.length;
  let k = from + openTagAt(buf, from);
  while (k < n) {
    const c = buf[k] as number;
    if (c === QUESTION && buf[k + 1] === GT) {
      out.copy(buf, from, k + 2);
      return k + 2;
    }
    if (c === SQUOTE || c === DQUOTE || c === BACKTICK) k = stringEnd(buf, k + 1, c, n, false);
    else if (c === SLASH && buf[k + 1] === STAR) {
      const close = buf.indexOf("*/", k + 2, "latin1");
      k = close === -1 ? n : close + 2;
    } else if ((c === SLASH && buf[k + 1] === SLASH) || (c === HASH && buf[k + 1] !== LBRACKET)) {
      const tag = lineCommentEnd(buf, k);
      if (buf[tag] !== QUESTION) k = tag;
      else {
        // `// note ?>`: the note as /* note ?>*/, closed where PHP closes it.
        out.copy(buf, from, k);
        out.text("/*");
        out.masked(buf, k + (c === HASH ? 1 : 2), tag + 2);
        out.text("*/");
        return tag + 2;
      }
    } else if (c === LT && buf[k + 1] === LT && buf[k + 2] === LT) {
      const doc = heredocAt(buf, k, "php");
      if (doc === undefined) k += 3;
      else {
        const eol = lineEnd(buf, doc.end);
        k = eol === n ? n : skipHeredoc(buf, eol + 1, doc).next;
      }
    } else {
      k++;
      while (k < n && PHP_STOPS[buf[k] as number] === 0) k++;
    }
  }
  out.copy(buf, from, n);
  return n;
}

/**
 * Just past the quote that closes the string whose text starts at `k`, or `to`; with
 * `oneLine`, or the line's end.
 */
function stringEnd(buf: Buffer, k: number, quote: number, to: number, oneLine: boolean): number {
  while (k < to) {
    const c = buf[k];
    if (c === BACKSLASH) k += 2;
    else if (c === quote) return k + 1;
    else if (c === LF && oneLine) return k;
    else k++;
  }
  return to;
}

/** Where the `//` or `#` comment at `k` ends: at its line's end, or at a `?>` before it. */
function lineCommentEnd(buf: Buffer, k: number): number {
  for (let j = k; j < buf.length; j++) {
    const c = buf[j];
    if (c === LF || (c === QUESTION && buf[j + 1] === GT)) return j;
  }
  return buf.length;
}

/** Where the line that holds `k` ends: its line feed, or the end. */
function lineEnd(buf: Buffer, k: number): number {
  const eol = buf.indexOf(LF, k);
  return eol === -1 ? buf.length : eol;
}

/**
 * The HTML between PHP's tags, rewritten as it is written, its state kept from one stretch to
 * the next: a comment, a script or a style element may hold PHP.
 */
class HtmlText {
  /** Inside `<!-- -->`, a `<script>` or a `<style>`; with `inBlock`, inside its `/* *\/`. */
  private element: "comment" | "script" | "style" | undefined = undefined;
  private inBlock = false;
  private readonly out: Writer;

  constructor(out: Writer) {
    this.out = out;
  }

  write(buf: Buffer, from: number, to: number): void {
    const { out } = this;
    // A comment that PHP interrupted opens again after it.
    if (this.element === "comment" || this.inBlock) out.text("/*");
    let k = from;
    while (k < to) {
      const c = buf[k] as number;
      if (this.element === "comment" || this.inBlock) {
        const closer = this.inBlock ? "*/" : "-->";
        const close = indexIn(buf, closer, k, to);
        out.masked(buf, k, close === -1 ? to : close);
        if (close === -1) break;
        out.text("*/");
        if (this.inBlock) this.inBlock = false;
        else this.element = undefined;
        k = close + closer.length;
      } else if (this.element === undefined && k + 4 <= to && commentOpensAt(buf, k)) {
        out.text("/*");
        this.element = "comment";
        k += 4;
      } else if (c === LT) {
        // An element's start tag or its end tag; a `<!--` in a script or style is its text.
        if (this.element === undefined) this.element = startTagAt(buf, k + 1, to);
        else if (buf[k + 1] === SLASH && tagNamed(buf, k + 2, to, this.element))
          this.element = undefined;
        out.byte(X);
        k++;
      } else if (this.element !== undefined && c === SLASH && buf[k + 1] === STAR) {
        out.text("/*");
        this.inBlock = true;
        k += 2;
      } else if (this.element !== undefined && (c === SQUOTE || c === DQUOTE || c === BACKTICK)) {
        // A string of the script or style, to its quote on its line: a /* in it opens nothing.
        const end = stringEnd(buf, k + 1, c, to, true);
        out.code(buf, k, end);
        k = end;
      } else if (this.element === "script" && c === SLASH && buf[k + 1] === SLASH) {
        // A JavaScript line comment, kept to its line's end or PHP's tag.
        const lf = indexIn(buf, "\n", k, to);
        const eol = lf === -1 ? to : lf;
        out.text("//");
        out.masked(buf, k + 2, eol);
        k = eol;
      } else {
        let end = k + 1;
        while (end < to && HTML_STOPS[buf[end] as number] === 0) end++;
        out.code(buf, k, end);
        k = end;
      }
    }
    // Closed before the PHP that interrupts it, opened again after (above).
    if (to < buf.length && (this.element === "comment" || this.inBlock)) out.text("*/");
  }
}

/** Whether an HTML comment's `<!--` is at `k`. */
function commentOpensAt(buf: Buffer, k: number): boolean {
  return buf[k] === LT && buf[k + 1] === BANG && buf[k + 2] === DASH && buf[k + 3] === DASH;
}

/** The element, script or style, whose start tag's name is at `k`, if one is. */
function startTagAt(buf: Buffer, k: number, to: number): "script" | "style" | undefined {
  if (tagNamed(buf, k, to, "script")) return "script";
  return tagNamed(buf, k, to, "style") ? "style" : undefined;
}

/**
 * Whether the tag name at `k` is `name` (any case), followed by a blank, `>`, `/` or PHP's open
 * tag (`<script<?php echo $attributes ?>>`), where the HTML stretch ends at `to`.
 */
function tagNamed(buf: Buffer, k: number, to: number, name: string): boolean {
  const end = k + name.length;
  if (end > to) return false;
  for (let j = 0; j < name.length; j++)
    if (((buf[k + j] as number) | 0x20) !== name.charCodeAt(j)) return false;
  if (end === to) return to < buf.length;
  const after = buf[end];
  return after === GT || after === SLASH || isBlank(after);
}

/** `needle`'s first place in buf[from, to), or -1; nothing past `to` is searched. */
function indexIn(buf: Buffer, needle: string, from: number, to: number): number {
  const at = buf.subarray(from, to).indexOf(needle, 0, "latin1");
  return at === -1 ? -1 : from + at;
}

/** The rewritten file, grown as it is written (a comment PHP interrupts gains four bytes). */
class Writer {
  private buf: Uint8Array;
  private length = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size + 64);
  }

  private reserve(more: number): void {
    if (this.length + more <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + more));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.length++] = c;
  }

  text(s: string): void {
    this.reserve(s.length);
    for (let j = 0; j < s.length; j++) this.buf[this.length++] = s.charCodeAt(j);
  }

  copy(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.buf.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** HTML as code: every byte but blanks and line feeds an `x`. */
  code(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    for (let j = start; j < end; j++) {
      const c = from[j] as number;
      this.buf[this.length++] = isBlank(c) ? c : X;
    }
  }

  /** A comment's text, unable to end its block comment early: `*\/` becomes `**`. */
  masked(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    for (let j = start; j < end; j++) {
      const c = from[j] as number;
      this.buf[this.length++] = c === SLASH && from[j - 1] === STAR ? STAR : c;
    }
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
