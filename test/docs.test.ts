import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "../src/config/index.ts";

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const variables = Object.keys(envSchema.shape);

describe("documentation agrees with the code", () => {
  it(".env.example lists every variable of the schema, and nothing else", () => {
    const listed = [...read(".env.example").matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...variables].sort());
  });

  it("README's environment table names every variable of the schema", () => {
    const rows = [...read("README.md").matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...variables].sort());
  });

  it(".ci/run runs the test command README gives", () => {
    const command = /```sh\n(npm (?:test|run check))\n```/.exec(read("README.md"))?.[1];
    expect(command).toBeDefined();
    expect(read(".ci/run")).toMatch(/^npm run check$/m);
    // `npm run check` is typecheck + lint + `npm test`, so README's `npm test` is what CI runs.
    expect(JSON.parse(read("package.json")).scripts.check).toMatch(/npm test$/);
  });
});
