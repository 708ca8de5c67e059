import catalog from "./catalog-data.json" with { type: "json" };

/** What the report says about a language: GitHub Linguist's name, kind and colour. */
export interface LanguageInfo {
  name: string;
  type: "programming" | "markup" | "data" | "prose";
  color?: string;
}

interface Entry {
  name: string;
  type: LanguageInfo["type"];
  color?: string;
  group?: string;
  extensions: readonly string[];
  filenames: readonly string[];
  interpreters: readonly string[];
  aliases: readonly string[];
}

// catalog-data.json is GitHub Linguist's language list (linguist-languages) as rows, written by
// scripts/gen-syntax.ts: one JSON parse instead of the package's 833 modules, which cost the
// CLI 150-200 ms of start-up.
type Row = [
  string,
  LanguageInfo["type"],
  string | null,
  string | null,
  string[],
  string[],
  string[],
  string[],
];
const entries: Entry[] = (catalog.languages as Row[]).map(
  ([name, type, color, group, extensions, filenames, interpreters, aliases]) => ({
    name,
    type,
    ...(color ? { color } : {}),
    ...(group ? { group } : {}),
    extensions,
    filenames,
    interpreters,
    aliases,
  }),
);
const byName = new Map<string, Entry>(entries.map((e) => [e.name, e]));

function push(map: Map<string, string[]>, key: string, name: string): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(name)) list.push(name);
  } else map.set(key, [name]);
}

/** Lower-cased extension (with its dot, possibly compound like ".d.ts") → candidate names. */
export const extensionCandidates = new Map<string, string[]>();
/** Exact file name → candidate names. */
export const filenameCandidates = new Map<string, string[]>();
/** Interpreter named by a shebang → candidate names. */
export const interpreterCandidates = new Map<string, string[]>();
/** Lower-cased name or alias ("c++", "cpp", "sh") → name, for modelines. */
export const aliasLanguage = new Map<string, string>();
/** Longest compound extension in the data, so lookups know how many dots to try. */
export let maxExtensionDots = 1;

for (const e of entries) {
  for (const ext of e.extensions) {
    const key = ext.toLowerCase();
    push(extensionCandidates, key, e.name);
    maxExtensionDots = Math.max(maxExtensionDots, key.split(".").length - 1);
  }
  for (const file of e.filenames) push(filenameCandidates, file, e.name);
  for (const interpreter of e.interpreters) push(interpreterCandidates, interpreter, e.name);
  for (const alias of [e.name, ...e.aliases]) aliasLanguage.set(alias.toLowerCase(), e.name);
}

/**
 * The language a file is reported under. Linguist's "group" folds dialects into the language
 * people know (TSX → TypeScript, Bash Session → Shell), which is also how GitHub's language bar
 * and cloc report them, so the three stay comparable.
 */
export function reportedLanguage(name: string): LanguageInfo | undefined {
  const entry = byName.get(name);
  if (!entry) return undefined;
  const parent = entry.group ? (byName.get(entry.group) ?? entry) : entry;
  return parent.color
    ? { name: parent.name, type: parent.type, color: parent.color }
    : { name: parent.name, type: parent.type };
}

/** The Linguist type of a language name ("programming", "data", ...), if it exists. */
export function languageType(name: string): LanguageInfo["type"] | undefined {
  return byName.get(name)?.type;
}
