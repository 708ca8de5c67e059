import { lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A local repository's HEAD, read from its files. */
export interface LocalHead {
  /** The folder holding objects/ and the refs (a linked work tree's common folder). */
  common: string;
  commit: string;
  /** The branch HEAD names; null when it is detached. */
  branch: string | null;
}

const SHA = /^[0-9a-f]{40}$/;
// A branch name taken as it is; any other (a character git would quote, a segment that
// starts with a dot, `..`) is left to git.
const PLAIN_BRANCH = /^(?!.*(?:^|\/)\.)(?!.*\/\/)[\w.+@-]+(?:\/[\w.+@-]+)*$/;
// Most bytes of a file read here: packed-refs of some 100,000 refs; past it, git reads it.
const MAX_FILE_BYTES = 8 * 2 ** 20;

/**
 * The text of a file, null when there is none. Anything but a regular file (a FIFO or a device
 * would block the read; a symlinked ref is a symbolic ref to git) or a huge one throws, and
 * {@link readLocalHead} leaves the repository to git. Read synchronously: a handful of small
 * files, before the first await, so that git starts before the steps' module is evaluated.
 */
function readText(file: string): string | null {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return null;
  if (!stat.isFile() || stat.size > MAX_FILE_BYTES) throw new Error(`${file}: not read here`);
  return readFileSync(file, "utf8");
}

/**
 * The `.git` folder git would clone from `source`: a work tree's `.git` folder, the folder a
 * `.git` file names (a linked work tree, a submodule), or the source itself when it is a bare
 * repository; null for anything else, which git then judges.
 */
function gitDirOf(source: string): string | null {
  const dotGit = path.join(source, ".git");
  const stat = lstatSync(dotGit, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return dotGit;
  if (stat?.isFile()) {
    const named = /^gitdir: (.+)\n?$/.exec(readText(dotGit) ?? "")?.[1];
    return named ? path.resolve(source, named) : null;
  }
  return lstatSync(path.join(source, "objects"), { throwIfNoEntry: false })?.isDirectory()
    ? source
    : null;
}

/** The commit a full ref names, loose or packed; null when neither holds it plainly. */
function refCommit(common: string, ref: string): string | null {
  const loose = readText(path.join(common, ref));
  if (loose !== null) return SHA.exec(loose.trimEnd())?.[0] ?? null;
  const line = readText(path.join(common, "packed-refs"))
    ?.split("\n")
    .find((l) => l.length === 41 + ref.length && l.endsWith(` ${ref}`));
  return line && SHA.test(line.slice(0, 40)) ? line.slice(0, 40) : null;
}

/**
 * HEAD of the repository at `source` (a work tree or a bare repository), read from its files
 * where git lays them out by default: HEAD, loose refs and packed-refs, SHA-1 ids. Null
 * wherever that is not certain, for git to clone instead: a repository with any extension in
 * its configuration (another ref store or hash, a work tree's own configuration) or an
 * include, a shallow one, a HEAD that names no commit plainly, a branch name out of the
 * ordinary. Nothing of the repository is run: its configuration is searched for those two
 * headers, never applied.
 */
export function readLocalHead(source: string): LocalHead | null {
  try {
    return headOf(source);
  } catch {
    // A file not read here, or one this process may not read: git's clone judges it.
    return null;
  }
}

function headOf(source: string): LocalHead | null {
  const gitDir = gitDirOf(source);
  if (!gitDir) return null;
  const commonDir = readText(path.join(gitDir, "commondir"));
  const common = commonDir === null ? gitDir : path.resolve(gitDir, commonDir.trimEnd());
  const config = readText(path.join(common, "config"));
  const head = readText(path.join(gitDir, "HEAD"));
  if (
    config === null ||
    /^\s*\[\s*(?:extensions|include)/im.test(config) ||
    lstatSync(path.join(common, "shallow"), { throwIfNoEntry: false }) ||
    head === null ||
    common.includes("\n")
  )
    return null;
  const detached = SHA.exec(head.trimEnd())?.[0];
  if (detached) return { common, commit: detached, branch: null };
  const branch = /^ref: refs\/heads\/(.+)\n?$/.exec(head)?.[1];
  if (!branch || !PLAIN_BRANCH.test(branch) || branch.endsWith(".lock")) return null;
  const commit = refCommit(common, `refs/heads/${branch}`);
  return commit ? { common, commit, branch } : null;
}

/**
 * Writes at `dest` the repository `git clone --shared --no-checkout --single-branch` would for
 * `head`, as far as the analysis reads it: a `.git` whose objects are the source's
 * (objects/info/alternates, read by git as data), HEAD on the same branch and commit. A few
 * files, where git's clone was a fork of this process, a git and the source's upload-pack.
 */
export function writeSharedClone(dest: string, head: LocalHead): void {
  const git = path.join(dest, ".git");
  mkdirSync(path.join(git, "objects", "info"), { recursive: true });
  mkdirSync(path.join(git, "objects", "pack"));
  mkdirSync(path.join(git, "refs"));
  const { branch, commit } = head;
  writeFileSync(
    path.join(git, "config"),
    "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n",
  );
  writeFileSync(path.join(git, "objects", "info", "alternates"), `${head.common}/objects\n`);
  writeFileSync(path.join(git, "HEAD"), branch ? `ref: refs/heads/${branch}\n` : `${commit}\n`);
  if (branch)
    writeFileSync(
      path.join(git, "packed-refs"),
      `# pack-refs with: peeled fully-peeled sorted \n${commit} refs/heads/${branch}\n`,
    );
}
