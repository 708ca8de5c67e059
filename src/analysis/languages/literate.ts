/**
 * Literate source: prose with the program in it. Which lines are program depends on the style:
 * - `bird` (Literate Haskell; the Haskell 2010 Report, 10.4): a line that starts with `>` (the
 *   `>` a blank to the compiler, but for a `>` with nothing after it, a program line the Report
 *   tells from a blank one, which stays as it is: code, or a comment's inside one), the lines
 *   between a `\begin{code}` and an `\end{code}` line, and a C preprocessor's line, a `#` in
 *   column 0 but for a `#!` (GHC's unlit passes them on to cpp as they are);
 * - `tex` (Literate Agda; Agda's manual, "Literate Programming", "Literate TeX"): only the lines
 *   between a `\begin{code}` anywhere on a line that no `%` comes before (the text after it is
 *   ignored) and a line of `\end{code}` after nothing but blanks;
 * - `indented` (Literate CoffeeScript, which is Markdown; CoffeeScript 2's `invertLiterate`): a
 *   line indented by any blank, unless a paragraph of prose or a list item runs on to it (it
 *   continues them, as Markdown's lazy lines do) up to the next blank line;
 * - `cweb` (CWEB; Knuth and Levy, "The CWEB System of Structured Documentation", "General
 *   rules"): a section opens with `@ ` or `@*` first on a line, and its TeX part, prose, ends at a
 *   line that starts its definitions (`@d`, `@f`, `@s`, CWEBx's `@h`) or its C part (`@c`, `@p`,
 *   `@<name@>=`, `@(file@>=`), first on it or after its prose (`... the main part. @c`: ctangle
 *   4.7 and ctanglex 3.52 write the lines after it), which is program up to the next section,
 *   but for a line of index entries alone (`@^...@>`), which CTANGLE drops; the text before the
 *   first section is TeX too.
 * Every other non-blank line, `\begin{code}` and `\end{code}` included, is prose, which the
 * counter calls comment.
 */
export type LiterateStyle = "bird" | "tex" | "indented" | "cweb";

const LF = 10;
const GT = 62;
const AT = 64;
const HASH = 35;
const BANG = 33;
const bytes = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const BEGIN_CODE = bytes("\\begin{code}");
const END_CODE = bytes("\\end{code}");

/**
 * The program of a literate file, line for line: its program lines as the compiler reads them,
 * every other line empty; and how many non-blank prose lines were emptied.
 */
export function programOf(
  buf: Uint8Array,
  style: LiterateStyle,
): { program: Uint8Array; prose: number } {
  const program = new Uint8Array(buf.length);
  let length = 0;
  let prose = 0;
  let inCode = false;
  let inProse = false;
  // CWEB: whether a section has opened, before which a control code starts no program.
  let inSection = false;
  for (let start = 0; start < buf.length; ) {
    const lf = buf.indexOf(LF, start);
    const end = lf === -1 ? buf.length : lf;
    let keep: boolean;
    let bird = false;
    if (style === "indented") {
      const empty = blank(buf, start, end);
      keep = !empty && !inProse && isBlank(buf[start]) && !startsListItem(buf, start, end);
      inProse = !empty && !keep;
    } else if (style === "cweb") {
      if (buf[start] === AT) {
        inCode = cwebPart(buf, start, end) ?? inCode;
        inSection ||= opensSection(buf, start, end);
      } else if (!inCode && inSection) inCode = startsProgram(buf, start, end);
      keep = inCode && !onlyIndexEntries(buf, start, end);
    } else if (style === "tex") {
      keep = inCode && !startsWith(buf, afterBlanks(buf, start, end), END_CODE);
      inCode = inCode ? keep : opensTexCode(buf, start, end);
    } else if (inCode) {
      inCode = !startsWith(buf, start, END_CODE);
      keep = inCode;
    } else if (startsWith(buf, start, BEGIN_CODE)) {
      inCode = true;
      keep = false;
    } else if (buf[start] === HASH) keep = buf[start + 1] !== BANG;
    else keep = bird = buf[start] === GT;
    if (keep) {
      program.set(buf.subarray(start, end), length);
      if (bird && !blank(buf, start + 1, end)) program[length] = 32;
      length += end - start;
    } else {
      if (!blank(buf, start, end)) prose++;
      // A last line without a newline stays a line, blank, for the counter to see.
      if (lf === -1) program[length++] = 32;
    }
    if (lf === -1) break;
    program[length++] = LF;
    start = lf + 1;
  }
  return { program: program.subarray(0, length), prose };
}

const BACKSLASH = 92;
const PERCENT = 37;

/**
 * Whether the line holds a `\begin{code}` that Agda reads: the first one not after a `%` (a
 * TeX comment; `\%` is an escaped percent sign and comments nothing).
 */
function opensTexCode(buf: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = buf[k] as number;
    if (c === PERCENT) return false;
    if (c !== BACKSLASH) continue;
    if (startsWith(buf, k, BEGIN_CODE)) return true;
    k++;
  }
  return false;
}

function afterBlanks(buf: Uint8Array, start: number, end: number): number {
  let k = start;
  while (k < end && (buf[k] === 32 || buf[k] === 9)) k++;
  return k;
}

// @h is CWEBx's: its #include lines start a section's program (ctanglex writes them so).
const PROGRAM_CODES = new Set([..."dfscphDFSCPH"].map((c) => c.charCodeAt(0)));
// @<name@>= defines a module, and @(file@>= one that is written to a file of its own.
const isModuleOpen = (c: number) => c === 60 || c === 40;

/**
 * Whether the CWEB control code first on a line starts program (true), a section's TeX part
 * (false), or neither (undefined: `@q`, `@^`, a module used in C...). A section's TeX part may
 * be empty, and its program start on the section's own line (the CWEB manual's "General
 * rules": control codes need not begin a line): `@ @<Process the command line@>=` or
 * `@ @d pp(x) ...` is program from that line.
 */
function cwebPart(buf: Uint8Array, start: number, end: number): boolean | undefined {
  if (opensSection(buf, start, end)) return startsProgram(buf, start + 1, end);
  const code = start + 1 < end ? (buf[start + 1] as number) : 10;
  if (PROGRAM_CODES.has(code)) return true;
  return isModuleOpen(code) && definesModule(buf, start, end) ? true : undefined;
}

/** Whether the line from `start`, whose first byte is `@`, opens a section: `@ `, `@*`. */
function opensSection(buf: Uint8Array, start: number, end: number): boolean {
  const code = start + 1 < end ? (buf[start + 1] as number) : 10;
  return code === 32 || code === 9 || code === 13 || code === 10 || code === 42;
}

/**
 * Whether the text from `from` to `end` holds a control code that starts program: a definition
 * or C part's code, or a module's definition; `@@` is an @, and a module's name is passed over
 * whole, so each byte is read once.
 */
function startsProgram(buf: Uint8Array, from: number, end: number): boolean {
  for (let k = from; k + 1 < end; k++) {
    if (buf[k] !== AT) continue;
    const next = buf[k + 1] as number;
    if (PROGRAM_CODES.has(next)) return true;
    if (isModuleOpen(next)) {
      const close = moduleClose(buf, k + 2, end);
      if (close === -1) return false;
      if (close + 2 < end && buf[close + 2] === 61) return true;
      k = close + 1;
    } else k++;
  }
  return false;
}

// CWEB's index entries: @^ (roman type), @. (typewriter) and @: (a TeX macro), each to its @>.
const INDEX_CODES = new Set([..."^.:"].map((c) => c.charCodeAt(0)));

/**
 * Whether the line holds index entries and nothing else (`@.cannot open file@>` alone in a C
 * part): CWEAVE puts them in the index and CTANGLE drops them (the CWEB manual, "Control
 * codes"; CWEBx's manual: they may stand "within C code"), so the line is no program.
 */
function onlyIndexEntries(buf: Uint8Array, start: number, end: number): boolean {
  let k = afterBlanks(buf, start, end);
  if (k === end || buf[k] !== AT) return false;
  while (k < end && buf[k] !== 13) {
    if (buf[k] !== AT || !INDEX_CODES.has(buf[k + 1] as number)) return false;
    const close = moduleClose(buf, k + 2, end);
    if (close === -1) return false;
    k = afterBlanks(buf, close + 2, end);
  }
  return true;
}

/** Where the first `@>` at or after `from` stands, or -1. */
function moduleClose(buf: Uint8Array, from: number, end: number): number {
  for (let k = from; k + 1 < end; k++) if (buf[k] === AT && buf[k + 1] === 62) return k;
  return -1;
}

/** Whether the line holds a module name followed by `=`: `@<name@>=`. */
function definesModule(buf: Uint8Array, start: number, end: number): boolean {
  const close = moduleClose(buf, start, end);
  return close !== -1 && close + 2 < end && buf[close + 2] === 61;
}

function startsWith(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at + needle.length > buf.length) return false;
  for (let k = 0; k < needle.length; k++) if (buf[at + k] !== needle[k]) return false;
  return true;
}

const isBlank = (c: number | undefined) => c === 32 || c === 9;
const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;

/** Markdown's list item marker, as CoffeeScript 2 reads it: `* `, `- `, `+ ` or `12. `. */
function startsListItem(buf: Uint8Array, start: number, end: number): boolean {
  let k = start;
  if (buf[k] === 9) k++;
  else while (k < start + 3 && buf[k] === 32) k++;
  const c = buf[k];
  if (c === 42 || c === 45 || c === 43) k++;
  else {
    const digits = k;
    while (k < end && k - digits < 10 && isDigit(buf[k])) k++;
    if (k === digits || k - digits > 9 || buf[k] !== 46) return false;
    k++;
  }
  return k < end && isBlank(buf[k]);
}

function blank(buf: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = buf[k] as number;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) return false;
  }
  return true;
}
