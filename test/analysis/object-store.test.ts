import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/index.ts";
import { openBlobs } from "../../src/analysis/scan/blobs.ts";
import { scanTree } from "../../src/analysis/scan/index.ts";
import { createRepo, git, localAnalysisOptions, type TempDir, tempDir } from "./fixtures.ts";

/**
 * Since issue #20 the tip is read from git's object store: no work tree is written. What a
 * checkout used to settle (names as bytes, links, submodules, sizes) must come out the same.
 */
describe("an analysis read from the object store", () => {
  let dir: TempDir;
  let repo: string;

  beforeAll(() => {
    dir = tempDir("object-store");
    repo = createRepo(path.join(dir.path, "repo"), {
      "src/a.js": "let a = 1;\n// one\n",
      "line\nbreak.js": "let b = 2;\n",
      "big.js": `${"let c = 3;\n".repeat(400)}`,
      "link.js": { symlink: "/etc/passwd" },
      "package.json": JSON.stringify({ name: "store", dependencies: { zod: "^4" } }),
    });
    // A name that is not UTF-8, and a submodule (a gitlink) whose commit is nowhere.
    writeFileSync(Buffer.from(path.join(repo, "caf\xe9.js"), "latin1"), "let d = 4;\n");
    git(repo, "add", "-A");
    git(repo, "update-index", "--add", "--cacheinfo", `160000,${"b".repeat(40)},sub`);
    git(repo, "commit", "-q", "-m", "more");
  });
  afterAll(() => dir.remove());

  it("writes no file of the tree into the sandbox, and counts what the commit holds", async () => {
    const options = { ...localAnalysisOptions(dir.path), maxFileBytes: 1024 };
    mkdirSync(options.sandboxDir);
    let during: string[] | undefined;
    const report = await analyze({ url: repo }, options, {
      onProgress: (step) => {
        if (step !== "scanning" || during) return;
        const [job] = readdirSync(options.sandboxDir);
        during = readdirSync(path.join(options.sandboxDir, job as string, "repo"));
      },
    });
    expect(during).toEqual([".git"]);
    // a.js, the name with a newline and the one that is not UTF-8; big.js only by its size.
    const javascript = report.languages.find((l) => l.name === "JavaScript");
    expect(javascript).toMatchObject({ files: 3, code: 3, comments: 1, bytes: 40 });
    expect(report.excluded.tooLarge).toEqual({ files: 1, bytes: 4400 });
    expect(report.excluded).toMatchObject({ symlinks: 1, submodules: 1, unreadable: 0 });
    expect(report.manifests).toMatchObject([{ path: "package.json", name: "store" }]);
  });
});

describe("a repository's .gitattributes, from its commit", () => {
  it("applies them to the commit's files and leaves the repository's own index alone", async () => {
    const dir = tempDir("attributes-index");
    try {
      const repo = createRepo(path.join(dir.path, "repo"), {
        ".gitattributes": "lib/** linguist-vendored\n",
        "lib/a.js": "a();\n",
        "b.js": "b();\n",
      });
      // Staged, not committed: the scan must neither see it nor unstage it.
      writeFileSync(path.join(repo, "staged.js"), "c();\n");
      git(repo, "add", "staged.js");
      const scan = await scanTree(repo, { home: dir.path, maxFileBytes: 1024 });
      expect(scan.files.map((f) => [f.path, f.category])).toEqual([
        [".gitattributes", "vendored"],
        ["b.js", "source"],
        ["lib/a.js", "vendored"],
      ]);
      expect(git(repo, "diff", "--cached", "--name-only")).toBe("staged.js");
      expect(readdirSync(dir.path)).toEqual(["repo"]);
    } finally {
      dir.remove();
    }
  });
});

describe("the object reader (git cat-file --batch-command)", () => {
  let dir: TempDir;
  let repo: string;
  const oid = (file: string) => git(repo, "rev-parse", `HEAD:${file}`);

  beforeAll(() => {
    dir = tempDir("blobs");
    repo = createRepo(path.join(dir.path, "repo"), {
      "small.txt": "small\n",
      "large.bin": Buffer.alloc(300_000, 7),
      "empty.txt": "",
      "last.txt": "last\n",
    });
  });
  afterAll(() => dir.remove());

  it("answers in order, passes over a blob past its read's limit, and says what is missing", async () => {
    const blobs = openBlobs(repo, { home: dir.path });
    try {
      const reads = [
        blobs.read(oid("small.txt"), 100),
        blobs.read(oid("large.bin"), 1000),
        blobs.read("0".repeat(40), 1000),
        blobs.read(oid("empty.txt"), 100),
        blobs.read(oid("large.bin"), 300_000),
        blobs.read(oid("last.txt"), 100),
      ];
      const [small, large, missing, empty, whole, last] = await Promise.all(reads);
      expect(small?.toString()).toBe("small\n");
      expect(large).toBe("too-large");
      expect(missing).toBeUndefined();
      expect(empty).toEqual(Buffer.alloc(0));
      expect(whole).toEqual(Buffer.alloc(300_000, 7));
      expect(last?.toString()).toBe("last\n");
    } finally {
      await blobs.close();
    }
  });

  it("reads the same however git's answers are cut, headers split between reads included", async () => {
    // git behind a pipe that passes on 5 bytes a millisecond: nearly every header and body
    // reaches the reader in pieces.
    const bin = path.join(dir.path, "trickle");
    mkdirSync(bin);
    const realGit = execFileSync("sh", ["-c", "command -v git"]).toString().trim();
    const trickle = path.join(bin, "trickle.js");
    writeFileSync(
      trickle,
      `const q = []; let busy = false;
      const pump = () => { const piece = q.shift(); if (!piece) { busy = false; return; }
        process.stdout.write(piece); setTimeout(pump, 1); };
      process.stdin.on("data", (c) => { for (let i = 0; i < c.length; i += 5) q.push(c.subarray(i, i + 5));
        if (!busy) { busy = true; pump(); } });`,
    );
    writeFileSync(
      path.join(bin, "git"),
      `#!/bin/sh\n"${realGit}" "$@" | "${process.execPath}" "${trickle}"\n`,
      { mode: 0o755 },
    );
    const PATH = process.env.PATH;
    process.env.PATH = `${bin}:${PATH}`;
    const blobs = openBlobs(repo, { home: dir.path });
    process.env.PATH = PATH;
    try {
      const [small, info, missing, infos, empty, last] = await Promise.all([
        blobs.read(oid("small.txt"), 100),
        blobs.info(oid("large.bin")),
        blobs.read("0".repeat(40), 1000),
        blobs.infos([oid("small.txt"), "0".repeat(40), oid("empty.txt")]),
        blobs.read(oid("empty.txt"), 100),
        blobs.read(oid("last.txt"), 100),
      ]);
      expect(small?.toString()).toBe("small\n");
      expect(info).toEqual({ oid: oid("large.bin"), type: "blob", size: 300_000 });
      expect(infos).toEqual([
        { oid: oid("small.txt"), type: "blob", size: 6 },
        undefined,
        { oid: oid("empty.txt"), type: "blob", size: 0 },
      ]);
      expect(missing).toBeUndefined();
      expect(empty).toEqual(Buffer.alloc(0));
      expect(last?.toString()).toBe("last\n");
    } finally {
      await blobs.close();
    }
  });

  it("gives an object's id, type and size without its bytes, and a commit only when asked for one", async () => {
    const blobs = openBlobs(repo, { home: dir.path });
    try {
      const head = git(repo, "rev-parse", "HEAD");
      const [commit, large, missing, asBlob, asCommit, blobAsCommit] = await Promise.all([
        blobs.info("HEAD^{commit}"),
        blobs.info(oid("large.bin")),
        blobs.info("0".repeat(40)),
        blobs.read(head, 1000),
        blobs.read(head, 1000, "commit"),
        blobs.read(oid("small.txt"), 1000, "commit"),
      ]);
      expect(commit).toMatchObject({ oid: head, type: "commit" });
      expect(large).toEqual({ oid: oid("large.bin"), type: "blob", size: 300_000 });
      expect(missing).toBeUndefined();
      expect(asBlob).toBeUndefined();
      expect(asCommit?.toString()).toBe(`${git(repo, "cat-file", "commit", head)}\n`);
      expect(blobAsCommit).toBeUndefined();
      // Many at once, in their order; none asked, none answered.
      expect(await blobs.infos(["0".repeat(40), head, oid("large.bin")])).toEqual([
        undefined,
        { oid: head, type: "commit", size: expect.any(Number) },
        large,
      ]);
      expect(await blobs.infos([])).toEqual([]);
    } finally {
      await blobs.close();
    }
  });

  it("finds objects of a pack written after it started, as the clone's blob fetch writes one", async () => {
    const other = createRepo(path.join(dir.path, "later"), { "later.txt": "written later\n" });
    const later = git(other, "rev-parse", "HEAD:later.txt");
    const blobs = openBlobs(repo, { home: dir.path });
    try {
      expect(await blobs.info(later)).toBeUndefined();
      git(repo, "-c", "fetch.unpackLimit=1", "fetch", "-q", other, "HEAD");
      expect(git(repo, "count-objects", "-v")).toMatch(/^packs: [1-9]/m);
      expect(await blobs.info(later)).toMatchObject({ type: "blob", size: 14 });
      expect((await blobs.read(later, 100))?.toString()).toBe("written later\n");
    } finally {
      await blobs.close();
    }
  });

  it("fails what is pending with CANCELLED when the analysis is cancelled", async () => {
    const controller = new AbortController();
    const blobs = openBlobs(repo, { home: dir.path, signal: controller.signal });
    const read = blobs.read(oid("large.bin"), 300_000);
    controller.abort();
    await expect(read).rejects.toMatchObject({ code: "CANCELLED" });
    await blobs.close();
    await expect(blobs.read(oid("small.txt"), 100)).rejects.toMatchObject({ code: "CANCELLED" });
  });
});
