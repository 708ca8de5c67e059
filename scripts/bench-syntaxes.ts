/**
 * Every language's line counter on its own markers, each repeated into one long line: bare
 * (C's `/*` a million times over), before a letter and before a blank. On such a line every marker is an
 * opener the counter tries, so a counter that looks along the rest of the line from each one
 * (for its close, its line's end, a test of what follows) takes time with the square of the
 * line, and shows here far above the rest. Prints the slowest runs and the total.
 *
 *   npm run bench:syntaxes -- [--kb 256] [--top 20] [--only <language>]
 *
 * A benchmark, not a test: it asserts nothing. At 256 KB the whole table (every hand-written
 * and generated syntax, some 21,000 runs) takes a few minutes.
 */

import { parseArgs } from "node:util";
import { compileSyntax, countLines } from "../src/analysis/languages/count.ts";
import {
  GENERATED_SYNTAX,
  SYNTAX,
  type Syntax,
  syntaxOf,
} from "../src/analysis/languages/syntax.ts";
import { markersOf } from "./lib/syntax-markers.ts";

const { values } = parseArgs({
  options: {
    kb: { type: "string", default: "256" },
    top: { type: "string", default: "20" },
    only: { type: "string" },
  },
});
const SIZE = Math.max(1, Number(values.kb)) * 1024;
const out = (line = "") => process.stdout.write(`${line}\n`);

/** Its markers and its fenced blocks' opens and closes, each once. */
function markers(syntax: Syntax): string[] {
  const fenced = syntax.fenced === undefined ? [] : [syntax.fenced].flat();
  const all = [
    ...markersOf(syntax, { closers: true }),
    ...fenced.flatMap((f) => [f.open, f.close]),
  ];
  return [...new Set(all.filter((m) => m.length > 0))];
}

const languages = [...new Set([...Object.keys(SYNTAX), ...Object.keys(GENERATED_SYNTAX)])]
  .filter((name) => values.only === undefined || name === values.only)
  .sort();
const runs: { ms: number; language: string; text: string }[] = [];
const started = performance.now();
for (const language of languages) {
  const syntax = syntaxOf(language);
  if (!syntax) continue;
  const compiled = compileSyntax(syntax);
  for (const marker of markers(syntax))
    for (const unit of [marker, `${marker}x`, `${marker} `]) {
      const text = Buffer.from(unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE), "latin1");
      const t0 = performance.now();
      countLines(text, compiled);
      runs.push({ ms: performance.now() - t0, language, text: unit });
    }
}
const seconds = (performance.now() - started) / 1000;
runs.sort((a, b) => b.ms - a.ms);
out(
  `${runs.length} runs over ${languages.length} languages, ${SIZE / 1024} KB each (node ${process.version})`,
);
out();
out(`${"language".padEnd(32)}${"line of".padEnd(14)}${"ms".padStart(9)}${"MB/s".padStart(9)}`);
for (const run of runs.slice(0, Number(values.top)))
  out(
    `${run.language.padEnd(32)}${JSON.stringify(run.text).padEnd(14)}${run.ms.toFixed(1).padStart(9)}${(SIZE / 1024 / 1024 / (run.ms / 1000)).toFixed(1).padStart(9)}`,
  );
const median = runs[Math.floor(runs.length / 2)]?.ms ?? 0;
out();
out(`median ${median.toFixed(1)} ms; all ${seconds.toFixed(0)} s`);
