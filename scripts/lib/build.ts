import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../test/helpers/processes.ts";
import { scratchDir } from "./cleanup.ts";

/**
 * Compiles src/ as `npm run build` does, but into a scratch folder (the repository's own dist/
 * is left alone), and returns the production entry `dist/supervisor/main.js`. Links to
 * node_modules and package.json beside it let the compiled code resolve its dependencies and
 * read its version, as in the image.
 */
export function buildProduction(): string {
  const dir = scratchDir("build");
  const dist = path.join(dir, "dist");
  execFileSync(
    path.join(ROOT, "node_modules/.bin/tsc"),
    ["-p", path.join(ROOT, "tsconfig.json"), "--outDir", dist],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
  );
  for (const name of ["node_modules", "package.json"])
    symlinkSync(path.join(ROOT, name), path.join(dir, name));
  return path.join(dist, "supervisor/main.js");
}
