/**
 * Which of Fortran's two source forms a file Linguist calls "Fortran" is written in. Its
 * extensions (.f, .for, .fpp...) stand for fixed form, where a C, c or * in column 1 makes the
 * line a comment (Fortran 77, 3.2.1); but much code under them is free form, compiled with
 * `-ffree-form` or written for a preprocessor such as fypp, where a `contains` or a `call` in
 * column 1 is a statement. Fixed form has nothing in column 1 but a comment's indicator, a
 * label's digit or a blank (a D for debugging lines is a common extension, and a tab starts a
 * statement in DEC's tab form): a line that starts with any other letter is free form's, and
 * so is its file. A free-form file with no such line (every statement indented) is read as
 * fixed form, as before.
 */

const LF = 10;
// The letters fixed form allows in column 1: comment indicators, and D's debugging lines.
const FIXED = new Set([..."CcDd"].map((c) => c.charCodeAt(0)));

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Whether a line of `bytes` starts with a letter fixed form does not allow in column 1. One
 * pass over the line starts, which ends at the first such line.
 *
 * @example
 * isFreeForm(Buffer.from("module m\ncontains\nend module\n")); // true
 * isFreeForm(Buffer.from("C comment\n      PROGRAM P\n      END\n")); // false
 */
export function isFreeForm(bytes: Uint8Array): boolean {
  let start = 0;
  while (start < bytes.length) {
    const first = bytes[start] as number;
    if (isLetter(first) && !FIXED.has(first)) return true;
    const lf = bytes.indexOf(LF, start);
    if (lf === -1) return false;
    start = lf + 1;
  }
  return false;
}
