import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/index.ts";
import { readLocalHead } from "../../src/analysis/local-clone.ts";
import {
  createRepo,
  git,
  localAnalysisOptions,
  processesIn,
  type TempDir,
  tempDir,
} from "./fixtures.ts";

let dir: TempDir;
let work: string;
let tip: string;

beforeAll(() => {
  dir = tempDir("local-clone");
  work = createRepo(path.join(dir.path, "work"), { "a.ts": "export const a = 1;\n" });
  writeFileSync(path.join(work, "b.py"), "# b\nb = 2\n");
  git(work, "add", "-A");
  git(work, "commit", "-q", "-m", "second");
  tip = git(work, "rev-parse", "HEAD");
});
afterAll(() => dir?.remove());

/** A copy of the work tree, changed by `change`: each case its own repository. */
function variant(name: string, change: (repo: string) => void): string {
  const repo = path.join(dir.path, name);
  git(dir.path, "clone", "-q", "--no-local", work, repo);
  change(repo);
  return repo;
}

describe("a local repository's HEAD, read from its files", () => {
  it("reads a branch's loose ref in a work tree", () => {
    const repo = variant("loose", () => {});
    expect(readLocalHead(repo)).toEqual({
      common: path.join(repo, ".git"),
      commit: tip,
      branch: "main",
    });
  });

  it("reads a packed ref, a bare repository, a detached HEAD and a slash in a branch's name", () => {
    const packed = variant("packed", (repo) => git(repo, "pack-refs", "--all", "--prune"));
    expect(readLocalHead(packed)).toMatchObject({ commit: tip, branch: "main" });
    const bare = path.join(dir.path, "bare.git");
    git(dir.path, "clone", "-q", "--bare", work, bare);
    expect(readLocalHead(bare)).toEqual({ common: bare, commit: tip, branch: "main" });
    const detached = variant("detached", (repo) =>
      git(repo, "checkout", "-q", "--detach", "HEAD~1"),
    );
    expect(readLocalHead(detached)).toMatchObject({
      commit: git(work, "rev-parse", "HEAD~1"),
      branch: null,
    });
    const feature = variant("feature", (repo) => git(repo, "checkout", "-q", "-b", "feat/x-1.2"));
    expect(readLocalHead(feature)).toMatchObject({ commit: tip, branch: "feat/x-1.2" });
  });

  it("follows a linked work tree's .git file to its own HEAD and the common refs", () => {
    const main = variant("linked-main", () => {});
    const linked = path.join(dir.path, "linked");
    git(main, "worktree", "add", "-q", "-b", "side", linked, "HEAD~1");
    expect(readLocalHead(linked)).toEqual({
      common: path.join(main, ".git"),
      commit: git(work, "rev-parse", "HEAD~1"),
      branch: "side",
    });
  });

  it("leaves to git what it cannot be sure of", () => {
    const cases = {
      // Another ref store or hash, or a setting from elsewhere: git's own reading applies.
      extension: variant("extension", (repo) =>
        git(repo, "config", "extensions.worktreeConfig", "true"),
      ),
      include: variant("include", (repo) => git(repo, "config", "include.path", "/dev/null")),
      shallow: path.join(dir.path, "shallow"),
      // A branch with no commit yet, and names git would quote or that climb out of refs/.
      unborn: variant("unborn", (repo) => git(repo, "checkout", "-q", "--orphan", "new")),
      unicode: variant("unicode", (repo) => git(repo, "checkout", "-q", "-b", "fünf")),
      climbing: variant("climbing", (repo) =>
        writeFileSync(path.join(repo, ".git", "HEAD"), "ref: refs/heads/../../../../etc/passwd\n"),
      ),
      symbolic: variant("symbolic", (repo) =>
        writeFileSync(path.join(repo, ".git", "refs", "heads", "main"), "ref: refs/heads/other\n"),
      ),
      // A symlinked ref is a symbolic one to git, a FIFO would block a read for good, and a
      // folder is no repository.
      symlinked: variant("symlinked", (repo) => {
        const heads = path.join(repo, ".git", "refs", "heads");
        // Packed at the tip, loose as a link to a branch one commit behind: git reads the link.
        git(repo, "pack-refs", "--all");
        git(repo, "update-ref", "refs/heads/other", "HEAD~1");
        symlinkSync("other", path.join(heads, "main"));
      }),
      fifo: variant("fifo", (repo) => {
        rmSync(path.join(repo, ".git", "HEAD"));
        execFileSync("mkfifo", [path.join(repo, ".git", "HEAD")]);
      }),
      plain: path.join(dir.path, "plain"),
    };
    git(dir.path, "clone", "-q", "--depth=1", `file://${work}`, cases.shallow);
    mkdirSync(cases.plain);
    for (const [name, repo] of Object.entries(cases))
      expect({ name, head: readLocalHead(repo) }).toEqual({ name, head: null });
  });
});

describe("a local directory analysed without git's clone", () => {
  it("gives the report git's shared clone gives, for a work tree, a linked one and a bare one", async () => {
    const options = localAnalysisOptions(dir.path);
    mkdirSync(options.sandboxDir, { recursive: true });
    const report = async (directory: string) => {
      const { timings, ...rest } = await analyze({ directory }, options);
      return { ...rest, repo: { ...rest.repo, url: "" } };
    };
    const plain = variant("same-plain", () => {});
    // An include makes readLocalHead step aside: git clones this one.
    const cloned = variant("same-cloned", (repo) =>
      git(repo, "config", "include.path", "/dev/null"),
    );
    expect(readLocalHead(cloned)).toBeNull();
    const byGit = await report(cloned);
    expect(byGit.repo).toMatchObject({ commit: tip, branch: "main" });
    expect(await report(plain)).toEqual(byGit);
    const bare = path.join(dir.path, "same-bare.git");
    git(dir.path, "clone", "-q", "--bare", work, bare);
    expect(await report(bare)).toEqual(byGit);
    const linked = path.join(dir.path, "same-linked");
    git(plain, "worktree", "add", "-q", "-b", "other", linked, "HEAD");
    expect(await report(linked)).toEqual({ ...byGit, repo: { ...byGit.repo, branch: "other" } });
  });

  it("fails with its reason when HEAD names a commit the store does not hold", async () => {
    const missing = "1234567890123456789012345678901234567890";
    const damaged = variant("damaged", (repo) =>
      writeFileSync(path.join(repo, ".git", "refs", "heads", "main"), `${missing}\n`),
    );
    const options = localAnalysisOptions(dir.path);
    mkdirSync(options.sandboxDir, { recursive: true });
    await expect(analyze({ directory: damaged }, options)).rejects.toMatchObject({
      code: "GIT_FAILED",
      message: `the repository's HEAD names commit ${missing}, which its object store does not hold`,
    });
    // Nor is the shell holding its gits (the history's log among them) left in the sandbox.
    expect(processesIn(options.sandboxDir)).toEqual([]);
  });
});
