/**
 * Writes the page as a static site for a host of its own (Vercel), with the API's address
 * built in:
 *
 *   npm run build:web -- --api https://repolens.onrender.com --out dist-web
 *
 * `--api` defaults to $REPOLENS_API_URL (what vercel.json's build command passes). Without
 * one the build fails: a page that does not know where its API is would deploy fine and then
 * fail for every visitor. The URL must be https; plain http only for localhost (tests,
 * development).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { staticSite } from "../src/web/site.ts";

const { values } = parseArgs({
  options: { api: { type: "string" }, out: { type: "string", default: "dist-web" } },
});
const api = (values.api ?? process.env.REPOLENS_API_URL ?? "").trim();
if (api === "") {
  process.stderr.write(
    "build:web: no API URL. Pass --api https://<your API> or set REPOLENS_API_URL (on Vercel: " +
      "Project Settings → Environment Variables), then build again.\n",
  );
  process.exit(2);
}
let files: Map<string, string>;
try {
  files = staticSite({ api, assetsDir: path.join(import.meta.dirname, "../src/web/assets") });
} catch (error) {
  process.stderr.write(`build:web: ${(error as Error).message}\n`);
  process.exit(2);
}
const out = path.resolve(values.out as string);
rmSync(out, { recursive: true, force: true });
for (const [name, body] of files) {
  mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
  writeFileSync(path.join(out, name), body);
}
process.stdout.write(
  `build:web: ${files.size} files in ${out}, talking to ${new URL(api).origin}\n`,
);
