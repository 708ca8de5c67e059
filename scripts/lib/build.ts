import { execFileSync } from "node:child_process";
import { cpSync, symlinkSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../test/helpers/processes.ts";
import { scratchDir } from "./cleanup.ts";

/**
 * Runs the project's own `npm run build` on a copy of src/ in `dir` (by default a scratch
 * folder; the repository's dist/ is left alone) and returns the image's command,
 * `start-combined.sh`, beside it: the supervisor then starts from `dist/supervisor/main.js` with
 * the image's Node flags. node_modules is linked, not copied.
 */
export function buildProduction(dir = scratchDir("build")): string {
  for (const name of ["src", "package.json", "rolldown.config.ts", "start-combined.sh"])
    cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return path.join(dir, "start-combined.sh");
}
