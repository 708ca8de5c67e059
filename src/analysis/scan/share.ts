import type { LanguageInfo } from "../languages/catalog.ts";

/** Linguist's DETECTABLE_TYPES: the only kinds of language GitHub's language bar counts. */
const COUNTED: ReadonlySet<LanguageInfo["type"]> = new Set(["programming", "markup"]);

/**
 * Each language's share of the repository, in percent with two decimals, as GitHub's language
 * bar computes it: bytes of source files (vendored, generated and documentation files are
 * already out), over programming and markup languages only. Data (JSON, YAML, CSV) and prose
 * (Markdown, Text) keep their line counts in the report but a share of 0, as on GitHub, which
 * leaves them out of the bar unless a repository's .gitattributes asks otherwise.
 *
 * @example
 * withShares([{ name: "Go", type: "programming", bytes: 300 }, { name: "JSON", type: "data", bytes: 700 }])
 * // Go 100, JSON 0
 */
export function withShares<T extends { type: LanguageInfo["type"]; bytes: number }>(
  languages: readonly T[],
): (T & { share: number })[] {
  let counted = 0;
  for (const l of languages) if (COUNTED.has(l.type)) counted += l.bytes;
  return languages.map((l) => ({
    ...l,
    share: counted > 0 && COUNTED.has(l.type) ? Math.round((l.bytes / counted) * 10_000) / 100 : 0,
  }));
}
