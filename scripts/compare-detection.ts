/**
 * npm run compare:detection -- <samples directory> [--all]
 *
 * Language detection against a tree laid out as Linguist's `samples/`: `<Language>/<file>`, and
 * `<Language>/filenames/<name>` for files known by their name. Each file is detected as the
 * scan detects it (its name, then its first bytes), and counted right when the answer is its
 * folder's language. Prints, per extension, how many were right and, for the rest, what they
 * were taken for; `--all` lists the extensions with no miss too. A clone of
 * github-linguist/linguist gives the corpus Linguist's own classifier is trained on:
 *
 *   git clone --depth 1 https://github.com/github-linguist/linguist && \
 *     npm run compare:detection -- linguist/samples
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { detectLanguage } from "../src/analysis/languages/detect.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { all: { type: "boolean", default: false } },
});
const dir = positionals[0];
if (!dir) {
  process.stderr.write("usage: npm run compare:detection -- <samples directory> [--all]\n");
  process.exit(2);
}
const root = path.resolve(dir);
const out = (line = "") => process.stdout.write(`${line}\n`);

interface Tally {
  right: number;
  misses: string[];
}

const byExtension = new Map<string, Tally>();
// The promise API: readdirSync's recursion follows symlinked folders (nodejs/node#51858).
for (const entry of await fs.promises.readdir(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const full = path.join(entry.parentPath, entry.name);
  const [language, ...rest] = path.relative(root, full).split(path.sep);
  if (!language || rest.length === 0) continue;
  // The file's path in a repository: its name alone under filenames/, else what follows the
  // language's folder.
  const tracked = rest[0] === "filenames" ? rest.slice(1).join("/") : rest.join("/");
  const detected = detectLanguage(tracked, fs.readFileSync(full));
  const key = rest[0] === "filenames" ? "(file name)" : path.extname(entry.name).toLowerCase();
  const tally = byExtension.get(key) ?? { right: 0, misses: [] };
  if (detected === language) tally.right++;
  else tally.misses.push(`${language}/${rest.join("/")} → ${detected ?? "nothing"}`);
  byExtension.set(key, tally);
}

let right = 0;
let files = 0;
for (const [extension, tally] of [...byExtension].sort((a, b) => a[0].localeCompare(b[0]))) {
  const total = tally.right + tally.misses.length;
  right += tally.right;
  files += total;
  if (tally.misses.length === 0 && !values.all) continue;
  out(`${extension || "(none)"} ${tally.right}/${total}`);
  for (const miss of tally.misses) out(`  ${miss}`);
}
out();
out(`SUMMARY ${root}: ${right} of ${files} files detected as their folder's language`);
