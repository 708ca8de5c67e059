/**
 * npm run draw:languages -- <seed> [--from 0] [--to 63]
 *
 * The long-tail languages the accuracy rounds (PERFORMANCE §6) read, in a seeded random order:
 * every Linguist language of type programming or markup whose syntax has line or block
 * comments, less the mainstream ones below, sorted by code unit and shuffled by Fisher-Yates
 * with Park-Miller's minimal standard generator. The same seed over the same tables gives the
 * same order on any machine, so a round can be resumed where an earlier one stopped; a table
 * that gives a language its first comments changes the set, and so the order.
 */
import { parseArgs } from "node:util";
import * as linguist from "linguist-languages";
import { syntaxOf } from "../src/analysis/languages/syntax.ts";

// The fifty mainstream names the rounds have left out since Dec 5 (JSX is no Linguist name;
// Markdown, JSON, YAML, TOML, XML and SQL are no programming or markup language to Linguist,
// and Batchfile's comments have their own counter), and four more, sed, Genie, Processing and
// AppleScript: the list the rounds of seed 20261224 drew from was lost with its machine, and
// one that leaves these out gives its 541 languages and every one of the forty languages §6
// places in its first eight rounds.
const MAINSTREAM = new Set([
  ...["C", "C++", "C#", "Java", "JavaScript", "TypeScript", "TSX", "JSX", "Python", "Go"],
  ...["Rust", "Ruby", "PHP", "Swift", "Kotlin", "Scala", "Shell", "PowerShell", "Perl", "Lua"],
  ...["R", "Dart", "Haskell", "Elixir", "Erlang", "Clojure", "OCaml", "F#", "Objective-C"],
  ...["Objective-C++", "HTML", "CSS", "SCSS", "Less", "Markdown", "JSON", "YAML", "TOML"],
  ...["XML", "SQL", "Dockerfile", "Makefile", "CMake", "Vue", "Svelte", "Groovy", "Julia"],
  ...["MATLAB", "Visual Basic .NET", "Batchfile", "sed", "Genie", "Processing", "AppleScript"],
]);
const MODULUS = 2_147_483_647;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: "string", default: "0" }, to: { type: "string" } },
});
const seed = Number(positionals[0]);
const from = Number(values.from);
if (![seed, from, Number(values.to ?? 0)].every(Number.isSafeInteger)) {
  process.stderr.write("usage: npm run draw:languages -- <seed> [--from 0] [--to 63]\n");
  process.exit(2);
}

const hasComments = (name: string) => {
  const syntax = syntaxOf(name);
  return (syntax?.line?.length ?? 0) > 0 || (syntax?.block?.length ?? 0) > 0;
};
const pool: string[] = Object.values(linguist)
  .filter((language) => language.type === "programming" || language.type === "markup")
  .map((language) => language.name)
  .filter((name) => !MAINSTREAM.has(name) && hasComments(name))
  .sort();

let state = seed % MODULUS || 1;
for (let i = pool.length - 1; i >= 1; i--) {
  state = (state * 16_807) % MODULUS;
  const j = state % (i + 1);
  [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
}

const to = Math.min(Number(values.to ?? pool.length - 1), pool.length - 1);
process.stdout.write(`seed ${seed}: ${pool.length} languages\n`);
for (let k = from; k <= to; k++) process.stdout.write(`${k} ${pool[k]}\n`);
