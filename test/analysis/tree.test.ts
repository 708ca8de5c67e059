import { describe, expect, it } from "vitest";
import { parseEntry, sizeEntries, type UnsizedEntry } from "../../src/analysis/tree.ts";

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

describe("sizeEntries (sizes asked of the object reader)", () => {
  const other = "f".repeat(40);
  const entries: UnsizedEntry[] = [
    { path: "a.js", kind: "file", oid },
    { path: "copy.js", kind: "file", oid },
    { path: "link", kind: "symlink", oid: other },
    { path: "sub", kind: "submodule", oid: "b".repeat(40) },
  ];

  it("asks once per blob, in one request, never for a submodule's commit, and keeps the listing's order", async () => {
    const asked: string[][] = [];
    const infos = async (names: readonly string[]) => {
      asked.push([...names]);
      return names.map((name) => ({ oid: name, type: "blob", size: name === oid ? 10 : 3 }));
    };
    expect(await sizeEntries(entries, { infos })).toEqual([
      { path: "a.js", kind: "file", oid, size: 10 },
      { path: "copy.js", kind: "file", oid, size: 10 },
      { path: "link", kind: "symlink", oid: other, size: 3 },
      { path: "sub", kind: "submodule", oid: "b".repeat(40), size: 0 },
    ]);
    expect(asked).toEqual([[oid, other]]);
  });

  it("fails with GIT_FAILED, naming the file, when the store lacks a blob the tree names", async () => {
    const infos = async (names: readonly string[]) =>
      names.map((name) => (name === other ? undefined : { oid: name, type: "blob", size: 1 }));
    await expect(sizeEntries(entries, { infos })).rejects.toMatchObject({
      code: "GIT_FAILED",
      message: expect.stringContaining('"link"'),
    });
  });
});
