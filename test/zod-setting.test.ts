import { describe, expect, it } from "vitest";
import * as reportSchemas from "../src/analysis/report.ts";
import * as apiSchemas from "../src/api/schemas.ts";
import * as configSchemas from "../src/config/schema.ts";
import * as ipcSchemas from "../src/ipc/protocol.ts";
import * as queueSchemas from "../src/queue/contract.ts";
import * as analysisMessages from "../src/worker/analysis-messages.ts";
import * as sandboxSchemas from "../src/worker/sandbox/protocol.ts";

/** Every zod schema a module exports (not its checks, such as the queue's `refRule`). */
function schemasOf(module: Record<string, unknown>) {
  return Object.entries(module).filter(
    (entry): entry is [string, { safeParse(input: unknown): unknown }] =>
      typeof entry[1] === "object" &&
      entry[1] !== null &&
      "_zod" in entry[1] &&
      "safeParse" in entry[1],
  );
}

describe("zod's setting (src/config/zod.ts)", () => {
  it("builds no parser from generated source on any schema's first parse", () => {
    const schemas = [
      reportSchemas,
      apiSchemas,
      configSchemas,
      ipcSchemas,
      queueSchemas,
      analysisMessages,
      sandboxSchemas,
    ].flatMap(schemasOf);
    expect(schemas.length).toBeGreaterThan(20);
    // zod compiles an object schema's fast path with `new Function` on its first parse of an
    // object, valid or not; each call is seen here.
    const built: string[] = [];
    const original = globalThis.Function;
    globalThis.Function = new Proxy(original, {
      construct(target, args, newTarget) {
        built.push(String(args.at(-1)).slice(0, 60));
        return Reflect.construct(target, args, newTarget);
      },
    });
    try {
      for (const [, schema] of schemas) schema.safeParse({});
    } finally {
      globalThis.Function = original;
    }
    expect(built).toEqual([]);
  });
});
