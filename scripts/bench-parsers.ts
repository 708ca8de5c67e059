/**
 * Every parser that reads repository content (and the path rules), timed on adversarial inputs: runs of spaces,
 * newlines and `#`, deep nesting, unterminated strings and blocks, one long line, and the
 * openers each parser looks for repeated without their closers. A parser that backtracks shows
 * as a figure far below the others (or does not finish: run with a smaller `--kb` first).
 *
 *   npm run bench:parsers -- [--kb 1024] [--only <substring of a parser name>]
 *
 * Prints one row per parser × input: milliseconds and MB/s, and the outcome ("ok", what the
 * parser said: not understood, or over the manifest size cap). A benchmark, not a test: it
 * asserts nothing.
 */
import { parseArgs } from "node:util";
import { readManifests } from "../src/analysis/facts/manifests.ts";
import { detectLicense, detectTooling } from "../src/analysis/facts/tooling.ts";
import { compileSyntax, countDiffLines, countLines } from "../src/analysis/languages/count.ts";
import { detectLanguage } from "../src/analysis/languages/detect.ts";
import heuristics from "../src/analysis/languages/heuristics-data.json" with { type: "json" };
import { SYNTAX } from "../src/analysis/languages/syntax.ts";
import { MANIFEST_LIMITS } from "../src/analysis/report-limits.ts";
import { looksGenerated } from "../src/analysis/scan/generated.ts";
import { excludedCategory } from "../src/analysis/scan/paths.ts";

const { values } = parseArgs({
  options: { kb: { type: "string", default: "1024" }, only: { type: "string" } },
});
const SIZE = Math.max(1, Number(values.kb)) * 1024;
const out = (line = "") => process.stdout.write(`${line}\n`);

/** `unit` repeated to exactly SIZE characters (all inputs are ASCII: characters are bytes). */
const fill = (unit: string, prefix = "", suffix = "") => {
  const room = SIZE - prefix.length - suffix.length;
  return prefix + unit.repeat(Math.ceil(room / unit.length)).slice(0, room) + suffix;
};

// Inputs every parser gets: whitespace runs, comment markers, nesting, unterminated quotes.
const GENERIC: Record<string, () => string> = {
  spaces: () => fill(" "),
  newlines: () => fill("\n"),
  "spaces then x": () => fill(" ", "", "x"),
  "tabs and newlines": () => fill("\t\n "),
  "# run": () => fill("#"),
  "space-# pairs": () => fill(" #"),
  "one long line": () => fill("a"),
  "words, no newline": () => fill("a "),
  "unterminated string": () => fill("a", '"'),
  "quotes only": () => fill("\"'"),
  "[ nesting": () => fill("["),
  "{ nesting": () => fill("{"),
  "<a> nesting": () => fill("<a>"),
};

// Inputs aimed at one parser's grammar: its openers without closers, its line patterns broken.
const SPECIFIC: Record<string, Record<string, () => string>> = {
  "package.json": {
    "2000-deep arrays": () => fill(" ", `{"a":${"[".repeat(2000)}`, ""),
    "unterminated key": () => fill("a", '{"dependencies":{"'),
    "long dependency names": () =>
      `{"dependencies":{${Array.from({ length: 64 }, (_, i) => `"${i}${"n".repeat(SIZE / 80)}":"1"`).join(",")}}}`,
  },
  "requirements.txt": {
    "name then spaces": () => fill(" ", "a"),
    "spaces then #": () => fill(" ", "a", "#"),
    "name[ unclosed": () => fill(" ", "a["),
    "many lines of spaces": () => fill(`${" ".repeat(200)}\n`),
  },
  "pyproject.toml": {
    "array nesting": () => fill("[", "a = "),
    "inline-table nesting": () => fill("{a=", "b = "),
    "unterminated basic string": () => fill("a", 'a = "'),
    "unterminated multiline string": () => fill("a\n", 'a = """'),
    "table headers": () => fill("[a]\n"),
    "dotted keys": () => fill("a.", "", " = 1"),
  },
  "Cargo.toml": {
    "array nesting": () => fill("[", "a = "),
    "unterminated literal string": () => fill("a", "a = '"),
    "array of tables": () => fill("[[a]]\n"),
  },
  "go.mod": {
    "require ( without )": () => fill("\n", "require ("),
    "require ( then spaces": () => fill(" ", "require (\n"),
    "many require lines": () => fill("require a v1\n"),
    "module then spaces": () => fill(" ", "module"),
  },
  Gemfile: {
    "gem ' runs": () => fill("gem '"),
    "gem with , runs": () => fill(", 'a'", "gem 'a'"),
    "group without do": () => fill(" ", "group "),
    "group: [ unclosed": () => fill(" ", "gem 'a', group: ["),
  },
  "pom.xml": {
    "entity expansion": () =>
      `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "${"x".repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><project>${fill("&b;").slice(0, SIZE - 200)}</project>`,
    "deep elements": () => fill("<a>", "<project>"),
    "unclosed comment": () => fill("-", "<project><!--"),
    "many dependencies": () =>
      fill(
        "<dependency><groupId>g</groupId><artifactId>a</artifactId></dependency>",
        "<project><dependencies>",
        "</dependencies></project>",
      ),
    "attribute run": () => fill(' a="1"', "<project"),
  },
  "build.gradle": {
    "implementation runs": () => fill("implementation "),
    'implementation " runs': () => fill('implementation "a'),
    "spaces then implementation": () => fill(" ", "", "implementation"),
    "newlines then (": () => fill("\n", "implementation("),
  },
  "composer.json": {
    "deep objects": () => fill(" ", `{"require":${'{"a":'.repeat(2000)}`),
  },
  "App.csproj": {
    "deep ItemGroups": () => fill("<ItemGroup>", "<Project>"),
    "many PackageReferences": () =>
      fill(
        '<PackageReference Include="a" Version="1"/>',
        "<Project><ItemGroup>",
        "</ItemGroup></Project>",
      ),
  },
};

interface Case {
  parser: string;
  input: string;
  text: () => string;
  run: (text: string) => string | Promise<string>;
}

const manifest = (file: string) => async (text: string) => {
  const candidate = { path: file, bytes: text.length, oid: "one" };
  const r = await readManifests([candidate], () => text, MANIFEST_LIMITS);
  const problem = r.problems[0];
  if (problem) return problem.slice(file.length + 2, file.length + 50);
  const m = r.manifests[0];
  return `ok, ${m?.truncated?.dependencies?.total ?? m?.dependencies.length ?? 0} deps`;
};

const cases: Case[] = [];
for (const file of Object.keys(SPECIFIC))
  for (const [input, text] of [...Object.entries(GENERIC), ...Object.entries(SPECIFIC[file] ?? {})])
    cases.push({ parser: file, input, text, run: manifest(file) });

// The other readers of repository text: license and pyproject tool detection, language
// detection (shebang, modeline, content heuristics), generated-file detection, line counting.
const bytes = (s: string) => Buffer.from(s, "latin1");
const HEURISTIC_EXTS = [
  ".h",
  ".m",
  ".pl",
  ".pm",
  ".ts",
  ".rs",
  ".pp",
  ".pro",
  ".d",
  ".l",
  ".fs",
  ".cls",
  ".es",
];
const DETECT_INPUTS: Record<string, () => string> = {
  ...GENERIC,
  "(* without *)": () => fill("(*"),
  "words then no colon": () => fill("a a\n"),
  "@ and #import runs": () => fill("@#import "),
  "-*- modeline, 299 chars": () => fill("\n", `-*- ${"a; mode:".repeat(37)}`),
  "vim: modeline, 299 chars": () => fill("\n", `vim: ${"ex: ft ".repeat(42)}`),
  "#! long shebang": () => fill(" ", "#!/usr/bin/env "),
  ":- runs": () => fill(":-a "),
};
for (const ext of HEURISTIC_EXTS)
  for (const [input, text] of Object.entries(DETECT_INPUTS))
    cases.push({
      parser: `detectLanguage ${ext}`,
      input,
      text,
      run: (t) => `ok, ${detectLanguage(`file${ext}`, bytes(t)) ?? "none"}`,
    });
// Every extension Linguist has content rules for (heuristics.ts's, or the hand-written ones
// above where they exist): one run is one file of each, unbounded by the scan's CPU budget.
const SHARED_EXTS = Object.keys(heuristics.extensions);
for (const [input, text] of Object.entries(DETECT_INPUTS))
  cases.push({
    parser: `detect ×${SHARED_EXTS.length} exts`,
    input,
    text,
    run: (t) => {
      const head = bytes(t.slice(0, 8192));
      for (const ext of SHARED_EXTS) detectLanguage(`file${ext}`, head);
      return "ok";
    },
  });
for (const [input, text] of Object.entries({
  ...GENERIC,
  "Code generated, no DO NOT EDIT": () => fill("Code generated "),
  "sourceURL last line": () => fill("a", "\n", "//# sourceURL"),
}))
  cases.push({
    parser: "looksGenerated .js",
    input,
    text,
    run: (t) => `ok, ${looksGenerated("a.js", bytes(t), t.split("\n").length)}`,
  });
const C = compileSyntax(SYNTAX.C as (typeof SYNTAX)[string]);
for (const [input, text] of Object.entries({ ...GENERIC, "/* without */": () => fill("/*") }))
  cases.push({
    parser: "countLines C",
    input,
    text,
    run: (t) => `ok, ${countLines(bytes(t), C).code} code`,
  });
for (const [input, text] of Object.entries(GENERIC))
  cases.push({
    parser: "countDiffLines",
    input,
    text,
    run: (t) => `ok, ${countDiffLines(bytes(t)).code} code`,
  });
for (const [input, text] of Object.entries({
  ...GENERIC,
  "GNU GPL then spaces": () => fill(" ", "GNU GENERAL PUBLIC LICENSE"),
}))
  cases.push({
    parser: "detectLicense",
    input,
    text,
    run: (t) => `ok, ${detectLicense(t) ?? "none"}`,
  });
for (const [input, text] of Object.entries({
  ...GENERIC,
  "[tool runs": () => fill("[tool.\n"),
  '"license": unterminated': () => fill('"license": "a'),
}))
  cases.push({
    parser: "detectTooling",
    input,
    text,
    run: async (t) => {
      const tooling = await detectTooling(
        ["pyproject.toml", "package.json"],
        [{ ecosystem: "npm", path: "package.json", dependencies: [] }],
        () => t,
      );
      return `ok, ${tooling.linters.length} linters`;
    },
  });

// Tracked paths go through Linguist's vendor, generated and documentation rules; git checks out
// paths up to PATH_MAX (4 KB), so the input is SIZE bytes of 4 KB paths.
const PATH_UNITS: Record<string, string> = {
  "a/a/a": "a/",
  "250-char segments": `${"a".repeat(249)}/`,
  "import. runs": "import.",
  ".d runs": ".d",
  "prototype segments": `prototype${"x".repeat(240)}/`,
};
for (const [input, unit] of Object.entries(PATH_UNITS))
  cases.push({
    parser: "path rules",
    input: `${input} (4 KB paths)`,
    text: () => fill(unit),
    run: (t) => {
      let excluded = 0;
      for (let at = 0; at < t.length; at += 4096)
        if (excludedCategory(`${t.slice(at, at + 4095)}x`)) excluded++;
      return `ok, ${excluded} excluded`;
    },
  });

const selected = values.only
  ? cases.filter((c) => c.parser.includes(values.only as string))
  : cases;
out(`${selected.length} cases, ${Math.round(SIZE / 1024)} KB each (node ${process.version})`);
out();
out(`${"parser".padEnd(22)}${"input".padEnd(34)}${"ms".padStart(9)}${"MB/s".padStart(9)}  outcome`);
let slowest = { ms: 0, name: "" };
for (const c of selected) {
  const text = c.text();
  const t0 = performance.now();
  let outcome: string;
  try {
    outcome = await c.run(text);
  } catch (error) {
    outcome = `threw ${(error as Error).name}: ${(error as Error).message.slice(0, 40)}`;
  }
  const ms = performance.now() - t0;
  const mbs = text.length / 1024 / 1024 / (ms / 1000);
  if (ms > slowest.ms) slowest = { ms, name: `${c.parser} × ${c.input}` };
  out(
    `${c.parser.padEnd(22)}${c.input.padEnd(34)}${ms.toFixed(1).padStart(9)}${(mbs >= 1000 ? ">1000" : mbs.toFixed(1)).padStart(9)}  ${outcome}`,
  );
}
out();
out(`slowest: ${slowest.name}, ${slowest.ms.toFixed(1)} ms`);
