import { createHash } from "node:crypto";

/**
 * The serialised views of finished analyses, kept in memory: a finished analysis never changes
 * (its row is final, nothing rewrites it), so once read from Postgres it is answered from here,
 * with a strong ETag, touching neither Postgres nor Redis. Bounded by bytes, least recently
 * used first out; a view larger than a quarter of the budget is not kept (it still gets its
 * ETag). Strings are counted at two bytes a character, V8's worst case.
 */

export interface FinishedView {
  /** The JSON body, exactly as sent. */
  json: string;
  /** A strong ETag: the body's content hash, quoted. */
  etag: string;
  /** The body's length in UTF-8 bytes, its Content-Length. */
  length: number;
}

export interface FinishedViewsOptions {
  /** The budget for all entries, in bytes. */
  maxBytes: number;
}

export interface FinishedViews {
  get(key: string): FinishedView | undefined;
  /** Makes the entry for `json` (with its ETag) and keeps it if it fits. */
  put(key: string, json: string): FinishedView;
  /** Bytes held now. */
  bytes(): number;
  size(): number;
}

/** A strong ETag of a body: equal bodies, equal tags. */
function strongEtag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

const sizeOf = (key: string, view: FinishedView) =>
  2 * (key.length + view.json.length + view.etag.length) + 64;

/**
 * @example
 * const views = createFinishedViews({ maxBytes: 8 * 1024 * 1024 });
 * const entry = views.get(id) ?? views.put(id, JSON.stringify(view));
 */
export function createFinishedViews(options: FinishedViewsOptions): FinishedViews {
  // A Map iterates in insertion order: re-inserting on each hit makes its first key the LRU.
  const entries = new Map<string, FinishedView>();
  let held = 0;
  return {
    get(key) {
      const view = entries.get(key);
      if (view) {
        entries.delete(key);
        entries.set(key, view);
      }
      return view;
    },
    put(key, json) {
      const view = { json, etag: strongEtag(json), length: Buffer.byteLength(json) };
      const old = entries.get(key);
      if (old) {
        entries.delete(key);
        held -= sizeOf(key, old);
      }
      const size = sizeOf(key, view);
      if (size > options.maxBytes / 4) return view;
      entries.set(key, view);
      held += size;
      for (const [oldest, evicted] of entries) {
        if (held <= options.maxBytes) break;
        entries.delete(oldest);
        held -= sizeOf(oldest, evicted);
      }
      return view;
    },
    bytes: () => held,
    size: () => entries.size,
  };
}
