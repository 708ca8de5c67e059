/**
 * zod as every schema of RepoLens uses it: without its compiled fast path. zod compiles an
 * object schema's parser (generated source, through `new Function`) on the schema's first
 * parse. Ours are parsed once per process (the environment, a job's input, the report) or a few
 * times per request or job (payloads of a few fields), where building the parser costs more
 * than it saves: 7.6-10.2 against 2.9-3.1 ms of CPU for the environment's one parse, 40-60
 * against 12-19 ms for a 290-file report's, 0.5-6 ms more for each small payload's first parse in
 * the interpreter-only worker (docs/PERFORMANCE.md §10), and later parses of a small payload
 * take the same 0.05 ms either way. zod reads the setting when a schema is built: schema
 * modules import `z` from here, which sets it before any of them can build one.
 */
import { z } from "zod";

z.config({ jitless: true });

export { z };
