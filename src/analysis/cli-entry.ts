/**
 * The entry of `npm run analyze` and of the build's `dist/analysis/cli.js`: turns on Node's
 * compile cache, keeps V8's TurboFan off and its Maglev back for the first half second, then
 * runs cli.ts.
 *
 * From source every start strips the types of some hundred modules and compiles them; the
 * cache (in the OS temp directory, checked against each file's content) keeps both from one run
 * to the next. Measured on a 244-file repository: the imports took 0.3-0.5 s before and about a
 * third of that with a warm cache. The build's bundle needs neither stripping nor resolving
 * (`--help` in 0.16-0.23 s against 0.50-0.63 s from source, warm). Static imports would load
 * cli.ts before the cache is on, hence the dynamic import. A run on a small repository is over
 * before an optimised function could repay its compilation (see useOneRunV8).
 */
import module from "node:module";
import { useOneRunV8 } from "../config/lean-v8.ts";

module.enableCompileCache?.();
useOneRunV8({ maglevAfterMs: 500 });
await import("./cli.ts");
