import type { Manifest, ReadText } from "../facts/manifests.ts";
import type { LanguageTotals, ScannedFile } from "../scan/index.ts";
import { type Figures, figuresText } from "./figures.ts";

export interface DigestInput {
  url: string;
  files: readonly ScannedFile[];
  languages: readonly LanguageTotals[];
  manifests: readonly Manifest[];
  readme: string | null;
  read: ReadText;
  /** The measured figures, stated first so that the model cites them. */
  figures?: Figures;
}

// Files that tell most about a codebase per byte: entry points and top-level modules.
const TELLING =
  /^(?:src\/)?(?:main|index|app|server|cli|lib|mod)\.[a-z]+$|^cmd\/[^/]+\/main\.go$|^src\/(?:lib|main)\.rs$|^[^/]+\/__init__\.py$|^(?:src\/)?[^/]+\/(?:index|main|app)\.[a-z]+$/;
// About four characters per token for English and code.
const CHARS_PER_TOKEN = 4;

/**
 * A plain-text digest of a repository for the summary model, cut to fit `tokenBudget`:
 * languages, a trimmed tree, the README's start, the manifests, then the most telling source
 * files while room is left. Sections come in order of value, so cutting keeps the best.
 */
export async function buildDigest(input: DigestInput, tokenBudget: number): Promise<string> {
  let room = tokenBudget * CHARS_PER_TOKEN;
  const parts: string[] = [];
  const add = (text: string) => {
    if (room <= 0) return;
    const cut = text.length > room ? `${text.slice(0, room)}\n[...]` : text;
    parts.push(cut);
    room -= cut.length;
  };

  add(`Repository: ${input.url}\n`);
  if (input.figures) add(figuresText(input.figures));
  add(
    `Languages (code lines, share of bytes): ${input.languages
      .slice(0, 12)
      .map((l) => `${l.name} ${l.code}`)
      .join(", ")}\n`,
  );
  const source = input.files.filter(
    (f) => f.category === "source" || f.category === "documentation",
  );
  const tree = source
    .map((f) => f.path)
    .filter((p) => p.split("/").length <= 3)
    .slice(0, 150);
  add(`\nFile tree (up to 3 levels, ${source.length} files in all):\n${tree.join("\n")}\n`);
  if (input.readme) {
    const text = await input.read(input.readme);
    if (text) add(`\nREADME (${input.readme}, start):\n${text.slice(0, 4000)}\n`);
  }
  for (const m of input.manifests.slice(0, 6)) {
    const deps = m.dependencies.slice(0, 40).map((d) => `${d.name} ${d.constraint} (${d.scope})`);
    add(
      `\nManifest ${m.path} (${m.ecosystem}${m.name ? `, ${m.name}` : ""}): ${deps.join("; ")}\n`,
    );
  }
  const telling = source.filter((f) => TELLING.test(f.path) && f.bytes > 0).slice(0, 8);
  for (const f of telling) {
    const text = await input.read(f.path);
    if (text) add(`\nFile ${f.path}:\n${text.slice(0, 3000)}\n`);
  }
  return parts.join("");
}
