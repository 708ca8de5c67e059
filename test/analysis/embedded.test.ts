import { describe, expect, it } from "vitest";
import {
  embeddedBlocks,
  embeddingTags,
  fencedBlocks,
} from "../../src/analysis/languages/embedded.ts";

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const blocksOf = (page: string) => {
  const found = embeddedBlocks(Buffer.from(page, "latin1"), embeddingTags(["script", "style"]));
  return (
    found && {
      outer: text(found.outer),
      blocks: found.blocks.map((b) => [b.tag, text(b.text)]),
      emptied: found.emptied,
    }
  );
};

describe("HTML's script and style blocks", () => {
  it("takes out the inner lines of each block, the lines with its tags left to the page", () => {
    expect(
      blocksOf("<p>\n<SCRIPT>\nvar a;\n// b\n</SCRIPT>\n<style media='x>y'>\np {}\n</style>\n"),
    ).toEqual({
      outer: "<p>\n<SCRIPT>\n\n\n</SCRIPT>\n<style media='x>y'>\n\n</style>\n",
      blocks: [
        ["script", "var a;\n// b\n"],
        ["style", "p {}\n"],
      ],
      emptied: 3,
    });
  });

  it("reads a start tag over lines, and a block with no end tag to the end of the page", () => {
    expect(blocksOf('<script\n  type="module">\nx\ny')).toEqual({
      outer: '<script\n  type="module">\n\n ',
      blocks: [["script", "x\ny"]],
      emptied: 2,
    });
  });

  it("leaves a script of another type, one in a comment and one on a single line alone", () => {
    expect(blocksOf('<script type="text/x-template">\n// t\n</script>\n')).toBeUndefined();
    expect(blocksOf("<!-- <script>\n// t\n</script> -->\n")).toBeUndefined();
    expect(blocksOf("<script>var a;</script>\n<scripts>\nx\n</scripts>\n")).toBeUndefined();
  });

  it("leaves a script in a template's own comment to the comment, and finds one after it", () => {
    const tags = embeddingTags(
      ["script", "style"],
      [
        ["<%--", "--%>"],
        ["{{!--", "--}}"],
      ],
    );
    const blocks = (page: string) =>
      embeddedBlocks(Buffer.from(page), tags)?.blocks.map((b) => [b.tag, text(b.text)]);
    // jte's `<%-- --%>` (lievit's page.jte) and Handlebars' `{{!-- --}}`.
    expect(blocks("<%-- no inline <script> here\nstill a comment\n--%>\n<p>\n")).toBeUndefined();
    expect(blocks("{{!-- <style>\nnot CSS\n--}}\n<script>\nx\n</script>\n")).toEqual([
      ["script", "x\n"],
    ]);
    // An opener closes at the nearest of its closers: Movable Type's Ignore tag in any spelling.
    const mt = embeddingTags(
      ["script"],
      ["</mt:Ignore>", "</MTIgnore>"].map((close) => ["<MTIgnore>", close] as const),
    );
    expect(
      embeddedBlocks(Buffer.from("<MTIgnore>a</MTIgnore>\n<script>\nx\n</script>\n"), mt)?.blocks
        .length,
    ).toBe(1);
    // 1 MB of Ignore tags closed in the spelling searched last: each closer is looked for once.
    const ignores = `${"<MTIgnore>a</MTIgnore>".repeat(2 ** 16)}\n<script>\nx\n</script>\n`;
    expect(embeddedBlocks(Buffer.from(ignores), mt)?.blocks.length).toBe(1);
    // One never closed hides everything after it, as an HTML comment does.
    expect(blocks("<%-- open\n<script>\nx\n</script>\n")).toBeUndefined();
    // 1 MB of openers without a close, and of stops that open nothing: linear either way.
    expect(blocks(`${"{{!-".repeat(2 ** 18)}\n<script>\nx\n</script>\n`)).toEqual([
      ["script", "x\n"],
    ]);
    expect(blocks(`${"<%--".repeat(2 ** 18)}\n<script>\nx\n</script>\n`)).toBeUndefined();
  });

  it("takes JavaScript's types, with any case and blanks, and module", () => {
    for (const type of ["text/javascript", " Application/ECMAScript ", "module", "text/babel", ""])
      expect(blocksOf(`<script type="${type}">\nx\n</script>`)?.blocks).toEqual([
        ["script", "x\n"],
      ]);
  });

  it("tells an element by an attribute of its start tag, before its name alone", () => {
    const tags = embeddingTags(["script", "style", "script[runat=server]"]);
    const keys = (page: string) =>
      embeddedBlocks(Buffer.from(page), tags)?.blocks.map((b) => [b.tag, text(b.text)]);
    expect(
      keys(
        "<script runat='Server'>\na\n</script>\n<SCRIPT language=vb RUNAT=server>\nb\n</SCRIPT>",
      ),
    ).toEqual([
      ["script[runat=server]", "a\n"],
      ["script[runat=server]", "b\n"],
    ]);
    // Not another attribute, nor a value that only begins so; a data script is no block.
    expect(keys('<script runat="serverless">\nc\n</script>')).toEqual([["script", "c\n"]]);
    expect(keys('<script xrunat=server type="text/x-template">\nd\n</script>')).toBeUndefined();
    // A qualified key alone takes only the elements that have its attribute.
    const server = embeddingTags(["script[runat=server]"]);
    expect(embeddedBlocks(Buffer.from("<script>\ne\n</script>"), server)).toBeUndefined();
    expect(() => embeddingTags(["script[runat]"])).toThrow(/not an element's key/);
  });

  it("takes out a fenced block's inner lines, from an opener first on its line to its close", () => {
    const fenced = (page: string, open = "%{", close = "%}", when?: RegExp) => {
      const marks = { open: Buffer.from(open), close: Buffer.from(close) };
      const found = fencedBlocks(Buffer.from(page), when ? { ...marks, when } : marks);
      return found && [text(found.outer), found.blocks.map((b) => text(b.text)), found.emptied];
    };
    expect(fenced('val a = 1\n  %{^\nint f(int (*g)(int));\n%} (* end *)\nval b = "%{"\n')).toEqual(
      ['val a = 1\n  %{^\n\n%} (* end *)\nval b = "%{"\n', ["int f(int (*g)(int));\n"], 1],
    );
    expect(fenced('val s = "%{"\nx\n%}\n')).toBeUndefined();
    // One that never closes fences nothing, the blocks before it kept.
    expect(fenced("%{\nint x;\n")).toBeUndefined();
    expect(fenced("%{\nint y;\n%}\n%{\nint z;\n")?.[1]).toEqual(["int y;\n"]);
    // One closed on its own line has none, and takes no lines after it.
    expect(fenced('%{^ #include "a.h" %}\nval x = 1\n%{\nint y;\n%}\n')?.[1]).toEqual(["int y;\n"]);
    // An opener whose line does not match `when` opens nothing.
    const liquid = /^-?[ \t]*liquid(?![\w-])/;
    expect(fenced("{% if a %}\nx\n{% endif %}\n", "{%", "%}", liquid)).toBeUndefined();
    expect(fenced("{%- liquid\n  # a\n-%}\n", "{%", "%}", liquid)?.[1]).toEqual(["  # a\n"]);
    // Anywhere on its line, `when` reads from the opener's end: an ERB tag that ends its line.
    const erb = { open: Buffer.from("<%"), close: Buffer.from("%>"), anywhere: true };
    const tag = (page: string) =>
      fencedBlocks(Buffer.from(page), { ...erb, when: /^[-=_]?[ \t]*\r?$/ })?.blocks.map((b) =>
        text(b.text),
      );
    expect(tag("<p><% if a %><%\n# b\n%>\n")).toEqual(["# b\n"]);
    expect(tag("<p><% if a %>\n# b\n%>\n")).toBeUndefined();
    // A line of 1 MB of openers: its text is made once, not once an opener.
    expect(tag(`${"<%".repeat(2 ** 19)}\nc\n%>\n`)).toEqual(["c\n"]);
    expect(tag(`${"<% ".repeat(2 ** 18)}x\nc\n%>\n`)).toBeUndefined();
    expect(() => fencedBlocks(Buffer.from("<%\n"), { ...erb, when: /x/ })).toThrow(/not anchored/);
  });
});
