import { beforeAll, describe, expect, it } from "vitest";
import { type PygmentsSyntax, readPygments } from "../../scripts/gen-syntax-pygments.ts";

/**
 * The probe that turns Pygments' lexers into comment and string syntax (npm run gen:syntax), run
 * against Debian's python3-pygments as the generator runs it (.ci/run installs the package).
 */
const DEBIAN_PYGMENTS = "/usr/lib/python3/dist-packages";

describe("the Pygments probe", () => {
  let lexers: Map<string, PygmentsSyntax>;

  beforeAll(() => {
    const found = readPygments(DEBIAN_PYGMENTS, ["if", "else", "while", "unless"]);
    lexers = new Map(found.lexers.map((l) => [l.name, l]));
  }, 60_000);

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
