import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { anyOf, pathRules } from "../../src/analysis/path-rules.ts";

const RULES: [RegExp, string][] = [
  [/(?:^|\/)biome\.jsonc?$/, "Biome"],
  [/(?:^|\/)\.editorconfig$/, "EditorConfig"],
  [/\.jsonc?$/, "JSON"],
  [/^docs\//, "docs"],
];

const PATHS = [
  "biome.json",
  "a/b/biome.jsonc",
  "docs/biome.json",
  ".editorconfig",
  "src/.editorconfig.bak",
  "package.json",
  "src/index.ts",
  "docs",
  "",
];

describe("path rules", () => {
  it("answer as the rules tried one by one do", () => {
    const rules = pathRules(RULES);
    for (const path of PATHS) {
      const matching = RULES.filter(([re]) => re.test(path)).map(([, name]) => name);
      expect(rules.all(path), path).toEqual(matching);
      expect(rules.first(path), path).toBe(matching[0]);
    }
    expect(rules.all("docs/biome.json")).toEqual(["Biome", "JSON", "docs"]);
    expect(rules.first("src/index.ts")).toBeUndefined();
  });

  it("join patterns of one set of flags, and refuse a mix", () => {
    expect(anyOf([/^a$/i, /^b$/i]).test("B")).toBe(true);
    expect(anyOf([/^a$/, /b$/]).test("xb")).toBe(true);
    expect(() => anyOf([/a/, /b/i])).toThrow(/different flags/);
    expect(anyOf([]).test("anything")).toBe(false);
    expect(anyOf([]).test("")).toBe(false);
  });

  it("are native code before their first path, with no bytecode for V8's interpreter", () => {
    // V8's own view, in a fresh Node: a regex made as anyOf makes its alternation, then run on
    // one short path, has bytecode (the check can tell), the alternation has none.
    const script = `
      const { anyOf } = await import(${JSON.stringify(path.resolve("src/analysis/path-rules.ts"))});
      const sources = ["(^|\\/)node_modules\\/", "\\.d\\.ts$", "^[Dd]ocs?\\/"];
      const plain = new RegExp(sources.map((s) => "(?:" + s + ")").join("|"));
      plain.test("src/index.ts");
      const any = anyOf(sources.map((s) => new RegExp(s)));
      const code = (re) => [%RegexpHasBytecode(re, true), %RegexpHasNativeCode(re, true)];
      process.stdout.write(JSON.stringify({ plain: code(plain), any: code(any) }));
    `;
    const out = execFileSync(
      process.execPath,
      ["--allow-natives-syntax", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    const { plain, any } = JSON.parse(out) as Record<string, [boolean, boolean]>;
    expect(plain?.[0]).toBe(true);
    expect(any).toEqual([false, true]);
  });
});
