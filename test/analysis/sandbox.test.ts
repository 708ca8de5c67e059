import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { removeTree } from "../../src/analysis/index.ts";
import { directorySize } from "../../src/analysis/sandbox.ts";

const root = mkdtempSync(path.join(os.tmpdir(), "repolens-remove-tree-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("a job folder of long, deep paths is removed whole, and a missing one is no error", async () => {
  // Eleven 250-character folders and 240-character names: the shape that made Node's own
  // recursive rm hold hundreds of MB in the worker.
  const deep = path.join(root, "job-x", ...[..."abcdefghijk"].map((c) => c.repeat(250)));
  mkdirSync(deep, { recursive: true });
  for (let i = 0; i < 200; i++) writeFileSync(path.join(deep, `${"n".repeat(236)}${i}`), "x");
  await removeTree(path.join(root, "job-x"));
  expect(existsSync(path.join(root, "job-x"))).toBe(false);
  await expect(removeTree(path.join(root, "never-made"))).resolves.toBeUndefined();
});

it("measures a folder's files without following its symlinks, a cycle included", async () => {
  const dir = path.join(root, "sized");
  mkdirSync(path.join(dir, "a"), { recursive: true });
  writeFileSync(path.join(dir, "a", "f"), "12345");
  writeFileSync(path.join(dir, "g"), "123");
  // Two links to the folder above: a walk that follows them lists 2^40 paths.
  symlinkSync("..", path.join(dir, "a", "up"));
  symlinkSync("..", path.join(dir, "a", "up2"));
  expect(await directorySize(dir)).toBe(8);
});
