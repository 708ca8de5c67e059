/**
 * zod as every schema of RepoLens outside the API's routes uses it: zod's "mini" build, and
 * without its compiled fast path.
 *
 * Mini, not classic: classic zod gives every schema it builds some fifty methods of its own and
 * defines its whole class tree when loaded, which was most of what zod cost a process at start.
 * With mini, the supervisor, the worker and each analysis process run 6-10 % fewer instructions
 * up to their configuration check, and the CLI a third fewer on a 200-file tree, the report's
 * schema included (docs/PERFORMANCE.md §10). The API's routes keep classic zod, which
 * @hono/zod-openapi extends and its document generator reads; mini schemas they share are
 * applied there as checks (the queue's `refRule`) or through their JSON Schema.
 *
 * Without the fast path: zod compiles an object schema's parser (generated source, through
 * `new Function`) on the schema's first parse. Ours are parsed once per process (the
 * environment, a job's input, the report) or a few times per request or job (payloads of a few
 * fields), where building the parser costs more than it saves: 7.6-10.2 against 2.9-3.1 ms
 * of CPU for the environment's one parse, 40-60 against 12-19 ms for a 290-file report's,
 * 0.5-6 ms more for each small payload's first parse in the interpreter-only worker
 * (docs/PERFORMANCE.md §10), and later parses of a small payload take the same 0.05 ms either
 * way. zod reads the setting when a schema is built: schema modules import `z` from here, which
 * sets it before any of them can build one.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// Classic zod sets its English messages when loaded; mini leaves every message at "Invalid
// input" unless told.
z.config({ ...en(), jitless: true });

export { z };

/** A string with at least one character: the most common field of our schemas. */
export const nonEmpty = () => z.string().check(z.minLength(1));

/** A percentage, 0 to 100: a share of a report, a job's progress. */
export const percent = () => z.number().check(z.minimum(0), z.maximum(100));
