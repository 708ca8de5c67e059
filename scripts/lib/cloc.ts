import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Every regular file under `root` of at most `maxBytes`, sorted, without a `.git` folder's. The
 * promise API: readdirSync's recursion follows symlinked folders (nodejs/node#51858), and a
 * tree with two links to `..` (llvm-14-dev's build/) lists without end.
 */
export async function listFiles(root: string, maxBytes: number): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.promises.readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (full.includes(`${path.sep}.git${path.sep}`)) continue;
    if (fs.statSync(full).size <= maxBytes) files.push(full);
  }
  return files.sort();
}

/** One file's counts by cloc. */
export interface ClocFile {
  language: string;
  code: number;
  comment: number;
  blank: number;
}

/** cloc's counts of each file it knows among `files`, by absolute path (`cloc --by-file`). */
export function clocByFile(files: readonly string[]): Map<string, ClocFile> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "compare-cloc-"));
  const list = path.join(tmp, "files");
  fs.writeFileSync(list, `${files.join("\n")}\n`);
  const json = execFileSync(
    "cloc",
    [
      `--list-file=${list}`,
      "--by-file",
      "--json",
      "--skip-uniqueness",
      "--timeout",
      "0",
      "--quiet",
    ],
    { encoding: "utf8", maxBuffer: 1 << 30 },
  );
  fs.rmSync(tmp, { recursive: true });
  const parsed = JSON.parse(json) as Record<string, ClocFile>;
  const byFile = new Map<string, ClocFile>();
  for (const [file, counts] of Object.entries(parsed))
    if (file !== "header" && file !== "SUM") byFile.set(path.resolve(file), counts);
  return byFile;
}
