import { isSpace, type LineCounts, withoutBom } from "./count.ts";

const LF = 0x0a;
const AT = 0x40;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const QUOTE = 0x22;
const PERCENT = 0x25;

// A type's name is a BibTeX identifier (bibtex.web, legal_id_char): no blank or control byte
// and none of "#%'(),={}, a digit not first (`@FAKE-ENTRY{`, `@my_type.x:y{` open entries);
// nor an `@`, which would have each `@` of `@a@a@a...` read the rest of the line again.
const NOT_IN_NAME = new Uint8Array(256);
for (let c = 0; c <= 32; c++) NOT_IN_NAME[c] = 1;
for (const c of Buffer.from("\"#%'(),={}@\x7f")) NOT_IN_NAME[c] = 1;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isBlank = (c: number | undefined) => c === LF || (c !== undefined && isSpace(c));
const COMMENT = [0x63, 0x6f, 0x6d, 0x6d, 0x65, 0x6e, 0x74]; // "comment"

interface Entry {
  /** The byte after its `{` or `(`. */
  body: number;
  /** Its closing bracket. */
  close: number;
  /** A `@comment`. */
  comment: boolean;
}

/**
 * The entry the `@` at `at` opens; undefined where BibTeX would open none: no type name, or no
 * bracket after it. Blanks and line breaks may stand between the three (`@incollection` on one
 * line and its `(` on the next, as bibtopic's example database writes it).
 */
function entryAt(buf: Uint8Array, at: number): Entry | undefined {
  let i = at + 1;
  while (isBlank(buf[i])) i++;
  const name = i;
  if (isDigit(buf[i])) return undefined;
  while (i < buf.length && NOT_IN_NAME[buf[i] as number] === 0) i++;
  if (i === name) return undefined;
  const comment =
    i - name === COMMENT.length &&
    COMMENT.every((c, k) => ((buf[name + k] as number) | 0x20) === c);
  while (isBlank(buf[i])) i++;
  const bracket = buf[i];
  if (bracket !== OPEN_BRACE && bracket !== OPEN_PAREN) return undefined;
  return { body: i + 1, close: bracket === OPEN_BRACE ? CLOSE_BRACE : CLOSE_PAREN, comment };
}

/**
 * Counts a BibTeX database as BibTeX reads it: an entry (`@book{...}`, `@string(...)`) is code
 * from its `@` to its matching close, and everything outside entries is a comment, prose
 * included ("BibTeX ignores everything not within an entry": Patashnik's "BibTeXing", section
 * 4); a `%` between entries is a comment to its line's end, as biber reads it, and so is one in
 * an entry outside its values' braces and quotes (`% note = {x},`, a field taken out: biber's
 * btparse reads it so, where BibTeX, to which `%` is no comment character in a database, stops
 * at it), and a `@comment{...}` to its close (JabRef's settings). Braces nest in an entry; one
 * opened with `(` ends at a `)` outside its braces and quotes. One that never closes runs to
 * the end of the file, as BibTeX reads it. A line is code if any of its text is an entry's, a
 * comment if it has other text.
 *
 * @example
 * countBibtexLines(Buffer.from("Checked against the printed copy.\n@book{k, title = {T}}\n"));
 * // {code: 1, comments: 1, blanks: 0}
 */
export function countBibtexLines(file: Uint8Array): LineCounts {
  const buf = withoutBom(file);
  const counts = { code: 0, comments: 0, blanks: 0 };
  // Inside an entry: its close, the depth of braces in it, whether a quote is open (in one
  // opened with a parenthesis, where a `)` in quotes is text), and whether it is a comment.
  let close = 0;
  let depth = 0;
  let quoted = false;
  let comment = false;
  // An entry's `@`, type and bracket, from the `@` to the bracket, once found.
  let opening: Entry | undefined;
  let code = false;
  let text = false;
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i] as number;
    if (c === LF) {
      counts[code ? "code" : text ? "comments" : "blanks"]++;
      code = false;
      text = false;
      continue;
    }
    if (opening) {
      if (!isSpace(c)) {
        if (opening.comment) text = true;
        else code = true;
      }
      if (i === opening.body - 1) {
        ({ close, comment } = opening);
        depth = 0;
        quoted = false;
        opening = undefined;
      }
      continue;
    }
    // A % between entries is a comment to its line's end, an entry written in it too (biber's
    // reading; BibTeX would read the entry): `% @misc{old, ...}` is one taken out.
    if (c === PERCENT && (close === 0 || (depth === 0 && !quoted && !comment))) {
      text = true;
      const eol = buf.indexOf(LF, i);
      i = (eol === -1 ? n : eol) - 1;
      continue;
    }
    if (close === 0) {
      opening = c === AT ? entryAt(buf, i) : undefined;
      if (opening && !opening.comment) code = true;
      else if (!isSpace(c)) text = true;
      continue;
    }
    if (!isSpace(c)) {
      if (comment) text = true;
      else code = true;
    }
    if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE) {
      if (depth > 0) depth--;
      else if (close === CLOSE_BRACE) close = 0;
    } else if (depth === 0) {
      if (c === QUOTE) quoted = !quoted;
      else if (c === CLOSE_PAREN && close === CLOSE_PAREN && !quoted) close = 0;
    }
  }
  if (n > 0 && buf[n - 1] !== LF) counts[code ? "code" : text ? "comments" : "blanks"]++;
  return counts;
}
