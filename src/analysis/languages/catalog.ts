import catalog from "./catalog-data.json" with { type: "json" };

/** What the report says about a language: GitHub Linguist's name, kind and colour. */
export interface LanguageInfo {
  name: string;
  type: "programming" | "markup" | "data" | "prose";
  color?: string;
}

// catalog-data.json is GitHub Linguist's language list (linguist-languages) with its indexes
// made, written by scripts/gen-syntax.ts (gen-syntax-catalog.ts): one JSON module instead of
// the package's 833 modules, which cost the CLI 150-200 ms of start-up, and Maps made from its
// tables by the engine rather than by loops over every language at each start.
type Row = [type: LanguageInfo["type"], color: string | null, group: string | null];
const languages = catalog.languages as unknown as Record<string, Row>;

function rowOf(name: string): Row | undefined {
  return Object.hasOwn(languages, name) ? languages[name] : undefined;
}

/** Lower-cased extension (with its dot, possibly compound like ".d.ts") → candidate names. */
export const extensionCandidates: ReadonlyMap<string, string[]> = new Map(
  Object.entries(catalog.extensions as Record<string, string[]>),
);
/** Exact file name → candidate names. */
export const filenameCandidates: ReadonlyMap<string, string[]> = new Map(
  Object.entries(catalog.filenames as Record<string, string[]>),
);
/** Interpreter named by a shebang → candidate names. */
export const interpreterCandidates: ReadonlyMap<string, string[]> = new Map(
  Object.entries(catalog.interpreters as Record<string, string[]>),
);
/** Lower-cased name or alias ("c++", "cpp", "sh") → name, for modelines. */
export const aliasLanguage: ReadonlyMap<string, string> = new Map(
  Object.entries(catalog.aliases as Record<string, string>),
);
/** Longest compound extension in the data, so lookups know how many dots to try. */
export const maxExtensionDots: number = catalog.maxExtensionDots;

/**
 * The language a file is reported under. Linguist's "group" folds dialects into the language
 * people know (TSX → TypeScript, Bash Session → Shell), which is also how GitHub's language bar
 * and cloc report them, so the three stay comparable.
 */
export function reportedLanguage(name: string): LanguageInfo | undefined {
  const row = rowOf(name);
  if (!row) return undefined;
  const group = row[2];
  const parent = group ? rowOf(group) : undefined;
  const [type, color] = parent ?? row;
  const reported = parent && group ? group : name;
  return color ? { name: reported, type, color } : { name: reported, type };
}

/** The Linguist type of a language name ("programming", "data", ...), if it exists. */
export function languageType(name: string): LanguageInfo["type"] | undefined {
  return rowOf(name)?.[0];
}
