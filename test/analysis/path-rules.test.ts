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
});
