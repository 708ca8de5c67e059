import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "../../src/config/index.ts";
import { checkBlueprint } from "./render-blueprint-spec.ts";

const root = path.resolve(import.meta.dirname, "../..");
const guide = readFileSync(path.join(root, "docs/DEPLOY.md"), "utf8");
const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<
  string,
  string
>;

describe("docs/DEPLOY.md", () => {
  it("gives a split-deployment Blueprint that Render's reference accepts, with real variables", () => {
    const block = /## Scaling later[\s\S]*?```yaml\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(block).toBeDefined();
    const blueprint = parse(block as string) as {
      services: Array<{ envVars: Array<{ key: string; value?: string }> }>;
    };
    expect(checkBlueprint(blueprint, root)).toEqual([]);
    const known = Object.keys(envSchema.shape);
    for (const service of blueprint.services) {
      for (const entry of service.envVars) expect(known).toContain(entry.key);
      const values = Object.fromEntries(service.envVars.map((e) => [e.key, e.value]));
      expect(envSchema.safeParse(values).error?.issues ?? []).toEqual([]);
    }
    const roles = blueprint.services.map((s) => s.envVars.find((e) => e.key === "ROLE")?.value);
    expect(roles.sort()).toEqual(["api", "worker"]);
  });

  it("names only npm scripts and repository files that exist", () => {
    for (const [, name] of guide.matchAll(/npm run ([\w:-]+)/g))
      expect(scripts).toHaveProperty(name as string);
    const files = [...guide.matchAll(/`((?:src|test|scripts|docs)\/[\w./-]+\.(?:ts|md))`/g)];
    expect(files.length).toBeGreaterThan(3);
    for (const [, file] of files)
      expect(existsSync(path.join(root, file as string)), file).toBe(true);
  });

  it("asks for exactly the variables the Blueprint leaves to the dashboard", () => {
    const blueprint = parse(readFileSync(path.join(root, "render-combined.yaml"), "utf8")) as {
      services: Array<{ envVars: Array<{ key: string; sync?: boolean }> }>;
    };
    const asked = blueprint.services[0]?.envVars.filter((e) => e.sync === false).map((e) => e.key);
    const table =
      /asks for the values the file\s+leaves out[\s\S]*?\n\n([\s\S]*?)\n\n/.exec(guide)?.[1] ?? "";
    const documented = [...table.matchAll(/^\s*\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(asked?.sort());
  });
});
