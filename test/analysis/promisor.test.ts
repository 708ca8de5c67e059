import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withoutPromisor } from "../../src/analysis/promisor.ts";
import { createRepo, tempDir } from "./fixtures.ts";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("a partial clone's configuration without its promisor remote", () => {
  it("drops the origin remote and extensions.partialClone and keeps every other line", () => {
    const config = [
      "[core]",
      "\trepositoryformatversion = 1",
      "\tbare = false",
      "[extensions]",
      "\tpartialClone = origin",
      "\tobjectFormat = sha1",
      '[remote "origin"]',
      "\turl = https://example.test/a/b",
      "\tfetch = +refs/heads/*:refs/remotes/origin/*",
      "\tpromisor = true",
      "\tpartialclonefilter = blob:none",
      // A subsection name is case-sensitive: this one is another remote.
      '[remote "Origin"]',
      "\turl = https://example.test/c/d",
      '[branch "main"]',
      "\tremote = origin",
      "\tmerge = refs/heads/main",
      "",
    ].join("\n");
    expect(withoutPromisor(config)).toBe(
      [
        "[core]",
        "\trepositoryformatversion = 1",
        "\tbare = false",
        "[extensions]",
        "\tobjectFormat = sha1",
        '[remote "Origin"]',
        "\turl = https://example.test/c/d",
        '[branch "main"]',
        "\tremote = origin",
        "\tmerge = refs/heads/main",
        "",
      ].join("\n"),
    );
  });

  it("a value that reads like a section header is no header: the section goes on to the next", () => {
    const config = '[remote "origin"]\n\turl = https://example.test/[core]\n\tpromisor = true\n';
    expect(withoutPromisor(config)).toBe("");
  });

  it("reads 1 MB of the worst configuration text to its end", () => {
    const mb = (unit: string) => unit.repeat(Math.ceil(1_048_576 / unit.length));
    // Escapes in an unclosed subsection, lone brackets, the origin header over and over: the
    // header pattern must neither backtrack nor lose its place.
    expect(withoutPromisor(`[remote "${mb("\\a")}\n\tpromisor = true\n`)).toContain("promisor");
    expect(withoutPromisor(mb("[\n"))).toBe(mb("[\n"));
    expect(withoutPromisor(`${mb('[remote "origin"]\n\turl = x\n')}[core]\n\tbare = false\n`)).toBe(
      "[core]\n\tbare = false\n",
    );
  });

  it("leaves a real partial clone that git reads as it did, without the remote", () => {
    const dir = tempDir("promisor");
    try {
      const source = path.join(dir.path, "source");
      createRepo(source, { "a.txt": "a\n", "b/c.txt": "c\n" });
      git(source, "config", "uploadpack.allowFilter", "true");
      const clone = path.join(dir.path, "clone");
      git(
        dir.path,
        "clone",
        "-q",
        "--filter=blob:none",
        "--no-checkout",
        `file://${source}`,
        clone,
      );
      const file = path.join(clone, ".git", "config");
      expect(git(clone, "config", "--list")).toMatch(/remote\.origin\.promisor=true/);
      const before = git(clone, "config", "--list").split("\n");
      writeFileSync(file, withoutPromisor(readFileSync(file, "utf8")));
      const after = git(clone, "config", "--list").split("\n");
      expect(after).toEqual(
        before.filter((line) => !/^remote\.origin\.|^extensions\.partialclone=/i.test(line)),
      );
      // No promisor left: a blob the clone lacks is an error, not a fetch.
      const blob = git(clone, "rev-parse", "HEAD:a.txt").trim();
      expect(() => git(clone, "cat-file", "-p", blob)).toThrow();
    } finally {
      dir.remove();
    }
  });
});
