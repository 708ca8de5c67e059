import { type Env, envSchema } from "./schema.ts";

export type { Env, WorkerEnd } from "./schema.ts";
export { envSchema, WORKER_ENDS } from "./schema.ts";

/** One bad variable: its name and what it should have been. */
export interface EnvIssue {
  variable: string;
  message: string;
}

/** Thrown when the environment does not fit the schema; `issues` names every bad variable. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  readonly issues: EnvIssue[];

  constructor(issues: EnvIssue[]) {
    super(`invalid environment: ${issues.map((i) => `${i.variable}: ${i.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/**
 * Parses the environment once. Empty strings count as unset, so `FOO=` in a `.env` file means
 * "use the default" rather than "invalid".
 *
 * @example
 * const env = loadConfig(); // throws ConfigError naming e.g. `PORT: expected a number <= 65535`
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Env {
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(set);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "(environment)"),
      message: issue.message,
    })),
  );
}
