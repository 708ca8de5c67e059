import { isSpace, type LineCounts, withoutBom } from "./count.ts";

/**
 * reStructuredText's comments (the reStructuredText Markup Specification, "Explicit Markup
 * Blocks" and "Comments"): a line whose first text is `..` followed by a blank or its end (the
 * explicit markup start) begins an explicit markup block, which goes on over the following lines
 * indented deeper than the `..`. The block is a comment unless its first line is another
 * construct: a directive (`.. note::`), a footnote or citation (`.. [1]`), a hyperlink target
 * (`.. _name:`, `.. __:`) or a substitution definition (`.. |name| image:: a.png`), whose
 * blocks are markup, counted as code as the rest of the text is. A `..` alone begins a
 * comment of the indented lines right under it, and an empty one when a blank line follows it
 * ("it does not consume any indented text following"). Indentation is read with tabs stopping
 * every eight columns, as docutils reads it.
 *
 * Not modelled: a literal block (after a paragraph's `::`) that quotes a `.. ` line, which is
 * read as a comment here.
 */

const LF = 10;
const TAB = 9;
const SPACE = 32;
const DOT = 46;

// What may follow `.. ` for another construct than a comment (docutils' parsers/rst/states.py
// patterns, loosened to their first tokens).
const FOOTNOTE = /^\[[^\]]+\](?:\s|$)/;
const TARGET = /^_(?:_|[^:]*:)/;
const SUBSTITUTION = /^\|[^|]+\|(?:\s|$)/;
const DIRECTIVE = /^[A-Za-z0-9]+(?:[-_+:.][A-Za-z0-9]+)* ?::(?:\s|$)/;
// Enough of the text after `.. ` for the patterns above: a longer name is no construct's.
const HEAD_BYTES = 256;

/** The column of a line's first text, tabs to the next multiple of 8; -1 for a blank line. */
function indentOf(buf: Uint8Array, start: number, end: number): number {
  let column = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c === SPACE) column++;
    else if (c === TAB) column = (column & ~7) + 8;
    else if (!isSpace(c)) return column;
  }
  return -1;
}

type Start = "comment" | "empty-comment" | "markup" | null;

/** What the line that starts at `first` (its first text) begins. */
function explicitStart(buf: Uint8Array, first: number, end: number): Start {
  if (buf[first] !== DOT || buf[first + 1] !== DOT) return null;
  const after = first + 2;
  if (after < end && !isSpace(buf[after] as number)) return null;
  let text = after;
  while (text < end && isSpace(buf[text] as number)) text++;
  if (text === end) return "empty-comment";
  const head = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString(
    "latin1",
    text,
    Math.min(end, text + HEAD_BYTES),
  );
  return FOOTNOTE.test(head) || TARGET.test(head) || SUBSTITUTION.test(head) || DIRECTIVE.test(head)
    ? "markup"
    : "comment";
}

/**
 * Counts a reStructuredText file: comment blocks as comments, blank lines as blanks, every other
 * line (prose, markup, directives and their content) as code.
 *
 * @example
 * countRstLines(Buffer.from(".. a note\n   to self\n\n.. note:: Read me.\n"));
 * // {code: 1, comments: 2, blanks: 1}
 */
export function countRstLines(file: Uint8Array): LineCounts {
  const buf = withoutBom(file);
  const counts = { code: 0, comments: 0, blanks: 0 };
  // The indentation of the open comment's `..`, or -1 with none open.
  let comment = -1;
  // An open `..` alone, which takes indented lines only if one follows it at once.
  let bare = false;
  for (let start = 0; start < buf.length; ) {
    const lf = buf.indexOf(LF, start);
    const end = lf === -1 ? buf.length : lf;
    const indent = indentOf(buf, start, end);
    if (indent === -1) {
      counts.blanks++;
      if (bare) comment = -1;
      bare = false;
    } else if (comment !== -1 && indent > comment) {
      counts.comments++;
      bare = false;
    } else {
      let first = start;
      while (isSpace(buf[first] as number)) first++;
      const begins = explicitStart(buf, first, end);
      comment = begins === "comment" || begins === "empty-comment" ? indent : -1;
      bare = begins === "empty-comment";
      if (comment === -1) counts.code++;
      else counts.comments++;
    }
    start = end + 1;
  }
  return counts;
}
