import type { LanguageInfo } from "../languages/catalog.ts";

/** Linguist's DETECTABLE_TYPES: the only kinds of language GitHub's language bar counts. */
const COUNTED: ReadonlySet<LanguageInfo["type"]> = new Set(["programming", "markup"]);

/**
 * Whether GitHub's language bar counts a file: programming and markup languages do, data (JSON,
 * YAML, CSV) and prose (Markdown, Text) do not, unless the repository's .gitattributes says
 * otherwise for the file (`linguist-detectable`, either way).
 *
 * @example
 * detectable("data", undefined) // false
 * detectable("data", true)      // true: `*.kicad_pcb linguist-detectable`
 */
export function detectable(type: LanguageInfo["type"], override: boolean | undefined): boolean {
  return override ?? COUNTED.has(type);
}

/**
 * Each language's share of the repository, in percent with two decimals, as GitHub's language
 * bar computes it: bytes of the source files it counts (vendored, generated and documentation
 * files are already out; see {@link detectable}) over the same of every language. A language
 * with none, such as JSON or Markdown as a rule, keeps its line counts in the report and a
 * share of 0, as on GitHub. `detectableBytes` is the scan's and is not passed on.
 *
 * @example
 * withShares([{ name: "Go", bytes: 300, detectableBytes: 300 }, { name: "JSON", bytes: 700, detectableBytes: 0 }])
 * // Go 100, JSON 0
 */
export function withShares<T extends { detectableBytes: number }>(
  languages: readonly T[],
): (Omit<T, "detectableBytes"> & { share: number })[] {
  let counted = 0;
  for (const l of languages) counted += l.detectableBytes;
  return languages.map(({ detectableBytes, ...language }) => ({
    ...language,
    share: counted > 0 ? Math.round((detectableBytes / counted) * 10_000) / 100 : 0,
  }));
}
