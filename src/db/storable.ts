/**
 * What Postgres cannot store, and what to do about it. A report quotes a repository's own text
 * (package names, a README's first line), and Postgres's text and jsonb refuse two things any
 * JavaScript string may hold: the NUL character (`\u0000`) and a UTF-16 surrogate without its
 * pair (which has no UTF-8 form). Both become U+FFFD, the replacement character, as a decoder
 * shows a byte it cannot read.
 */

const REPLACEMENT = "\uFFFD";

/** `text` without NUL characters and lone surrogates; the same string when it has none. */
export function storableText(text: string): string {
  if (text.isWellFormed() && !text.includes("\0")) return text;
  return text.toWellFormed().replaceAll("\0", REPLACEMENT);
}

/**
 * JSON of `value` that Postgres's jsonb accepts: every string and every key cleaned by
 * {@link storableText}. Two keys of one object that differ only where they are cleaned end as
 * one, the later value kept.
 *
 * @example
 * storableJson({ name: "a\u0000b" }); // '{"name":"a\uFFFDb"}' (the character itself, not an escape)
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "string") return storableText(item);
    if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
    const keys = Object.keys(item);
    if (keys.every((key) => storableText(key) === key)) return item;
    return Object.fromEntries(
      keys.map((key) => [storableText(key), (item as Record<string, unknown>)[key]]),
    );
  });
}

/**
 * What the SQLSTATEs of a value Postgres refuses to store mean, for a user. Class 22 is "data
 * exception"; 54000 is a value over one of its size limits (a jsonb over 256 MB).
 */
const UNSTORABLE: Record<string, string> = {
  "22P05": "it contains a character the database cannot store",
  "22021": "it contains bytes that are not valid text",
  "54000": "it is larger than the database can store",
};

/**
 * Why Postgres refused to store a value, when `error` says it did (SQLSTATE class 22 or 54000):
 * storing the same value again cannot succeed. Null for any other error (a lost connection, a
 * bug), which may pass. The driver's own message stays in the log: it may quote the value.
 *
 * @example
 * await upsertAnalysis(db, write).catch((error) => {
 *   const reason = unstorableReason(error); // "it contains a character the database cannot store (22P05)"
 * });
 */
export function unstorableReason(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !(code.startsWith("22") || code === "54000")) return null;
  return `${UNSTORABLE[code] ?? "it contains a value the database refuses"} (${code})`;
}
