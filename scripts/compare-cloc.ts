/**
 * npm run compare:cloc -- <directory> [--show 10]
 *
 * File-by-file agreement of our line counts with cloc's on any directory (a git work tree or
 * not): every regular, non-binary file under 2 MB that both count, compared on code, comment
 * and blank lines. Prints the share of files where all three agree exactly, per cloc language
 * and overall, and with --show the files that differ most. cloc is a reference, not the truth
 * (it reads `/*` inside a string as a comment, for one); where the two differ, look at the file.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { LineCounts } from "../src/analysis/languages/count.ts";
import { measureFile } from "../src/analysis/scan/index.ts";
import { type ClocFile, clocByFile, listFiles } from "./lib/cloc.ts";

const MAX_BYTES = 2 * 1024 * 1024;
const BINARY_PROBE = 8000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { show: { type: "string", default: "0" } },
});
const dir = positionals[0];
if (!dir) {
  process.stderr.write("usage: npm run compare:cloc -- <directory> [--show 10]\n");
  process.exit(2);
}
const root = path.resolve(dir);
const out = (line = "") => process.stdout.write(`${line}\n`);

interface Row {
  file: string;
  language: string;
  ours: LineCounts;
  cloc: ClocFile;
  exact: boolean;
  off: number;
}

const files = await listFiles(root, MAX_BYTES);
const cloc = clocByFile(files);
const rows: Row[] = [];
let oursOnly = 0;
for (const file of files) {
  const bytes = fs.readFileSync(file);
  const probe = bytes.subarray(0, BINARY_PROBE);
  if (probe.indexOf(0) !== -1) continue;
  const ours = measureFile(path.relative(root, file), bytes);
  const theirs = cloc.get(file);
  if (!ours) continue;
  if (!theirs) {
    oursOnly++;
    continue;
  }
  const { code, comments, blanks } = ours.lines;
  const off =
    Math.abs(code - theirs.code) +
    Math.abs(comments - theirs.comment) +
    Math.abs(blanks - theirs.blank);
  rows.push({
    file,
    language: theirs.language,
    ours: ours.lines,
    cloc: theirs,
    exact: off === 0,
    off,
  });
}

const byLanguage = new Map<string, { files: number; exact: number }>();
for (const r of rows) {
  const l = byLanguage.get(r.language) ?? { files: 0, exact: 0 };
  l.files++;
  if (r.exact) l.exact++;
  byLanguage.set(r.language, l);
}
const pct = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)}%`);
out(
  `${"cloc language".padEnd(28)}${"files".padStart(7)}${"exact".padStart(8)}${"share".padStart(8)}`,
);
for (const [name, l] of [...byLanguage].sort((a, b) => b[1].files - a[1].files))
  out(
    `${name.padEnd(28)}${String(l.files).padStart(7)}${String(l.exact).padStart(8)}${pct(l.exact, l.files).padStart(8)}`,
  );
const exact = rows.filter((r) => r.exact).length;
const languages = [...byLanguage.values()];
const languagesAllExact = languages.filter((l) => l.exact === l.files).length;
out();
out(
  `SUMMARY ${root}: ${rows.length} files both count, ${exact} agree exactly (${pct(exact, rows.length)}); ` +
    `${languagesAllExact}/${languages.length} languages agree on every file; ${oursOnly} files only we count`,
);
const show = Number(values.show);
if (show > 0) {
  out();
  for (const r of [...rows].sort((a, b) => b.off - a.off).slice(0, show))
    out(
      `${path.relative(root, r.file)} [${r.language}] ours ${r.ours.code}/${r.ours.comments}/${r.ours.blanks} cloc ${r.cloc.code}/${r.cloc.comment}/${r.cloc.blank}`,
    );
}
