/**
 * Our scanner side by side with cloc (the accuracy reference for lines), linguist-js (the
 * reference for language bytes) and `wc -l` (the floor: one read of every byte) on one tree.
 *
 *   npm run bench:scan -- <git work tree> [--runs 3]
 *
 * All three line counters get the same file list: the regular files of HEAD our scan read
 * (from git's object store; the others read the work tree, so it should be clean).
 * Accuracy compares, per language above 1 % of our code, our code lines with cloc's over the
 * files cloc recognised, and our byte share with Linguist's: linguist-js's per-file languages
 * without the JavaScript and CSS files that generated.rb's content rules exclude (see
 * `linguistGeneratedByContent`); linguist-js's own share is printed beside it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import linguist from "linguist-js";
import { scanTree } from "../src/analysis/scan/index.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "3" } },
});
const tree = positionals[0];
if (!tree) {
  process.stderr.write("usage: npm run bench:scan -- <git work tree> [--runs 3]\n");
  process.exit(2);
}
const root = path.resolve(tree);
const runs = Math.max(1, Number(values.runs));
const out = (line = "") => process.stdout.write(`${line}\n`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

// cloc's names for languages Linguist names differently.
const CLOC_NAMES: Record<string, string[]> = {
  C: ["C", "C/C++ Header"],
  "C++": ["C++", "C/C++ Header"],
  "Objective-C": ["Objective-C", "C/C++ Header"],
  Shell: ["Bourne Shell", "Bourne Again Shell", "zsh", "Korn Shell", "C Shell"],
  "Vim script": ["vim script"],
  Assembly: ["Assembly"],
  Diff: ["diff"],
};
function sameLanguage(ours: string, cloc: string): boolean {
  return ours.toLowerCase() === cloc.toLowerCase() || (CLOC_NAMES[ours] ?? []).includes(cloc);
}

// linguist-js takes only the path rules of Linguist's generated.rb (it greps the
// `name.match(/.../)` patterns out of the Ruby) and none of the rules that read a file, but
// GitHub keeps every generated file out of its language statistics
// (BlobHelper#include_in_language_stats?). The two content rules for JavaScript and CSS,
// minified_files? and has_source_map?, ported literally here, apart from the scanner's own
// implementation so that this comparison also checks it.
function linguistGeneratedByContent(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext !== ".js" && ext !== ".css") return false;
  const data = readFileSync(file, "latin1"); // Ruby measures a binary blob in bytes
  const lines = data === "" ? [] : data.split("\n"); // Ruby's data.split("\n", -1)
  if (lines.length === 0) return false;
  const length = lines.reduce((n, line) => n + line.length, 0);
  if (Math.floor(length / lines.length) > 110) return true;
  return lines.slice(-2).some((line) => /^\/[*/][#@] source(?:Mapping)?URL|sourceURL=/.test(line));
}

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const home = mkdtempSync(path.join(os.tmpdir(), "bench-scan-"));
try {
  // Ours: in-process, as the worker runs it (git ls-tree and cat-file included): HEAD's files.
  const ourTimes: number[] = [];
  let scan = await scanTree(root, { home, maxFileBytes: 50 * 1024 * 1024 });
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    scan = await scanTree(root, { home, maxFileBytes: 50 * 1024 * 1024 });
    ourTimes.push(performance.now() - start);
  }
  const readable = scan.files.filter((f) => f.category !== "symlink" && f.category !== "submodule");
  const listFile = path.join(home, "files.txt");
  writeFileSync(listFile, readable.map((f) => f.path).join("\n"));
  const nulList = Buffer.from(readable.map((f) => `${f.path}\0`).join(""));

  // wc -l over the same files: the floor.
  const wcTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    wcTimes.push(
      timed(() =>
        spawnSync("xargs", ["-0", "wc", "-l"], {
          cwd: root,
          input: nulList,
          stdio: ["pipe", "ignore", "ignore"],
        }),
      ),
    );
  }

  // cloc over the same files, by file, so its counts can be summed per *our* language. Without
  // --timeout 0, a file whose filter stage outlasts cloc's alarm (1 s, or a second per thousand
  // lines) is counted with no code at all: on a loaded machine the reference moved with the load.
  const clocTimes: number[] = [];
  let clocJson = "";
  for (let i = 0; i < runs; i++) {
    clocTimes.push(
      timed(() => {
        clocJson = execFileSync(
          "cloc",
          [
            "--list-file",
            listFile,
            "--by-file",
            "--json",
            "--quiet",
            "--skip-uniqueness",
            "--timeout",
            "0",
          ],
          { cwd: root, maxBuffer: 1 << 30, encoding: "utf8" },
        );
      }),
    );
  }
  const clocFiles = JSON.parse(clocJson) as Record<string, { code?: number; language?: string }>;

  // linguist-js 3.0.4 throws on some trees (its ignore filter is handed "." for the root);
  // the speed and line figures do not depend on it, so they are still printed.
  let ling: Awaited<ReturnType<typeof linguist.analyseFolders>> | undefined;
  try {
    ling = await linguist.analyseFolders([root], { offline: true });
  } catch (error) {
    out(`linguist-js failed on this tree (${(error as Error).message}): its columns are NaN`);
  }
  const lingBytes = new Map<string, number>(); // linguist-js as it reports
  const linguistBytes = new Map<string, number>(); // and without the generated files
  const add = (map: Map<string, number>, name: string, n: number) =>
    map.set(name, (map.get(name) ?? 0) + n);
  for (const [file, name] of Object.entries(ling?.files.results ?? {})) {
    if (!name) continue;
    const size = statSync(file).size;
    add(lingBytes, name, size);
    if (!linguistGeneratedByContent(file)) add(linguistBytes, name, size);
  }
  const sum = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
  const lingTotal = sum(lingBytes);
  const linguistTotal = sum(linguistBytes);
  if (ling && lingTotal !== ling.languages.bytes) {
    throw new Error(
      `linguist-js files add up to ${lingTotal} bytes, its languages to ${ling.languages.bytes}`,
    );
  }

  const ours = median(ourTimes);
  const cloc = median(clocTimes);
  const wc = median(wcTimes);
  const mb = readable.reduce((a, f) => a + f.bytes, 0) / 1e6;
  out(
    `tree ${root}: ${scan.files.length} tracked files, ${readable.length} read, ${mb.toFixed(1)} MB`,
  );
  out(
    `median of ${runs} runs: ours ${ours.toFixed(0)} ms | cloc ${cloc.toFixed(0)} ms | wc -l ${wc.toFixed(0)} ms`,
  );
  out(
    `cloc / ours = ${(cloc / ours).toFixed(1)}x (target >= 10x); ours / wc = ${(ours / wc).toFixed(2)}x (target <= 4x)`,
  );
  out();

  // Per language: our code vs cloc's, over the files cloc counted *as the same language*. A file
  // cloc files under another language (LLVM's .inc as Pascal, .def as Windows Module Definition)
  // says nothing about counting; it is reported as a language disagreement instead.
  const perLanguage = new Map<
    string,
    {
      ours: number;
      oursMatched: number;
      cloc: number;
      files: number;
      missing: number;
      other: number;
    }
  >();
  for (const f of scan.files) {
    if (f.category !== "source" || !f.language || !f.lines) continue;
    const row = perLanguage.get(f.language) ?? {
      ours: 0,
      oursMatched: 0,
      cloc: 0,
      files: 0,
      missing: 0,
      other: 0,
    };
    row.ours += f.lines.code;
    row.files++;
    const theirs = clocFiles[f.path];
    if (theirs?.code === undefined) row.missing++;
    else if (!sameLanguage(f.language, theirs.language ?? "")) row.other++;
    else {
      row.oursMatched += f.lines.code;
      row.cloc += theirs.code;
    }
    perLanguage.set(f.language, row);
  }
  const totalCode = scan.totals.code;
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  out(
    `${"language".padEnd(22)}${pad("files", 7)}${pad("code", 10)}${pad("cloc", 10)}${pad("diff%", 8)}${pad("bytes%", 8)}${pad("linguist%", 10)}${pad("ling-js%", 9)}${pad("diff", 7)}`,
  );
  let linesOk = 0;
  let bytesOk = 0;
  let checked = 0;
  for (const lang of scan.languages) {
    const row = perLanguage.get(lang.name);
    if (!row || lang.code / totalCode < 0.01) continue;
    checked++;
    const diff = row.cloc === 0 ? Number.NaN : ((row.oursMatched - row.cloc) / row.cloc) * 100;
    const share = (lang.bytes / scan.totals.bytes) * 100;
    const lingShare = ((lingBytes.get(lang.name) ?? 0) / lingTotal) * 100;
    const linguistShare = ((linguistBytes.get(lang.name) ?? 0) / linguistTotal) * 100;
    const points = share - linguistShare;
    // A language cloc does not know (no files counted) cannot fail the cloc check.
    if (row.cloc === 0 || Math.abs(diff) <= 2) linesOk++;
    if (Math.abs(points) <= 1) bytesOk++;
    out(
      `${lang.name.padEnd(22)}${pad(row.files, 7)}${pad(row.ours, 10)}${pad(row.cloc, 10)}${pad(Number.isNaN(diff) ? "n/a" : diff.toFixed(2), 8)}${pad(share.toFixed(1), 8)}${pad(linguistShare.toFixed(1), 10)}${pad(lingShare.toFixed(1), 9)}${pad(points.toFixed(2), 7)}` +
        (row.missing ? `  (${row.missing} files cloc skipped)` : "") +
        (row.other ? `  (${row.other} files cloc calls another language)` : ""),
    );
  }
  out();
  out(
    `SUMMARY ${path.basename(root)}: ${(cloc / ours).toFixed(1)}x faster than cloc, ${(ours / wc).toFixed(2)}x wc -l; ` +
      `code within 2% of cloc for ${linesOk}/${checked} languages, bytes within 1 pt of Linguist for ${bytesOk}/${checked}`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
