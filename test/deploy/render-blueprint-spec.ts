import { existsSync, statSync } from "node:fs";
import path from "node:path";

/**
 * What Render's Blueprint YAML reference (https://render.com/docs/blueprint-spec) states about
 * the fields render-combined.yaml uses, as a checker. Render serves its JSON schema only from its
 * own site, which CI cannot reach, so the rules are transcribed here.
 *
 * Every field the reference names is known; a field whose rule is not transcribed below is
 * refused with "not checked here" rather than passed unexamined, so adding a field to the
 * Blueprint means reading its entry in the reference and encoding it. Keys the reference does
 * not name are refused as unknown.
 */

export const REFERENCE = "https://render.com/docs/blueprint-spec";

/** Root-level fields of a Blueprint file. */
const ROOT_FIELDS = ["services", "databases", "envVarGroups", "previews", "projects", "ungrouped"];
const ROOT_CHECKED = ["services"];

/** Fields of a `services` entry, per the reference's service sections. */
const SERVICE_FIELDS = [
  "type",
  "name",
  "runtime",
  "env", // deprecated spelling of runtime
  "plan",
  "region",
  "repo",
  "branch",
  "rootDir",
  "buildCommand",
  "startCommand",
  "preDeployCommand",
  "dockerCommand",
  "dockerfilePath",
  "dockerContext",
  "registryCredential",
  "image",
  "healthCheckPath",
  "envVars",
  "numInstances",
  "scaling",
  "autoDeploy", // deprecated in favour of autoDeployTrigger
  "autoDeployTrigger",
  "buildFilter",
  "domains",
  "disk",
  "maxShutdownDelaySeconds",
  "previews",
  "pullRequestPreviewsEnabled",
  "schedule",
  "staticPublishPath",
  "headers",
  "routes",
  "ipAllowList",
  "maxmemoryPolicy",
];
const SERVICE_CHECKED = [
  "type",
  "name",
  "runtime",
  "plan",
  "region",
  "branch",
  "dockerfilePath",
  "dockerContext",
  "healthCheckPath",
  "envVars",
  "autoDeployTrigger",
];

/** `type`: web service, private service, background worker, cron job, Key Value (ex-redis). */
const SERVICE_TYPES = ["web", "pserv", "worker", "cron", "keyvalue", "redis"];
/** `runtime`: the native runtimes, plus docker (build a Dockerfile) and image (pull one). */
const RUNTIMES = ["node", "python", "elixir", "go", "ruby", "rust", "docker", "image", "static"];
/** `plan`: instance types; `free` exists for web services (and Key Value), not workers. */
const PLANS = [
  "free",
  "starter",
  "standard",
  "pro",
  "pro plus",
  "pro max",
  "pro ultra",
  "starter plus", // legacy
  "standard plus", // legacy
];
const FREE_TYPES = ["web", "keyvalue", "redis"];
const REGIONS = ["oregon", "ohio", "virginia", "frankfurt", "singapore"];
const AUTO_DEPLOY_TRIGGERS = ["commit", "checksPass", "off"];

/** The sources an `envVars` entry with a `key` can take: exactly one of them. */
const ENV_SOURCES = ["value", "generateValue", "sync", "fromDatabase", "fromService"];
const FROM_SERVICE_PROPERTIES = ["host", "port", "hostport", "connectionString"];
const FROM_DATABASE_PROPERTIES = [
  "host",
  "port",
  "database",
  "user",
  "password",
  "connectionString",
];

type Yaml = Record<string, unknown>;

const isObject = (v: unknown): v is Yaml =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every way `blueprint` departs from the reference (empty when it conforms). `repoRoot` resolves
 * dockerfilePath and dockerContext, which the reference defines relative to the repository root.
 *
 * @example
 * expect(checkBlueprint(parse(text), root)).toEqual([]);
 */
export function checkBlueprint(blueprint: unknown, repoRoot: string): string[] {
  const problems: string[] = [];
  if (!isObject(blueprint)) return ["the file is not a YAML mapping"];
  keys(blueprint, "(root)", ROOT_FIELDS, ROOT_CHECKED, problems);
  const services = blueprint.services;
  if (!Array.isArray(services) || services.length === 0) {
    problems.push("services: expected a non-empty list");
    return problems;
  }
  const names = new Set<string>();
  services.forEach((service, index) => {
    const at = `services[${index}]`;
    if (!isObject(service)) {
      problems.push(`${at}: expected a mapping`);
      return;
    }
    checkService(service, at, repoRoot, problems);
    if (typeof service.name === "string") {
      if (names.has(service.name)) problems.push(`${at}.name: "${service.name}" is used twice`);
      names.add(service.name);
    }
  });
  return problems;
}

function keys(
  object: Yaml,
  at: string,
  known: string[],
  checked: string[],
  problems: string[],
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) problems.push(`${at}.${key}: unknown field`);
    else if (!checked.includes(key))
      problems.push(`${at}.${key}: a Render field whose rule is not checked here; encode it first`);
  }
}

function oneOf(value: unknown, allowed: string[], at: string, problems: string[]): void {
  if (typeof value !== "string" || !allowed.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
}

function checkService(service: Yaml, at: string, repoRoot: string, problems: string[]): void {
  keys(service, at, SERVICE_FIELDS, SERVICE_CHECKED, problems);
  oneOf(service.type, SERVICE_TYPES, `${at}.type`, problems);
  if (typeof service.name !== "string" || service.name.trim() === "")
    problems.push(`${at}.name: required, a non-empty string`);
  oneOf(service.runtime, RUNTIMES, `${at}.runtime`, problems);
  if (service.plan !== undefined) {
    oneOf(service.plan, PLANS, `${at}.plan`, problems);
    if (service.plan === "free" && !FREE_TYPES.includes(String(service.type)))
      problems.push(`${at}.plan: free is offered for web services, not for ${service.type}`);
  }
  if (service.region !== undefined) oneOf(service.region, REGIONS, `${at}.region`, problems);
  if (service.branch !== undefined && typeof service.branch !== "string")
    problems.push(`${at}.branch: expected a string`);
  if (service.autoDeployTrigger !== undefined)
    oneOf(service.autoDeployTrigger, AUTO_DEPLOY_TRIGGERS, `${at}.autoDeployTrigger`, problems);

  for (const field of ["dockerfilePath", "dockerContext"] as const) {
    const value = service[field];
    if (value === undefined) continue;
    if (service.runtime !== "docker")
      problems.push(`${at}.${field}: only for runtime docker (Render builds the Dockerfile)`);
    if (typeof value !== "string") {
      problems.push(`${at}.${field}: expected a path relative to the repository root`);
      continue;
    }
    const target = path.resolve(repoRoot, value);
    const kind = field === "dockerfilePath" ? "file" : "directory";
    if (!existsSync(target) || statSync(target).isFile() !== (kind === "file"))
      problems.push(`${at}.${field}: no ${kind} ${value} in the repository`);
  }

  if (service.healthCheckPath !== undefined) {
    if (service.type !== "web") problems.push(`${at}.healthCheckPath: web services only`);
    if (typeof service.healthCheckPath !== "string" || !service.healthCheckPath.startsWith("/"))
      problems.push(`${at}.healthCheckPath: expected a path starting with /`);
  }

  if (service.envVars !== undefined) checkEnvVars(service.envVars, `${at}.envVars`, problems);
}

function checkEnvVars(envVars: unknown, at: string, problems: string[]): void {
  if (!Array.isArray(envVars)) {
    problems.push(`${at}: expected a list`);
    return;
  }
  const seen = new Set<string>();
  envVars.forEach((entry, index) => {
    const here = `${at}[${index}]`;
    if (!isObject(entry)) {
      problems.push(`${here}: expected a mapping`);
      return;
    }
    // `fromGroup` links a whole environment group and stands alone, without a key.
    if ("fromGroup" in entry) {
      if (Object.keys(entry).length !== 1 || typeof entry.fromGroup !== "string")
        problems.push(`${here}: fromGroup takes a group name and no other field`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (key !== "key" && !ENV_SOURCES.includes(key))
        problems.push(`${here}.${key}: unknown field`);
    }
    if (typeof entry.key !== "string" || entry.key === "") {
      problems.push(`${here}.key: required, a non-empty string`);
      return;
    }
    if (seen.has(entry.key)) problems.push(`${here}.key: ${entry.key} is listed twice`);
    seen.add(entry.key);
    const sources = ENV_SOURCES.filter((source) => source in entry);
    if (sources.length !== 1) {
      problems.push(
        `${here} (${entry.key}): exactly one of ${ENV_SOURCES.join(", ")}; found ${sources.length}`,
      );
      return;
    }
    const source = sources[0];
    const value = entry[source as string];
    // Render also takes bare numbers and booleans; a string keeps YAML from reinterpreting
    // values such as 0300 or yes, so this check (stricter than Render) asks for strings.
    if (source === "value" && typeof value !== "string")
      problems.push(`${here}.value (${entry.key}): quote it, so YAML keeps it a string`);
    if (source === "sync" && value !== false)
      problems.push(`${here}.sync (${entry.key}): the only value Render accepts is false`);
    if (source === "generateValue" && value !== true)
      problems.push(`${here}.generateValue (${entry.key}): the only value Render accepts is true`);
    if (source === "fromService") checkFromService(value, `${here}.fromService`, problems);
    if (source === "fromDatabase") {
      if (!isObject(value) || typeof value.name !== "string")
        problems.push(`${here}.fromDatabase: needs name and property`);
      else
        oneOf(value.property, FROM_DATABASE_PROPERTIES, `${here}.fromDatabase.property`, problems);
    }
  });
}

function checkFromService(value: unknown, at: string, problems: string[]): void {
  if (!isObject(value) || typeof value.name !== "string") {
    problems.push(`${at}: needs type, name and one of property or envVarKey`);
    return;
  }
  oneOf(value.type, SERVICE_TYPES, `${at}.type`, problems);
  const hasProperty = "property" in value;
  if (hasProperty === "envVarKey" in value)
    problems.push(`${at}: exactly one of property or envVarKey`);
  if (hasProperty) oneOf(value.property, FROM_SERVICE_PROPERTIES, `${at}.property`, problems);
}
