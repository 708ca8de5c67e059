import path from "node:path";
import { createRepo } from "../../test/analysis/fixtures.ts";

const TEMPLATES: Array<[ext: string, body: (i: number) => string]> = [
  [
    "ts",
    (i) =>
      `// module ${i}\nexport function f${i}(x: number): number {\n  /* doubled */\n  return x * 2 + ${i};\n}\n\n`,
  ],
  ["py", (i) => `"""Module ${i}."""\n\n# helper\ndef f${i}(x):\n    return x * 2 + ${i}\n`],
  [
    "go",
    (i) => `package p\n\n// F${i} doubles.\nfunc F${i}(x int) int {\n\treturn x*2 + ${i}\n}\n`,
  ],
  ["md", (i) => `# Note ${i}\n\nSome prose about item ${i}.\n`],
];

/**
 * A git repository of `files` small source files in four languages, spread over nested folders
 * (a hundred per folder), plus a package.json; `linesPerFile` repeats each file's body to make
 * the scan heavier. Deterministic, so every run measures the same tree.
 *
 * @example
 * const repo = generateRepo(path.join(dir, "large"), 5000);
 */
export function generateRepo(dir: string, files: number, linesPerFile = 1): string {
  return createRepo(dir, generatedTree(path.basename(dir), files, linesPerFile));
}

/** The files of {@link generateRepo}'s tree, by path, for a repository written another way. */
export function generatedTree(
  name: string,
  files: number,
  linesPerFile = 1,
): Record<string, string> {
  const tree: Record<string, string> = {
    "package.json": JSON.stringify({ name, dependencies: { hono: "^4.0.0" } }),
  };
  for (let i = 0; i < files - 1; i++) {
    const [ext, body] = TEMPLATES[i % TEMPLATES.length] as [string, (i: number) => string];
    const folder = `src/g${Math.floor(i / 1000)}/d${Math.floor(i / 100) % 10}`;
    tree[`${folder}/f${i}.${ext}`] = body(i).repeat(linesPerFile);
  }
  return tree;
}
