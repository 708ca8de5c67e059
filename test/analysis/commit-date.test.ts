import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committerDate } from "../../src/analysis/commit-date.ts";
import { git, type TempDir, tempDir } from "./fixtures.ts";

describe("committerDate (a commit's %cI, read from its object)", () => {
  let dir: TempDir;
  let tree: string;
  beforeAll(() => {
    dir = tempDir("commit-date");
    git(dir.path, "init", "-q");
    tree = git(dir.path, "hash-object", "-t", "tree", "-w", "--stdin");
  });
  afterAll(() => dir.remove());

  const commitText = (committer: string, extra = "") =>
    `tree ${tree}\nauthor A <a@b> 1 +0000\n${extra}committer ${committer}\n\nmessage\n`;
  /** What git itself prints for a commit of this text, written as it is (--literally). */
  const gitSays = (text: string) => {
    const oid = execFileSync(
      "git",
      ["hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
      { cwd: dir.path, input: text },
    )
      .toString()
      .trim();
    return git(dir.path, "log", "-1", "--format=%cI", oid);
  };

  it("prints what git 2.39 prints for every plain date: offsets either side, -0000, 1970, 9999", () => {
    const plain = [
      "C <c@d> 1700000000 +0000",
      "C <c@d> 1700000000 -0000",
      "C <c@d> 1700000000 +0130",
      "C <c@d> 1700000000 -1245",
      "C <c@d> 1700000000 +2359",
      "C <c@d> 0 +0000",
      "C <c@d> 99999999999 +0100",
      "C <c@d> 253402300799 +0000",
      "<> 1700000000 +0530",
      "C <c@d> x> 1700000000 -0300",
    ];
    for (const committer of plain) {
      const text = commitText(committer);
      expect(committerDate(Buffer.from(text)), committer).toBe(gitSays(text));
    }
    expect(committerDate(Buffer.from(commitText("C <c@d> 1700000000 +0130")))).toBe(
      "2023-11-14T23:43:20+01:30",
    );
  });

  it("leaves every form git prints in its own way to git: undefined", () => {
    const odd = [
      "C <c@d> 1700000000 +01",
      "C <c@d> 1700000000 +0199",
      "C <c@d> 1700000000 0100",
      "C <c@d> abc +0100",
      "C <c@d> 1700000000",
      "C <c@d>  1700000000 +0100",
      "C <c@d> 1700000000 +0100 more",
      "C <c@d> 253402300799 +0100",
      "C c@d> 1700000000 +0100",
      "C <c@d 1700000000 +0100",
    ];
    for (const committer of odd)
      expect(committerDate(Buffer.from(commitText(committer))), committer).toBeUndefined();
    // No committer line, a NUL in the header (git stops reading there), an encoding to re-encode.
    expect(
      committerDate(Buffer.from(`tree ${tree}\n\ncommitter C <c@d> 1 +0000\n`)),
    ).toBeUndefined();
    expect(committerDate(Buffer.from(commitText("C <c@d> 1 +0000", "x \0\n")))).toBeUndefined();
    expect(committerDate(Buffer.from(commitText("C <c@d> 1 +0000", "encoding latin1\n")))).toBe(
      undefined,
    );
  });

  it("takes the header's last committer line, as git does, and never one from the message", () => {
    const twice = commitText("C <c@d> 1700000000 +0000", "committer B <b@d> 1 +0000\n");
    expect(committerDate(Buffer.from(twice))).toBe(gitSays(twice));
    const inMessage = `${commitText("C <c@d> 0 +0000")}committer M <m@d> 1700000000 +0000\n`;
    expect(committerDate(Buffer.from(inMessage))).toBe("1970-01-01T00:00:00+00:00");
  });

  it("prints a date before 1970 in its offset, which git refuses to print", () => {
    expect(committerDate(Buffer.from(commitText("C <c@d> 0 -0100")))).toBe(
      "1969-12-31T23:00:00-01:00",
    );
  });

  it("reads 1 MB of the worst header text and answers right", () => {
    const worst = [
      `tree x\ncommitter ${"<".repeat(2 ** 19)}${">".repeat(2 ** 19)} 1 +0000\n`,
      `${"\ncommitter <> 1 +0000".repeat(2 ** 20 / 22)}\n\n`,
      `tree x\ncommitter ${"<> ".repeat(2 ** 20 / 3)}1 +0000`,
      `${"\n".repeat(2 ** 20)}committer <> 1 +0000`,
      `tree x\ncommitter <> ${"9".repeat(2 ** 20)} +0000\n`,
      `tree x\ncommitter <> 1 +0000\n`.padEnd(2 ** 20, "\0"),
    ];
    const dates = worst.map((text) => committerDate(Buffer.from(text)));
    expect(dates).toEqual([
      "1970-01-01T00:00:01+00:00",
      "1970-01-01T00:00:01+00:00",
      "1970-01-01T00:00:01+00:00",
      undefined,
      undefined,
      undefined,
    ]);
  });
});
