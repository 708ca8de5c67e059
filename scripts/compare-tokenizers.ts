/**
 * npm run compare:tokenizers -- <tokenizer> <directory> [--show 10]
 *
 * File-by-file agreement of our line counts with a language's own tokenizer on every file of
 * its extensions under a directory (docs/PERFORMANCE.md, section 6, "The mainstream languages
 * against their own tokenizers"): a program in scripts/tokenizers/ reads each file with the
 * tokenizer and counts a line as code where a token other than a comment touches it, a comment
 * where only comments do, blank where it holds only blanks (with RepoLens's conventions: a
 * first-line #! and an `__END__` line are code, Python's string statements comments). Prints how
 * many files agree exactly, and cloc's agreement with the tokenizer on the same files beside it.
 * Each tokenizer is the machine's own: python3, ruby, php, perl with PPI, go, java (JDK 17+),
 * escript, clang, or node with TypeScript 5's API (TYPESCRIPT_API=<its folder>; TypeScript 7,
 * the project's, has none); a file the tokenizer refuses is left out.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { measureFile } from "../src/analysis/scan/index.ts";
import { clocByFile, listFiles } from "./lib/cloc.ts";

const MAX_BYTES = 2 * 1024 * 1024;
const HERE = path.join(import.meta.dirname, "tokenizers");
const JAVA_EXPORTS = ["parser", "util"].map(
  (p) => `--add-exports=jdk.compiler/com.sun.tools.javac.${p}=ALL-UNNAMED`,
);
const clang = (language: string, extensions: string[]) => ({
  command: ["python3", path.join(HERE, "clang.py"), language],
  extensions,
});
const TOKENIZERS: Record<string, { command: string[]; extensions: string[] }> = {
  python: { command: ["python3", path.join(HERE, "python.py")], extensions: [".py"] },
  ruby: { command: ["ruby", path.join(HERE, "ruby.rb")], extensions: [".rb"] },
  php: { command: ["php", path.join(HERE, "php.php")], extensions: [".php"] },
  perl: { command: ["perl", path.join(HERE, "perl.pl")], extensions: [".pm", ".pl"] },
  go: { command: ["go", "run", path.join(HERE, "go.go")], extensions: [".go"] },
  java: { command: ["java", ...JAVA_EXPORTS, path.join(HERE, "Tok.java")], extensions: [".java"] },
  erlang: { command: ["escript", path.join(HERE, "erlang.escript")], extensions: [".erl"] },
  c: clang("c", [".c", ".h"]),
  "c++": clang("c++", [".cc", ".cpp", ".cxx", ".hh", ".hpp"]),
  "objective-c": clang("objective-c", [".m"]),
  typescript: {
    command: ["node", path.join(HERE, "typescript.cjs")],
    extensions: [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"],
  },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { show: { type: "string", default: "0" } },
});
const [name, dir] = positionals;
const tokenizer = name ? TOKENIZERS[name] : undefined;
if (!tokenizer || !dir) {
  process.stderr.write(
    `usage: npm run compare:tokenizers -- <${Object.keys(TOKENIZERS).join("|")}> <directory> [--show 10]\n`,
  );
  process.exit(2);
}
const out = (line = "") => process.stdout.write(`${line}\n`);

const root = path.resolve(dir);
const files = (await listFiles(root, MAX_BYTES)).filter((f) =>
  tokenizer.extensions.some((e) => f.endsWith(e)),
);
const [command, ...args] = tokenizer.command as [string, ...string[]];
const truth = new Map<string, [number, number, number]>();
for (const line of execFileSync(command, args, {
  input: `${files.join("\n")}\n`,
  encoding: "utf8",
  maxBuffer: 1 << 30,
  stdio: ["pipe", "pipe", "inherit"],
}).split("\n")) {
  const [file, ...counts] = line.split("\t");
  if (file && counts.length === 3) truth.set(file, counts.map(Number) as [number, number, number]);
}
const cloc = clocByFile([...truth.keys()]);
let exact = 0;
let clocCounts = 0;
let clocExact = 0;
const misses: { file: string; off: number; text: string }[] = [];
for (const [file, [code, comments, blanks]] of truth) {
  const ours = measureFile(path.relative(root, file), fs.readFileSync(file))?.lines;
  const theirs = cloc.get(path.resolve(file));
  if (theirs) clocCounts++;
  if (theirs?.code === code && theirs.comment === comments && theirs.blank === blanks) clocExact++;
  const off = ours
    ? Math.abs(ours.code - code) +
      Math.abs(ours.comments - comments) +
      Math.abs(ours.blanks - blanks)
    : code + comments + blanks;
  if (off === 0) exact++;
  else
    misses.push({
      file,
      off,
      text: `${ours ? `${ours.code}/${ours.comments}/${ours.blanks}` : "no language"} against ${code}/${comments}/${blanks}`,
    });
}
out(
  `SUMMARY ${name} ${root}: ${truth.size} files the tokenizer read, ${exact} agree exactly with ours; ` +
    `cloc counts ${clocCounts}, ${clocExact} agree exactly`,
);
for (const m of misses.sort((a, b) => b.off - a.off).slice(0, Number(values.show)))
  out(`${path.relative(root, m.file)}: ours ${m.text}`);
