/**
 * Heredocs: `cat <<EOF` in shells, `<<~EOS` in Ruby, `<<"END"` in Perl, `<<<EOT` in PHP, Raku's
 * `q:to/END/`, Puppet's `@(END)`, D's `q"END`, Racket's `#<<END` and Jai's `#string END` here
 * strings, and Sieve's `text:` multi-line strings, which a line of one `.` ends. Their body is a string, so
 * a `#` at the start of one of its lines is text, not a comment, and an apostrophe in it opens
 * nothing. The counter asks {@link heredocAt} at each of {@link heredocOpeners} in code; the
 * body starts on the next line and ends at the line that holds only the delimiter.
 */

export type HeredocFlavour =
  | "shell"
  | "csh"
  | "perl"
  | "ruby"
  | "php"
  | "hcl"
  | "raku"
  | "sieve"
  | "puppet"
  | "racket"
  | "jai"
  | "nu"
  | "caddy"
  | "d"
  | "mint";

/** The bytes a flavour's heredoc may open at. */
export function heredocOpeners(flavour: HeredocFlavour): readonly number[] {
  if (flavour === "sieve") return [84, 116]; // T, t
  if (flavour === "puppet") return [AT];
  if (flavour === "racket" || flavour === "jai") return [HASH];
  if (flavour === "d") return [LOWER_Q];
  return flavour === "raku" ? [COLON] : [LT];
}

export interface Heredoc {
  /** The delimiter's bytes (`EOF`). */
  word: Uint8Array;
  /** The closing delimiter may be indented (`<<-`, `<<~`, PHP 7.3). */
  indented: boolean;
  /**
   * Code may follow the closing delimiter, anything but an identifier byte (PHP's `EOT;`, Jai's
   * `END);`); elsewhere the delimiter is alone on its line.
   */
  codeAfter: boolean;
  /** Puppet: a `|` (the text's margin) and a `-` (trim the last newline) may precede it. */
  marks?: boolean;
  /** Where the code scan resumes on the opening line. */
  end: number;
}

const LT = 60;
const AT = 64;
const COLON = 58;
const HASH = 35;
const SLASH = 47;
const LOWER_Q = 113;
const DOT = new Uint8Array([46]);
const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isUpper = (c: number) => (c >= 65 && c <= 90) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const MAX_WORD = 64;

/**
 * The heredoc that opens at `buf[i]` (a `<`), or undefined when `<<` there is a shift, an append
 * or a here-string.
 *
 * @example
 * heredocAt(Buffer.from("cat <<'EOF'"), 4, "shell") // {word: "EOF", indented: false, end: 11}
 */
export function heredocAt(
  buf: Uint8Array,
  i: number,
  flavour: HeredocFlavour,
): Heredoc | undefined {
  if (flavour === "sieve") return sieveTextAt(buf, i);
  if (flavour === "raku") return rakuHeredocAt(buf, i);
  if (flavour === "puppet") return puppetHeredocAt(buf, i);
  if (flavour === "racket") return racketHereStringAt(buf, i);
  if (flavour === "jai") return jaiHereStringAt(buf, i);
  if (flavour === "nu") return nuHereStringAt(buf, i);
  if (flavour === "caddy") return caddyHeredocAt(buf, i);
  if (flavour === "d") return dHeredocAt(buf, i);
  if (flavour === "mint") return mintHeredocAt(buf, i);
  if (buf[i] !== LT || buf[i + 1] !== LT) return undefined;
  // The last two of `<<<` (a shell's here-string, Ruby's and Perl's `<<` after a `<`): no
  // heredoc, whose body would run to the file's end with no delimiter line to close it.
  if (flavour !== "php" && buf[i - 1] === LT) return undefined;
  // csh's and tcsh's are the shell's, but for a quoted word, matched as it is written, quotes
  // and all (tcsh(1): input "up to a line which is identical to word"; tcsh 6.24 ends
  // `<< 'E'` only at a line `'E'`).
  const csh = flavour === "csh";
  const shell = flavour === "shell" || csh;
  if (shell && inArithmetic(buf, i)) return undefined;
  let k = i + 2;
  if (flavour === "php") {
    if (buf[k] !== LT) return undefined;
    k++;
    while (buf[k] === 32 || buf[k] === 9) k++;
  } else if (buf[k] === LT) return undefined; // a here-string, `<<<`
  // HCL's closing line may be indented after <<EOF too (terraform 1.11 reads it so).
  let indented = flavour === "php" || flavour === "hcl";
  if (flavour !== "php" && (buf[k] === 45 || buf[k] === 126)) {
    // `<<-` (shell, Ruby) and `<<~` (Perl, Ruby); a shell's `<<-` strips tabs only.
    if (shell || flavour === "hcl" ? buf[k] === 45 : flavour === "ruby" || buf[k] === 126) {
      indented = true;
      k++;
    }
  }
  // Only a shell allows blanks before the delimiter: `x << y` is a shift or an append elsewhere,
  // but in Perl before a quoted one (perlop: `print << "EOF";`).
  if (shell) while (buf[k] === 32 || buf[k] === 9) k++;
  else if (flavour === "perl") {
    let b = k;
    while (buf[b] === 32 || buf[b] === 9) b++;
    if (buf[b] === 39 || buf[b] === 34 || buf[b] === 96) k = b;
  }
  const q = buf[k] as number;
  let quote =
    q === 39 || q === 34 || ((flavour === "ruby" || flavour === "perl") && q === 96) ? q : -1;
  if (shell && buf[k] === 92) quote = -2; // `<<\EOF`
  const start = quote === -1 ? k : k + 1;
  let e = start;
  // A quoted delimiter may hold any byte but its quote and a line break (perlop, "<<EOF":
  // `<<'EOF!HEAD'`, as ExtUtils::Miniperl writes one); PHP's is a label, quoted or not.
  if (quote >= 0 && flavour !== "php") {
    while (e < buf.length && e - start <= MAX_WORD && buf[e] !== quote && buf[e] !== 10) e++;
    if (e === start || buf[e] !== quote) return undefined;
    const word = csh ? buf.subarray(k, e + 1) : buf.subarray(start, e);
    return { word, indented, codeAfter: false, end: e + 1 };
  }
  // A shell's unquoted delimiter is any word, `<<!` and `<<END-X` too (bash and dash read them
  // so); elsewhere an identifier.
  if (shell && quote === -1) {
    while (e < buf.length && e - start <= MAX_WORD && isShellWordByte(buf[e] as number)) e++;
    if (e === start) return undefined;
    return { word: buf.subarray(start, e), indented, codeAfter: false, end: e };
  }
  while (e < buf.length && e - start <= MAX_WORD && isIdent(buf[e] as number)) e++;
  if (e === start || !isIdentStart(buf[start] as number)) return undefined;
  // Ruby: `a <<b` appends; a bare delimiter right after `<<` must look like one (EOS, SQL).
  if (flavour === "ruby" && quote === -1 && !indented && !isUpper(buf[start] as number))
    return undefined;
  if (quote >= 0) {
    if (buf[e] !== quote) return undefined;
    return { word: buf.subarray(start, e), indented, codeAfter: flavour === "php", end: e + 1 };
  }
  // csh's `<<\E` ends at a line `\E`, its backslash the word's too.
  const from = csh && quote === -2 ? k : start;
  return { word: buf.subarray(from, e), indented, codeAfter: flavour === "php", end: e };
}

/** Whether a byte belongs to a shell word: no blank, line break, quote or metacharacter. */
function isShellWordByte(c: number): boolean {
  return c > 32 && !SHELL_BREAKS.has(c);
}
const SHELL_BREAKS = new Set([..."|&;()<>\"'`"].map((ch) => ch.charCodeAt(0)));

// How far back a shell's `<<` looks for the `((` of an arithmetic expression it shifts in.
const ARITHMETIC_REACH = 256;

/**
 * Whether the `<<` at `i` is a shift inside a shell's arithmetic, `$(( 1 << n ))` or
 * `(( x <<= 2 ))` (POSIX 2.6.4): a `((` opened before it on its line and not closed. The look
 * back is bounded, which keeps a line of 1 MB of `<<` linear.
 */
function inArithmetic(buf: Uint8Array, i: number): boolean {
  let open = 0;
  for (let k = i - 1; k >= 1 && k >= i - ARITHMETIC_REACH && buf[k] !== 10; k--) {
    if (buf[k] === CLOSE_PAREN && buf[k - 1] === CLOSE_PAREN) {
      open--;
      k--;
    } else if (buf[k] === OPEN_PAREN && buf[k - 1] === OPEN_PAREN) {
      if (++open > 0) return true;
      k--;
    }
  }
  return false;
}

const RAKU_ADVERBS = ["to", "heredoc"].map((name) => Buffer.from(`:${name}/`));

/**
 * Raku's heredoc, a quote's `:to` (or `:heredoc`) adverb: `q:to/END/`, `qq:to/END/`. Its text
 * runs from the next line to the line that holds only the terminator, which may be indented
 * (docs.raku.org, "Quoting constructs", "Heredocs: :to").
 */
function rakuHeredocAt(buf: Uint8Array, i: number): Heredoc | undefined {
  const adverb = RAKU_ADVERBS.find((a) => a.every((byte, k) => buf[i + k] === byte));
  if (adverb === undefined) return undefined;
  const start = i + adverb.length;
  let e = start;
  while (e < buf.length && e - start <= MAX_WORD && buf[e] !== SLASH && buf[e] !== 10) e++;
  if (e === start || buf[e] !== SLASH) return undefined;
  return { word: buf.subarray(start, e), indented: true, codeAfter: false, end: e + 1 };
}

const QUOTE = 34;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
// The bytes that end a Puppet heredoc's tag: its quote, its `:syntax`, its `/escapes`, its `)`.
const endsTag = (c: number) =>
  c === QUOTE || c === COLON || c === SLASH || c === CLOSE_PAREN || c === 10;

/**
 * Puppet's heredoc: `@(END)`, `@("END")` (interpolating), with a `:syntax` and `/escapes` after
 * the tag; its text runs from the next line to the line that holds the tag, which blanks, a `|`
 * and a `-` may precede (Puppet's "Language: Data types: Strings", "Heredocs").
 */
function puppetHeredocAt(buf: Uint8Array, i: number): Heredoc | undefined {
  if (buf[i + 1] !== OPEN_PAREN) return undefined;
  const quoted = buf[i + 2] === QUOTE;
  const start = quoted ? i + 3 : i + 2;
  let e = start;
  while (e < buf.length && e - start <= MAX_WORD && !endsTag(buf[e] as number)) e++;
  let last = e;
  while (last > start && buf[last - 1] === 32) last--;
  if (last === start || (quoted && buf[e] !== QUOTE)) return undefined;
  let k = quoted ? e + 1 : e;
  while (k < buf.length && k - e <= MAX_WORD && buf[k] !== CLOSE_PAREN && buf[k] !== 10) k++;
  if (buf[k] !== CLOSE_PAREN) return undefined;
  return {
    word: buf.subarray(start, last),
    indented: true,
    codeAfter: false,
    marks: true,
    end: k + 1,
  };
}

/**
 * Racket's here string: `#<<` and its terminator, the rest of the line; its text runs from the
 * next line to the line that holds only the terminator (the Racket Reference, 1.3.7, "Reading
 * Strings").
 */
function racketHereStringAt(buf: Uint8Array, i: number): Heredoc | undefined {
  if (buf[i + 1] !== LT || buf[i + 2] !== LT) return undefined;
  const start = i + 3;
  let e = start;
  while (e < buf.length && e - start <= MAX_WORD && buf[e] !== 10) e++;
  if (e === start || e - start > MAX_WORD || (buf[e] !== 10 && e < buf.length)) return undefined;
  const last = buf[e - 1] === 13 ? e - 1 : e;
  return { word: buf.subarray(start, last), indented: false, codeAfter: false, end: e };
}

const HASH_STRING = [35, 115, 116, 114, 105, 110, 103]; // #string

/**
 * Jai's here string: `#string`, its options (`#string,cr`), then its terminator, an identifier
 * that ends the line; its text runs to a line whose first text is the terminator, which code
 * may follow (`END);`, `END, x);`; The Way to Jai, chapter 19).
 */
function jaiHereStringAt(buf: Uint8Array, i: number): Heredoc | undefined {
  for (let k = 0; k < HASH_STRING.length; k++) if (buf[i + k] !== HASH_STRING[k]) return undefined;
  let k = i + HASH_STRING.length;
  if (isIdent(buf[k] as number)) return undefined;
  while (buf[k] === 44 && k - i <= MAX_WORD) {
    k++; // `,` and an option's name
    while (isIdent(buf[k] as number) && k - i <= MAX_WORD) k++;
  }
  return terminatorAt(buf, skipBlanks(buf, k, buf.length));
}

/**
 * Nu's here string: `<<-` or `<<+` and its tag, the rest of the line; its text runs to the tag,
 * which code may follow (`END)`: programming-nu/nu's NuParser.m, PARSE_HERESTRING, where a `;`
 * or `#` is text).
 */
function nuHereStringAt(buf: Uint8Array, i: number): Heredoc | undefined {
  if (buf[i] !== LT || buf[i + 1] !== LT || (buf[i + 2] !== 45 && buf[i + 2] !== 43))
    return undefined;
  return terminatorAt(buf, i + 3);
}

/**
 * Caddy's heredoc (since 2.7): `<<` and a marker that ends its line; its text runs to the marker
 * first on a later line, which arguments may follow (`EOF 200`: Caddy's "Caddyfile Concepts",
 * "Heredocs"; its lexer reads the text before any `#`).
 */
function caddyHeredocAt(buf: Uint8Array, i: number): Heredoc | undefined {
  if (buf[i] !== LT || buf[i + 1] !== LT) return undefined;
  return terminatorAt(buf, i + 2);
}

/**
 * D's heredoc string, `q"` and an identifier that ends its line: its text runs to a line that
 * starts with the identifier, a `"` after it (`EOS";`: the D specification, "Delimited Strings").
 */
function dHeredocAt(buf: Uint8Array, i: number): Heredoc | undefined {
  if (buf[i + 1] !== QUOTE || (i > 0 && isIdent(buf[i - 1] as number))) return undefined;
  const doc = terminatorAt(buf, i + 2);
  return doc && { ...doc, indented: false };
}

/**
 * Mint's here document, `<<-`, `<<~` or `<<#` and an identifier of capitals, digits and `_`
 * that starts with a letter: its text runs to a line that holds only the identifier, blanks
 * before it allowed (Mint's reference, "Here Documents").
 */
function mintHeredocAt(buf: Uint8Array, i: number): Heredoc | undefined {
  const mark = buf[i + 2];
  if (buf[i + 1] !== LT || (mark !== 45 && mark !== 126 && mark !== HASH)) return undefined;
  const start = i + 3;
  let e = start;
  if (!isUpper(buf[start] as number) || buf[start] === 95) return undefined;
  while (e - start <= MAX_WORD && (isUpper(buf[e] as number) || isDigit(buf[e] as number))) e++;
  return { word: buf.subarray(start, e), indented: true, codeAfter: false, end: e };
}

/**
 * A here string's terminator at `start`, an identifier that ends its line: the text runs to a
 * line whose first text is the terminator, which code may follow (Jai's, Nu's and Caddy's).
 */
function terminatorAt(buf: Uint8Array, start: number): Heredoc | undefined {
  let k = start;
  if (!isIdentStart(buf[k] as number)) return undefined;
  while (isIdent(buf[k] as number) && k - start <= MAX_WORD) k++;
  const end = k;
  k = skipBlanks(buf, k, buf.length);
  if (buf[k] === 13) k++;
  if (k < buf.length && buf[k] !== 10) return undefined;
  return { word: buf.subarray(start, end), indented: true, codeAfter: true, end };
}

const TEXT = [116, 101, 120, 116, 58]; // text:

/**
 * Sieve's multi-line string: `text:`, in any case, then blanks and at most a `#` comment to the
 * line's end; its lines go on to one that is a lone `.` (RFC 5228, 2.4.2; a line that starts
 * with `..` is text, dot-stuffed). The comment is read as code resumes after `text:`.
 */
function sieveTextAt(buf: Uint8Array, i: number): Heredoc | undefined {
  if (i > 0 && isIdent(buf[i - 1] as number)) return undefined;
  for (let k = 0; k < TEXT.length; k++)
    if (((buf[i + k] as number) | 0x20) !== TEXT[k]) return undefined;
  const end = i + TEXT.length;
  let k = end;
  while (buf[k] === 32 || buf[k] === 9) k++;
  if (buf[k] === 13) k++;
  if (k < buf.length && buf[k] !== 10 && buf[k] !== 35) return undefined;
  return { word: DOT, indented: false, codeAfter: false, end };
}

/** The first byte from `from` that is no blank, or `to`. */
function skipBlanks(buf: Uint8Array, from: number, to: number): number {
  let s = from;
  while (s < to && (buf[s] === 32 || buf[s] === 9)) s++;
  return s;
}

/** Whether the line `buf[from..eol)` closes the heredoc (a trailing CR ignored). */
function closes(buf: Uint8Array, from: number, eol: number, doc: Heredoc): boolean {
  let s = doc.indented ? skipBlanks(buf, from, eol) : from;
  if (doc.marks) {
    if (buf[s] === 124) s = skipBlanks(buf, s + 1, eol); // |
    if (buf[s] === 45) s = skipBlanks(buf, s + 1, eol); // -
  }
  const { word } = doc;
  if (eol - s < word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[s + k] !== word[k]) return false;
  let rest = s + word.length;
  if (rest < eol && isIdent(buf[rest] as number)) return false;
  if (doc.codeAfter) return true;
  while (rest < eol && (buf[rest] === 13 || buf[rest] === 32 || buf[rest] === 9)) rest++;
  return rest === eol;
}

/**
 * Counts a heredoc's body from `from` (the start of the line after its opener) through its
 * closing line: every non-blank line is code. Returns where counting resumes; an unclosed
 * heredoc runs to the end of the file, as it does for the interpreter.
 */
export function skipHeredoc(
  buf: Uint8Array,
  from: number,
  doc: Heredoc,
): { code: number; blanks: number; next: number } {
  let code = 0;
  let blanks = 0;
  const n = buf.length;
  let line = from;
  while (line < n) {
    let eol = buf.indexOf(10, line);
    if (eol === -1) eol = n;
    let first = line;
    while (first < eol && (buf[first] === 32 || buf[first] === 9 || buf[first] === 13)) first++;
    if (first === eol) blanks++;
    else code++;
    const done = closes(buf, line, eol, doc);
    line = eol + 1;
    if (done) break;
  }
  return { code, blanks, next: Math.min(line, n) };
}
