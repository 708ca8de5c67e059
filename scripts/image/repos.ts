import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { generatedTree } from "../lib/repos.ts";

/** Authors the generated history rotates through, so ownership and bus factor have data. */
const AUTHORS = ["Ada", "Brian", "Chen", "Dana", "Emil", "Farah", "Grace"];

/**
 * An empty bare repository at `root/<owner>/<name>.git` that allows what GitHub allows: partial
 * clones and fetching a commit by its sha. Without them the worker falls back to the tip alone
 * and the report has no history.
 */
function initServed(root: string, slug: string): string {
  const bare = path.join(root, `${slug}.git`);
  mkdirSync(bare, { recursive: true });
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", bare]);
  execFileSync("git", ["-C", bare, "config", "uploadpack.allowFilter", "true"]);
  execFileSync("git", ["-C", bare, "config", "uploadpack.allowAnySHA1InWant", "true"]);
  return bare;
}

/**
 * A bare repository at `root/<owner>/<name>.git`, as a git host serves it: the tree of
 * `generateRepo` with `files` files, then `commits - 1` more commits that each change one file,
 * by rotating authors an hour apart. Written with `git fast-import`, so 1,000 commits take well
 * under a second. Deterministic: every run measures the same history.
 *
 * @example
 * const url = hostedRepo(root, "acme/big", { files: 6000, commits: 1000 }); // "acme/big"
 */
export function hostedRepo(
  root: string,
  slug: string,
  shape: { files: number; commits: number },
): string {
  const bare = initServed(root, slug);
  const tree = generatedTree(path.basename(slug), shape.files);
  const paths = Object.keys(tree);
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const start = 1_700_000_000;
  for (let c = 0; c < shape.commits; c++) {
    const author = AUTHORS[c % AUTHORS.length] as string;
    const when = `${start + c * 3600} +0000`;
    chunks.push(
      "commit refs/heads/main\n",
      `author ${author} <${author.toLowerCase()}@example.com> ${when}\n`,
      `committer ${author} <${author.toLowerCase()}@example.com> ${when}\n`,
      data(`change ${c}`),
    );
    const changed =
      c === 0 ? paths : [paths[1 + ((c * 7919) % (paths.length - 1))] ?? "package.json"];
    for (const file of changed) {
      const body = c === 0 ? (tree[file] as string) : `${tree[file]}// revision ${c}\n`;
      chunks.push(`M 100644 inline ${file}\n`, data(body));
    }
  }
  execFileSync("git", ["-C", bare, "fast-import", "--quiet"], { input: chunks.join("") });
  return slug;
}

/**
 * A bare repository of `files` one-byte files (under MAX_FILES) whose paths are each about 3 KB
 * long: eleven 250-character folders and a 240-character name. Its pack is a few hundred KB,
 * but the analysis holds every path, several times over, and needs far more memory than the
 * sandbox allows (ANALYSIS_MAX_MB): measured outside any limit, about 670 MB of RSS.
 */
export function longPathsRepo(root: string, slug: string, files = 39_000): string {
  const bare = initServed(root, slug);
  const folders = [..."abcdefghijk"].map((c) => c.repeat(250)).join("/");
  const chunks = [
    "blob\nmark :1\ndata 2\nx\n",
    "commit refs/heads/main\n",
    "author Ada <ada@example.com> 1700000000 +0000\n",
    "committer Ada <ada@example.com> 1700000000 +0000\n",
    "data 11\nlong paths\n",
  ];
  for (let i = 0; i < files; i++)
    chunks.push(`M 100644 :1 ${folders}/${"n".repeat(230)}${String(i).padStart(6, "0")}.txt\n`);
  execFileSync("git", ["-C", bare, "fast-import", "--quiet"], { input: chunks.join("") });
  return slug;
}
