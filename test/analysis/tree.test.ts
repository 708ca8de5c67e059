import { describe, expect, it } from "vitest";
import { parseEntry } from "../../src/analysis/tree.ts";

const oid = "0123456789abcdef0123456789abcdef01234567";
const entry = (line: string) => parseEntry(Buffer.from(line, "latin1"));

describe("a line of git ls-tree -r -z", () => {
  it("reads mode, type, id and path, without sizes", () => {
    const parsed = entry(`100644 blob ${oid}\tsrc/a b.js`);
    expect(parsed).toMatchObject({ mode: "100644", type: "blob", oid, size: undefined });
    expect(parsed.raw.toString()).toBe("src/a b.js");
  });

  it("reads the padded size that -l adds, and none for a submodule", () => {
    expect(entry(`100755 blob ${oid}     123\trun.sh`)).toMatchObject({
      mode: "100755",
      oid,
      size: 123,
    });
    expect(entry(`100644 blob ${oid} 12345678\tbig`)).toMatchObject({ size: 12_345_678 });
    expect(entry(`160000 commit ${oid}       -\tsub`)).toMatchObject({
      type: "commit",
      oid,
      size: undefined,
    });
  });

  it("keeps the path whole: spaces, tabs and newlines after the first tab are the path's", () => {
    expect(entry(`100644 blob ${oid}\ta\tb c\nd`).raw.toString()).toBe("a\tb c\nd");
    expect(entry(`100644 blob ${oid}      7\t sp ace `).raw.toString()).toBe(" sp ace ");
  });

  it("takes an id of any length (sha256 repositories)", () => {
    const long = "ab".repeat(32);
    expect(entry(`120000 blob ${long}      9\tlink`)).toMatchObject({
      mode: "120000",
      oid: long,
      size: 9,
    });
  });
});
