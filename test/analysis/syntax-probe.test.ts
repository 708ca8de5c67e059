import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HLJS_LANGUAGES, hljsPackages, readHljs } from "../../scripts/gen-syntax-hljs.ts";
import { PRISM_COMPONENTS, readPrism } from "../../scripts/gen-syntax-prism.ts";
import type { ProbedSyntax } from "../../scripts/gen-syntax-probe.ts";
import { type PygmentsSyntax, readPygments } from "../../scripts/gen-syntax-pygments.ts";
import {
  readTextMate,
  STARRY_NIGHT_LEFT_OUT,
  STARRY_NIGHT_LICENCES,
  starryNightGrammars,
} from "../../scripts/gen-syntax-textmate.ts";
import { languageType } from "../../src/analysis/languages/catalog.ts";

/**
 * The probe that turns Pygments' lexers into comment and string syntax (npm run gen:syntax), run
 * against Debian's python3-pygments as the generator runs it (.ci/run installs the package).
 */
const DEBIAN_PYGMENTS = "/usr/lib/python3/dist-packages";

describe("the Pygments probe", () => {
  let lexers: Map<string, PygmentsSyntax>;

  // One Python process probing every lexer: seconds alone, over 60 in a fresh-clone CI run
  // beside eight helpers' work (load 15 on two cores).
  beforeAll(() => {
    const found = readPygments(DEBIAN_PYGMENTS, ["if", "else", "while", "unless"]);
    lexers = new Map(found.lexers.map((l) => [l.name, l]));
  }, 180_000);

  const lexer = (name: string) => {
    const found = lexers.get(name);
    if (!found) throw new Error(`no lexer named ${name}`);
    return found;
  };

  it("finds a language's comments, and only them", () => {
    expect(lexer("C")).toMatchObject({ line: ["//"], block: [["/*", "*/"]], nested: false });
    // '###' is a CoffeeScript block; as a line marker it is only '#', which it holds.
    expect(lexer("CoffeeScript")).toMatchObject({ line: ["#"], block: [["###", "###"]] });
    expect(lexer("Nimrod")).toMatchObject({ line: ["#"], block: [["#[", "]#"]], nested: true });
    // A block's closer found as its opener's mirror: Shen's \* ... *\.
    expect(lexer("Shen")).toMatchObject({ block: [["\\*", "*\\"]] });
    // Narrowed to what the comment needs: Inform 7's '[' ... ']' (from the '#[' ... ']#' probed),
    // Berry's '#-' ... '-#' (from '<#--' ... '--#>').
    expect(lexer("Inform 7")).toMatchObject({ block: [["[", "]"]], nested: true });
    expect(lexer("Berry")).toMatchObject({ line: ["#"], block: [["#-", "-#"]] });
  });

  it("finds the strings that hide comment markers, with their escapes and line spans", () => {
    const c = lexer("C").strings;
    expect(c).toContainEqual({ open: '"', close: '"', escape: true, multiline: false });
    expect(c).toContainEqual(expect.objectContaining({ open: "'", charLiteral: true }));
    // '"""' in C is an empty string and a string: no triple-quoted rule.
    expect(c.map((s) => s.open)).not.toContain('"""');
    expect(lexer("Python").strings).toContainEqual(
      expect.objectContaining({ open: '"""', multiline: true }),
    );
    // Smalltalk: a double quote opens a comment, a single one a string.
    expect(lexer("Smalltalk")).toMatchObject({ block: [['"', '"']] });
    expect(lexer("Smalltalk").strings.map((s) => s.open)).toEqual(["'"]);
  });

  it("takes branch words only from a lexer that tells keywords from names", () => {
    expect(lexer("CoffeeScript").complexity).toEqual(["else", "if", "unless", "while"]);
    // EBNF's lexer colours every word as a keyword.
    expect(lexer("EBNF").complexity).toEqual([]);
  });
});

/**
 * The same probe on TextMate grammars, through the tokenizer process, with the tm-grammars
 * package the generator reads by default.
 */
const TM_GRAMMARS = path.join(import.meta.dirname, "../../node_modules/tm-grammars");

describe("the TextMate probe", () => {
  let grammars: Map<string, ProbedSyntax>;

  beforeAll(() => {
    const scopes = ["lean4", "cadence", "bicep", "bsl", "cue", "gleam", "kdl"];
    grammars = readTextMate(
      TM_GRAMMARS,
      ["if", "else", "while", "unless"],
      scopes.map((s) => `source.${s}`),
    );
  }, 60_000);

  const grammar = (scope: string) => {
    const found = grammars.get(scope);
    if (!found) throw new Error(`no grammar ${scope}`);
    return found;
  };

  it("finds a language's comments, from its own rules where no common marker fits", () => {
    // Lean 4's /- -/ is in no list of common markers: it comes from the grammar's comment rule.
    // Its -- comments include a Markdown grammar tm-grammars lacks; read as empty, it still
    // leaves the comment rule in (vscode-textmate would drop the rule, and -- with it).
    expect(grammar("source.lean4")).toMatchObject({
      line: ["--"],
      block: [["/-", "-/"]],
      nested: true,
    });
    expect(grammar("source.gleam")).toMatchObject({ line: ["//"], block: [] });
    // KDL's /- (slashdash) comments out what follows it only at a line's start in the probe.
    expect(grammar("source.kdl")).toMatchObject({ line: ["//"], lineStart: ["/-"] });
  });

  it("reads a first-line #! as code, as the Pygments side does", () => {
    // Cadence's grammar (Swift's) colours a #! on a file's first line as a comment.
    expect(grammar("source.cadence")).toMatchObject({
      line: ["//"],
      lineStart: [],
      block: [["/*", "*/"]],
    });
  });

  it("finds the strings that hide comment markers, with their escapes and line spans", () => {
    expect(grammar("source.bicep").strings).toEqual([
      { open: "'''", close: "'''", escape: false, multiline: true },
      { open: "'", close: "'", escape: true, multiline: true },
    ]);
    // 1C: "" doubles a quote, a backslash is text, and a string ends with its line.
    expect(grammar("source.bsl").strings).toEqual([
      { open: '"', close: '"', escape: false, multiline: false },
    ]);
    expect(grammar("source.gleam").strings).toEqual([
      { open: '"', close: '"', escape: true, multiline: true },
    ]);
  });

  it("takes branch words from control keywords only", () => {
    expect(grammar("source.gleam").complexity).toEqual(["else", "if"]);
    // Lean's grammar files if, else and while under keyword.other, with def and theorem.
    expect(grammar("source.lean4").complexity).toEqual([]);
  });

  it("reads no grammar without a permissive licence", () => {
    // tm-grammars records CUE's licence as NOASSERTION.
    expect(grammars.has("source.cue")).toBe(false);
  });
});

/**
 * The same probe and tokenizer on a package laid out as starry-night is (a module per scope,
 * `lang/<scopeName>.js`, its default export the grammar, its licence in its header comment):
 * tiny grammars written for the test, so that it depends on no grammar's content. Alpha has no
 * comment rule of its own but includes beta's, which it gets only if beta's module is read
 * ahead; gamma's comment rule includes a scope the package lacks, and delta's comment rule and
 * its top level include an MPL-2.0 grammar: vscode-textmate would drop a rule whose included
 * grammar does not load, so both must be read as empty, and the MPL one's # comments must not
 * reach delta.
 */
describe("the TextMate probe on starry-night's layout", () => {
  let dir: string;
  let grammars: Map<string, ProbedSyntax>;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "syntax-probe-starry-night-"));
    fs.mkdirSync(path.join(dir, "lang"));
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "@wooorm/starry-night", version: "9.9.9", type: "module" }),
    );
    const write = (scopeName: string, license: string | undefined, grammar: object) =>
      fs.writeFileSync(
        path.join(dir, "lang", `${scopeName}.js`),
        [
          "// This is a TextMate grammar distributed by `starry-night`.",
          ...(license === undefined
            ? []
            : license === "permissive"
              ? [
                  "// This grammar is developed at",
                  "// <https://example.org>",
                  "// and licensed permissive.",
                ]
              : [`// This grammar is licensed \`${license}\`.`]),
          "// See <https://github.com/wooorm/starry-night> for more info.",
          `const grammar = ${JSON.stringify({ extensions: [], names: [], scopeName, ...grammar })}`,
          "export default grammar",
          "",
        ].join("\n"),
      );
    write("source.alpha", "mit", {
      patterns: [
        { include: "source.beta#comments" },
        { name: "keyword.control.alpha", match: "\\bif\\b" },
      ],
    });
    write("source.beta", "bsd-3-clause", {
      patterns: [{ include: "#comments" }],
      repository: {
        comments: {
          patterns: [
            { name: "comment.line.double-slash.beta", match: "//.*$" },
            // An unescaped {{ in a rule's pattern is a literal: the probe takes {{# from it. A
            // plain `comment` scope, as Yul's and TXL's grammars name theirs, is a comment too.
            { name: "comment", begin: "{{#", end: "#}}" },
          ],
        },
      },
    });
    write("source.gamma", "isc", {
      patterns: [
        {
          name: "comment.line.semicolon.gamma",
          begin: ";",
          end: "$",
          patterns: [{ include: "source.missing" }],
        },
        { name: "string", begin: '"', end: '"' },
      ],
    });
    write("source.delta", "permissive", {
      patterns: [
        { include: "source.copyleft" },
        {
          name: "comment.line.double-dash.delta",
          begin: "--",
          end: "$",
          patterns: [{ include: "source.copyleft" }],
        },
      ],
    });
    write("source.copyleft", "mpl-2.0", {
      patterns: [{ name: "comment.line.number-sign.copyleft", match: "#.*$" }],
    });
    write("source.unrecorded", undefined, {
      patterns: [{ name: "comment.line.number-sign.unrecorded", match: "#.*$" }],
    });
    const scopes = [
      "source.alpha",
      "source.beta",
      "source.gamma",
      "source.delta",
      "source.copyleft",
      "source.unrecorded",
      "source.absent",
    ];
    grammars = readTextMate(dir, ["if", "else", "while", "unless"], scopes, "starry-night");
  }, 60_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const grammar = (scope: string) => {
    const found = grammars.get(scope);
    if (!found) throw new Error(`no grammar ${scope}`);
    return found;
  };

  it("lists the package's grammars by scope with their licences, only permissive ones", () => {
    const { version, grammars: listed } = starryNightGrammars(dir);
    expect(version).toBe("9.9.9");
    expect(Object.fromEntries([...listed].map(([scope, g]) => [scope, g.license]))).toEqual({
      "source.alpha": "mit",
      "source.beta": "bsd-3-clause",
      "source.delta": "permissive",
      "source.gamma": "isc",
    });
    expect(listed.get("source.beta")?.file).toBe(path.join(dir, "lang", "source.beta.js"));
    expect(STARRY_NIGHT_LICENCES.has("mpl-2.0")).toBe(false);
  });

  it("loads a scope a grammar includes from its own module", () => {
    expect(grammar("source.alpha")).toMatchObject({ line: ["//"], complexity: ["if"] });
    expect(grammar("source.beta")).toMatchObject({ line: ["//"], block: [["{{#", "#}}"]] });
  });

  it("reads a scope the package lacks as an empty grammar, keeping the rule that includes it", () => {
    expect(grammar("source.gamma")).toMatchObject({ line: [";"], block: [] });
    expect(grammar("source.gamma").strings).toEqual([
      { open: '"', close: '"', escape: false, multiline: true },
    ]);
  });

  it("reads a grammar whose licence is refused as empty where another includes it", () => {
    expect(grammar("source.delta")).toMatchObject({ line: ["--"], lineStart: [], block: [] });
  });

  it("gives nothing for a grammar refused by licence, without one, or absent", () => {
    expect(grammars.has("source.copyleft")).toBe(false);
    expect(grammars.has("source.unrecorded")).toBe(false);
    expect(grammars.has("source.absent")).toBe(false);
  });

  it("leaves out by name, each with its reason, only Linguist's languages", () => {
    for (const [name, reason] of Object.entries(STARRY_NIGHT_LEFT_OUT)) {
      expect(languageType(name)).toBeDefined();
      expect(reason).not.toBe("");
    }
    // Session transcripts, as the highlight.js map leaves them out.
    expect(Object.keys(STARRY_NIGHT_LEFT_OUT)).toEqual(
      expect.arrayContaining(["Julia REPL", "Python console", "Elvish Transcript"]),
    );
  });
});

/**
 * The same probe on Prism's components, through their tokenizer process, with the prismjs
 * package the generator reads by default.
 */
const PRISM = path.join(import.meta.dirname, "../../node_modules/prismjs");

describe("the Prism probe", () => {
  let components: Map<string, ProbedSyntax>;

  beforeAll(() => {
    const ids = ["lolcode", "cue", "ejs", "javascript", "brainfuck", "robotframework"];
    components = readPrism(PRISM, ["if", "else", "while", "unless"], ids);
  }, 60_000);

  const component = (id: string) => {
    const found = components.get(id);
    if (!found) throw new Error(`no component ${id}`);
    return found;
  };

  it("finds a language's comments, from its own patterns where no common marker fits", () => {
    // LOLCODE's BTW and OBTW start its two comment patterns; TLDR ends the block's.
    expect(component("lolcode")).toMatchObject({ line: ["BTW"], block: [["OBTW", "TLDR"]] });
    // CUE, which tm-grammars leaves out for its licence: Prism's is MIT, as all of Prism.
    expect(component("cue")).toMatchObject({ line: ["//"], block: [] });
    // Robot Framework's # is a comment at a line's start (in the probe, not after code).
    expect(component("robotframework")).toMatchObject({ line: [], lineStart: ["#"] });
  });

  it("reads a templating language's tags as Prism.highlight does, with its hooks", () => {
    // EJS's <%# %> comments are tokenized by the hook that splits tags from the HTML around.
    expect(component("ejs").block).toEqual([
      ["<!--", "-->"],
      ["<%#", "%>"],
    ]);
  });

  it("reads a first-line #! as code, as the other sources do", () => {
    // Prism colours JavaScript's hashbang as a comment.
    expect(component("javascript")).toMatchObject({ line: ["//"], lineStart: [] });
  });

  it("finds the strings that hide comment markers, with their escapes and line spans", () => {
    expect(component("cue").strings).toEqual([
      { open: '"""', close: '"""', escape: true, multiline: true },
      { open: "'''", close: "'''", escape: true, multiline: true },
      { open: '"', close: '"', escape: true, multiline: false },
      { open: "'", close: "'", escape: true, multiline: false },
    ]);
  });

  it("gives nothing for a component without comment syntax", () => {
    // Brainfuck's component colours everything but its eight commands as a comment.
    expect(components.has("brainfuck")).toBe(false);
  });

  it("pairs components with Linguist's languages by a map checked by hand", () => {
    // Prism's q is kdb+'s: Q# is its qsharp.
    expect(PRISM_COMPONENTS["Q#"]).toBe("qsharp");
    expect(Object.values(PRISM_COMPONENTS)).not.toContain("q");
    for (const name of Object.keys(PRISM_COMPONENTS)) expect(languageType(name)).toBeDefined();
  });
});

/**
 * The same probe on highlight.js's grammars, through their tokenizer process, with the
 * highlight.js package the generator reads by default and the grammar packages beside it.
 */
const HLJS = path.join(import.meta.dirname, "../../node_modules/highlight.js");

describe("the highlight.js probe", () => {
  let grammars: Map<string, ProbedSyntax>;
  let from: (id: string) => string;

  beforeAll(async () => {
    const packages = await hljsPackages(HLJS);
    from = packages.from;
    const ids = ["cos", "gams", "routeros", "livecodeserver", "4d", "mlir", "brainfuck"];
    grammars = readHljs(HLJS, ["if", "else", "while", "unless"], ids, packages.grammars);
  }, 60_000);

  const grammar = (id: string) => {
    const found = grammars.get(id);
    if (!found) throw new Error(`no grammar ${id}`);
    return found;
  };

  it("finds a language's comments, line-start ones included", () => {
    // ObjectScript's ; beside C's markers.
    expect(grammar("cos")).toMatchObject({ line: ["//", ";"], block: [["/*", "*/"]] });
    // GAMS's * and RouterOS's # are comments only as a line's first text (their modes' ^).
    expect(grammar("gams")).toMatchObject({ lineStart: ["*"] });
    expect(grammar("routeros")).toMatchObject({ line: [], lineStart: ["#"], block: [] });
    // LiveCode's four markers, its // only after a character other than : (a URL's).
    expect(grammar("livecodeserver")).toMatchObject({
      line: ["#", "--", "//"],
      block: [["/*", "*/"]],
    });
  });

  it("reads grammars of their own packages, each entry naming its package and licence", () => {
    // 4D's old ` comments beside // and /* */.
    expect(grammar("4d")).toMatchObject({ line: ["//", "`"], block: [["/*", "*/"]] });
    expect(grammar("mlir")).toMatchObject({ line: ["//"], block: [] });
    expect(from("4d")).toBe("highlightjs-4d 4d (MIT)");
    expect(from("mlir")).toBe("highlightjs-mlir mlir (Apache-2.0)");
    expect(from("cos")).toBe("highlight.js cos (BSD-3-Clause)");
  });

  it("finds the strings that hide comment markers, a grammar's illegal newline ending them", () => {
    // ObjectScript doubles a quote ("") to escape it; its grammar lets a string span lines.
    expect(grammar("cos").strings).toEqual([
      { open: '"', close: '"', escape: false, multiline: true },
    ]);
    // MLIR's grammar calls a newline in a string illegal: the string ends with its line.
    expect(grammar("mlir").strings).toEqual([
      { open: '"', close: '"', escape: true, multiline: false },
    ]);
  });

  it("takes branch words from keywords", () => {
    expect(grammar("routeros").complexity).toEqual(["else", "if", "while"]);
  });

  it("gives nothing for a grammar without comment markers", () => {
    // Brainfuck's grammar colours everything but its eight commands as a comment.
    expect(grammars.has("brainfuck")).toBe(false);
  });

  it("pairs grammars with Linguist's languages by a map checked by hand", () => {
    expect(HLJS_LANGUAGES.ObjectScript).toBe("cos");
    // Session transcripts and Brainfuck are left out.
    for (const id of ["julia-repl", "python-repl", "brainfuck"])
      expect(Object.values(HLJS_LANGUAGES)).not.toContain(id);
    for (const name of Object.keys(HLJS_LANGUAGES)) expect(languageType(name)).toBeDefined();
  });
});
