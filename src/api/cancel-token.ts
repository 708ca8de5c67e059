import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The capability to cancel an analysis: a random token given once, to whoever submitted it.
 * Only its SHA-256 is stored, so neither the database nor its backups can cancel anything.
 * A plain hash (no salt, no slow KDF) is enough for 256 random bits: there is nothing to guess.
 */

const TOKEN_BYTES = 32;
/** Longer than any token this module makes (43 characters); refused without being hashed. */
const MAX_TOKEN_LENGTH = 128;

/** The HTTP header that carries the token on `DELETE /api/analyses/{id}`. */
export const CANCEL_TOKEN_HEADER = "X-Cancel-Token";

function hashCancelToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/**
 * @example
 * const { token, hash } = newCancelToken(); // token to the submitter, hash to Postgres
 */
export function newCancelToken(): { token: string; hash: Buffer } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashCancelToken(token) };
}

/**
 * Whether `token` is the one whose hash is `stored`, compared in constant time.
 *
 * @example
 * cancelTokenMatches(request.headers.get("x-cancel-token") ?? "", row.hash)
 */
export function cancelTokenMatches(token: string, stored: Buffer): boolean {
  if (token.length > MAX_TOKEN_LENGTH) return false;
  const hash = hashCancelToken(token);
  return stored.length === hash.length && timingSafeEqual(hash, stored);
}
