import type { ScannedFile } from "../scan/index.ts";
import { compareText } from "../text-order.ts";

export interface Structure {
  trackedFiles: number;
  /** Deepest nesting of a tracked file: "a.txt" is 1, "src/a/b.ts" is 3. */
  maxDepth: number;
  /** File count per top-level folder ("." for files at the root), most files first; all of them. */
  topLevel: { path: string; files: number }[];
  /** The ten largest files, largest first. */
  largestFiles: { path: string; bytes: number; language?: string; category: string }[];
}

const LARGEST_LIMIT = 10;

/** The shape of the tree: depth, where the files are, and the biggest ones. */
export function describeStructure(files: readonly ScannedFile[]): Structure {
  let maxDepth = 0;
  const byTop = new Map<string, number>();
  for (const f of files) {
    let depth = 1;
    for (let i = f.path.indexOf("/"); i !== -1; i = f.path.indexOf("/", i + 1)) depth++;
    maxDepth = Math.max(maxDepth, depth);
    const slash = f.path.indexOf("/");
    const top = slash === -1 ? "." : f.path.slice(0, slash);
    byTop.set(top, (byTop.get(top) ?? 0) + 1);
  }
  const topLevel = [...byTop]
    .map(([path, count]) => ({ path, files: count }))
    .sort((a, b) => b.files - a.files || compareText(a.path, b.path));
  const largestFiles = [...files]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, LARGEST_LIMIT)
    .filter((f) => f.bytes > 0)
    .map((f) => ({
      path: f.path,
      bytes: f.bytes,
      category: f.category,
      ...(f.language ? { language: f.language } : {}),
    }));
  return { trackedFiles: files.length, maxDepth, topLevel, largestFiles };
}
