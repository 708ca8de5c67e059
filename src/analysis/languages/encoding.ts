/**
 * A file's text in UTF-8: one in UTF-16 with its byte order mark (Windows PowerShell's and
 * MetaEditor's default encoding) decoded, as Linguist reads it, whose encoding detector calls
 * such a file text where git's NUL test calls it binary; any other file as it is. UTF-32's
 * mark (`FF FE 00 00`) is left alone, and a decoded file that still holds a NUL stays binary.
 *
 * @example
 * asUtf8(Uint8Array.of(0xff, 0xfe, 0x23, 0x00, 0x0a, 0x00)) // the bytes of "#\n"
 */
export function asUtf8<T extends Uint8Array>(bytes: T): T | Buffer {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0);
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return bytes;
  return Buffer.from(new TextDecoder(le ? "utf-16le" : "utf-16be").decode(bytes));
}

const LF = 10;
const CR = 13;

/**
 * A file's text as the scan reads it: in UTF-8 ({@link asUtf8}), and, in a file that has no line
 * feed but carriage returns, those made line feeds: a classic Mac OS file's line breaks, which
 * Linguist's BlobHelper#lines splits at (HyPhy's examples are written so). Any other file, CR
 * LF or LF, is as it is.
 *
 * @example
 * asText(Buffer.from("/* a *\/\rx = 1;\r")).toString() // "/* a *\/\nx = 1;\n"
 */
export function asText<T extends Uint8Array>(bytes: T): T | Buffer {
  const text = asUtf8(bytes);
  if (text.indexOf(LF) !== -1 || text.indexOf(CR) === -1) return text;
  const lines = Buffer.from(text);
  for (let i = lines.indexOf(CR); i !== -1; i = lines.indexOf(CR, i + 1)) lines[i] = LF;
  return lines;
}
