import { Validator } from "@seriousme/openapi-schema-validator";
import { hc } from "hono/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppType } from "../../src/api/app.ts";
import type { TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, startApi } from "./harness.ts";

let database: TestDatabase;
let h: Harness;

beforeAll(async () => {
  database = await migratedDatabase("api_openapi");
  h = await startApi(database);
});
afterAll(async () => {
  await h.close();
  await database.drop();
});

type Json = Record<string, unknown>;

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = "#"): Array<[string, string]> {
  if (Array.isArray(node)) return node.flatMap((item, i) => refs(item, `${at}/${i}`));
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "$ref" && typeof value === "string" ? [[at, value]] : refs(value, `${at}/${key}`),
  );
}

function resolve(doc: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document describing every route of the contract", async () => {
    const res = await fetch(`${h.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Json & { paths: Record<string, Record<string, Json>> };

    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        "POST /api/analyses",
        "GET /api/analyses",
        "GET /api/analyses/{id}",
        "DELETE /api/analyses/{id}",
        "GET /api/analyses/{id}/events",
        "GET /api/stats",
        "GET /api/health",
        "GET /health",
        "GET /api/status",
      ].sort(),
    );

    // Against the OpenAPI 3.1 JSON schema itself.
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? [], JSON.stringify(validation.errors)).toEqual([]);
    expect(validation.valid).toBe(true);

    // Rules the JSON schema cannot express.
    for (const [path, item] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method} ${path}`;
        const responses = operation.responses as Record<string, Json>;
        expect(Object.keys(responses).length, where).toBeGreaterThan(0);
        for (const [code, response] of Object.entries(responses)) {
          expect(code, where).toMatch(/^[1-5]\d\d$/);
          expect(typeof response.description, `${where} ${code}`).toBe("string");
        }
        const params = (operation.parameters ?? []) as Array<{
          name: string;
          in: string;
          required?: boolean;
        }>;
        for (const name of templated) {
          const param = params.find((p) => p.name === name && p.in === "path");
          expect(param?.required, `${where} declares path parameter ${name}`).toBe(true);
        }
      }
    }
    for (const [at, ref] of refs(doc)) {
      expect(resolve(doc, ref), `${ref} at ${at}`).toBeDefined();
    }

    // What a client must know to cancel, and the answers of the caps.
    const cancel = doc.paths["/api/analyses/{id}"]?.delete as Json;
    expect(cancel.parameters).toContainEqual(
      expect.objectContaining({ name: "x-cancel-token", in: "header" }),
    );
    expect(Object.keys(cancel.responses as Json)).toContain("403");
    const submitted = resolve(doc, "#/components/schemas/Submitted") as { properties: Json };
    expect(submitted.properties).toHaveProperty("cancelToken");
    const events = doc.paths["/api/analyses/{id}/events"]?.get as Json;
    expect(Object.keys(events.responses as Json)).toEqual(expect.arrayContaining(["429", "503"]));
  });

  it("is browsable at /docs", async () => {
    const res = await fetch(`${h.url}/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/openapi.json");
  });

  it("the exported app type gives a typed client that talks to the real server", async () => {
    const client = hc<AppType>(h.url);
    const res = await client.api.health.$get();
    const body = await res.json();
    expect(body.status).toBe("ok");
    const submitted = await client.api.analyses.$post({
      json: { repoUrl: "https://github.com/typed/client" },
    });
    expect(submitted.status).toBe(202);
  });
});

describe("without admin credentials", () => {
  it("there is no dashboard at all", async () => {
    expect((await fetch(`${h.url}/admin/queues`)).status).toBe(404);
  });
});
