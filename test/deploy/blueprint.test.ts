import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envSchema } from "../../src/config/index.ts";
import { checkBlueprint, REFERENCE } from "./render-blueprint-spec.ts";

const root = path.resolve(import.meta.dirname, "../..");
const text = readFileSync(path.join(root, "render-combined.yaml"), "utf8");
const blueprint = parse(text) as {
  services: Array<Record<string, unknown> & { envVars: Array<Record<string, unknown>> }>;
};
const service = blueprint.services[0];
const envVars = service?.envVars ?? [];

/** Secrets: never in the file; Render asks for them when the Blueprint is applied. */
const SECRETS = ["REDIS_URL", "DATABASE_URL", "OPENROUTER_API_KEY", "ADMIN_PASSWORD"];
/** Not secret, but particular to each deployment (the Vercel origins), so asked for too. */
const ASKED = [...SECRETS, "FRONTEND_URL"];

describe("render-combined.yaml, checked against Render's Blueprint reference", () => {
  it("conforms to every rule the reference states for the fields it uses", () => {
    expect(checkBlueprint(blueprint, root)).toEqual([]);
  });

  it("names the reference it follows", () => {
    expect(text).toContain(REFERENCE);
  });

  it("is one free web service built from Dockerfile.combined and health-checked on /api/health", () => {
    expect(blueprint.services).toHaveLength(1);
    expect(service).toMatchObject({
      type: "web",
      runtime: "docker",
      plan: "free",
      dockerfilePath: "./Dockerfile.combined",
      healthCheckPath: envSchema.parse({}).API_HEALTH_PATH,
    });
  });

  it("leaves every secret to be entered in Render, and gives every other variable a value", () => {
    for (const key of SECRETS) expect(envVars).toContainEqual({ key, sync: false });
    const asked = envVars.filter((entry) => entry.sync === false).map((entry) => entry.key);
    expect(asked.sort()).toEqual([...ASKED].sort());
    for (const entry of envVars.filter((e) => !ASKED.includes(String(e.key))))
      expect(Object.keys(entry).sort(), String(entry.key)).toEqual(["key", "value"]);
  });

  it("uses only variables of the env schema, with values the schema accepts", () => {
    const known = Object.keys(envSchema.shape);
    for (const entry of envVars) expect(known, String(entry.key)).toContain(entry.key);
    const values = Object.fromEntries(envVars.map((e) => [e.key, e.value]));
    const placeholders = {
      REDIS_URL: "rediss://default:secret@example.upstash.io:6379",
      DATABASE_URL: "postgresql://user:secret@ep-x.us-west-2.aws.neon.tech/neondb?sslmode=require",
      OPENROUTER_API_KEY: "sk-or-placeholder",
      ADMIN_PASSWORD: "placeholder",
      FRONTEND_URL: "https://repolens.vercel.app",
    };
    const result = envSchema.safeParse({ ...values, ...placeholders });
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.data?.NODE_ENV).toBe("production");
  });

  it("leaves PORT to Render, which sets it and routes traffic to it", () => {
    expect(envVars.map((e) => e.key)).not.toContain("PORT");
  });
});

describe("the Blueprint checker itself", () => {
  const valid = () => structuredClone(blueprint) as typeof blueprint;
  const problemsWith = (change: (b: typeof blueprint) => void) => {
    const copy = valid();
    change(copy);
    return checkBlueprint(copy, root).join("\n");
  };
  const first = (b: typeof blueprint) => b.services[0] as (typeof blueprint.services)[0];

  it("refuses a key Render does not know, and a Render key whose rule it has not encoded", () => {
    expect(problemsWith((b) => Object.assign(first(b), { healthcheckPath: "/" }))).toMatch(
      /healthcheckPath: unknown field/,
    );
    expect(problemsWith((b) => Object.assign(first(b), { maxShutdownDelaySeconds: 30 }))).toMatch(
      /maxShutdownDelaySeconds: a Render field whose rule is not checked here/,
    );
    expect(problemsWith((b) => Object.assign(b, { databases: [] }))).toMatch(/databases/);
  });

  it("refuses values outside the reference's lists", () => {
    expect(problemsWith((b) => Object.assign(first(b), { runtime: "dockerfile" }))).toMatch(
      /runtime: "dockerfile" is not one of/,
    );
    expect(problemsWith((b) => Object.assign(first(b), { plan: "hobby" }))).toMatch(/plan/);
    expect(problemsWith((b) => Object.assign(first(b), { region: "eu-west" }))).toMatch(/region/);
    expect(problemsWith((b) => Object.assign(first(b), { type: "worker" }))).toMatch(
      /free is offered for web services/,
    );
    expect(problemsWith((b) => Object.assign(first(b), { healthCheckPath: "api/health" }))).toMatch(
      /healthCheckPath/,
    );
    expect(
      problemsWith((b) => Object.assign(first(b), { dockerfilePath: "./Dockerfile.missing" })),
    ).toMatch(/no file/);
  });

  it("requires exactly one source per variable", () => {
    expect(
      problemsWith((b) => first(b).envVars.push({ key: "X", value: "1", sync: false })),
    ).toMatch(/exactly one of value, generateValue, sync, fromDatabase, fromService; found 2/);
    expect(problemsWith((b) => first(b).envVars.push({ key: "X" }))).toMatch(/found 0/);
    expect(problemsWith((b) => first(b).envVars.push({ key: "X", sync: true }))).toMatch(
      /only value Render accepts is false/,
    );
    expect(problemsWith((b) => first(b).envVars.push({ fromGroup: "g", key: "X" }))).toMatch(
      /fromGroup takes a group name and no other field/,
    );
    expect(
      problemsWith((b) =>
        first(b).envVars.push({ key: "X", fromService: { type: "web", name: "a" } }),
      ),
    ).toMatch(/exactly one of property or envVarKey/);
    expect(problemsWith((b) => first(b).envVars.push({ key: "ROLE", value: "api" }))).toMatch(
      /listed twice/,
    );
  });
});
