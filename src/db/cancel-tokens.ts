import type { Queryable } from "./pool.ts";

/**
 * The hash of each analysis's cancel token (`src/api/cancel-token.ts` makes both): written
 * when the API accepts a submission, read when someone asks to cancel it.
 */

/**
 * @example
 * await saveCancelTokenHash(db, id, hash); // after the row exists, before the job does
 */
export async function saveCancelTokenHash(db: Queryable, id: string, hash: Buffer): Promise<void> {
  await db.query("UPDATE analyses SET cancel_token_hash = $2 WHERE id = $1", [id, hash]);
}

/**
 * The stored hash; null for an analysis without one (accepted before tokens existed), and
 * undefined when there is no such analysis.
 */
export async function findCancelTokenHash(
  db: Queryable,
  id: string,
): Promise<Buffer | null | undefined> {
  const { rows } = await db.query<{ cancel_token_hash: Buffer | null }>(
    "SELECT cancel_token_hash FROM analyses WHERE id = $1",
    [id],
  );
  return rows[0] ? rows[0].cancel_token_hash : undefined;
}
