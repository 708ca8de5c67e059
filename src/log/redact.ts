/** Field names whose values never reach a log line, at any depth pino's redaction reaches. */
const SECRET_KEYS = [
  "password",
  "passwd",
  "secret",
  "token",
  "apiKey",
  "api_key",
  "authorization",
  "cookie",
  "REDIS_PASSWORD",
  "ADMIN_PASSWORD",
  "OPENROUTER_API_KEY",
] as const;

/**
 * Environment variables whose values the supervisor hides from every line of the merged log
 * stream, whoever wrote the line (see `secretsFromEnv`). Of the URL variables only the password
 * is secret: host and user name help an operator.
 */
const SECRET_ENV_VARS = ["REDIS_PASSWORD", "OPENROUTER_API_KEY", "ADMIN_PASSWORD"] as const;
const SECRET_URL_ENV_VARS = ["REDIS_URL", "DATABASE_URL"] as const;

/**
 * Fields of driver errors that carry what was sent to the server: ioredis puts the failed
 * command on `command` (AUTH's arguments are the password) and a transaction's earlier failures
 * on `previousErrors`; pg's client keeps the password in `connectionParameters`; Node's URL
 * errors keep the whole URL in `input`. `command` keeps its name, the rest is censored.
 */
const DRIVER_SECRET_FIELDS: readonly string[] = [
  "previousErrors",
  "connectionParameters",
  "client",
  "input",
];

export const CENSOR = "[redacted]";

/**
 * The secret values in an environment: each of {@link SECRET_ENV_VARS} and the passwords of
 * {@link SECRET_URL_ENV_VARS}, decoded (as the driver sends them) and as written in the URL;
 * a `password` query parameter (which pg and ioredis both accept) counts too.
 *
 * @example
 * secretsFromEnv({ REDIS_URL: "rediss://default:p%40ss@host", ADMIN_PASSWORD: "hunter22" });
 * // ["hunter22", "p@ss", "p%40ss"]
 */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  const found = new Set<string>();
  for (const name of SECRET_ENV_VARS) found.add(env[name] ?? "");
  for (const name of SECRET_URL_ENV_VARS) {
    for (const written of urlPasswords(env[name] ?? "")) {
      found.add(written);
      found.add(decodeOrSame(written));
    }
  }
  found.delete("");
  return [...found];
}

// What a driver would take as the password: between the first ":" after "//" and the last "@".
// A URL the WHATWG parser refuses (the configuration check then names it) is still searched.
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:(.*)@[^@]*$/is;

function urlPasswords(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, ...parsed.searchParams.getAll("password")];
  } catch {
    return [URL_PASSWORD.exec(url)?.[1] ?? ""];
  }
}

function decodeOrSame(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  "command.args",
  "*.command.args",
  'req.headers["authorization"]',
  'req.headers["cookie"]',
  'headers["authorization"]',
  'headers["proxy-authorization"]',
];

// scheme://user:pass@ or scheme://token@ — everything between "//" and "@" is a credential.
// The scheme is the last 32 characters at most before "://", so that no text costs more than
// linear time (an unbounded scheme made "a.a.a.a…" quadratic), and the credential stops at a
// quote or backslash, which a URL's user info cannot hold raw: inside a JSON line the match
// then stays within one string and the line stays valid JSON.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/@"\\]+@/gi;

/**
 * Hides credentials inside URLs anywhere in a string, e.g. `rediss://default:secret@host`
 * becomes `rediss://***@host`.
 *
 * @example
 * redactUrlCredentials("connect to redis://:pw@h:6379") // "connect to redis://***@h:6379"
 */
export function redactUrlCredentials(text: string): string {
  // Most lines hold no URL, and most URLs no "@": two searches spare them the pattern.
  const scheme = text.indexOf("://");
  if (scheme === -1 || text.indexOf("@", scheme) === -1) return text;
  return text.replace(URL_CREDENTIALS, "$1***@");
}

/**
 * Applies {@link redactUrlCredentials} to every string in a log object, a few levels deep.
 * Objects without a URL inside are returned as they are, so the common line allocates nothing.
 */
export function redactDeep<T>(value: T, depth = 4): T {
  if (typeof value === "string") return redactUrlCredentials(value) as T;
  if (depth === 0 || value === null || typeof value !== "object") return value;
  return mapFields(value, (_key, item) => redactDeep(item, depth - 1));
}

/**
 * Censors ioredis's command arguments and the other {@link DRIVER_SECRET_FIELDS} in a
 * serialised error and in what is nested in it (aggregate errors, ioredis's `lastNodeError`),
 * a few levels deep. Copies only what it changes: the driver's own objects stay as they were.
 *
 * @example
 * censorDriverFields({ message: "WRONGPASS", command: { name: "auth", args: ["default", "pw"] } });
 * // { message: "WRONGPASS", command: { name: "auth", args: "[redacted]" } }
 */
export function censorDriverFields<T>(value: T, depth = 4): T {
  if (depth === 0 || value === null || typeof value !== "object") return value;
  return mapFields(value, (key, item) => {
    if (DRIVER_SECRET_FIELDS.includes(key)) return CENSOR;
    if (key === "command" && item !== null && typeof item === "object" && "args" in item)
      return { ...item, args: CENSOR };
    return censorDriverFields(item, depth - 1);
  });
}

/** `visit` gives each field's new value; the object is copied once, at the first change. */
function mapFields<T extends object>(value: T, visit: (key: string, item: unknown) => unknown): T {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = visit(String(i), item);
      if (next !== item) {
        copy ??= [...value];
        copy[i] = next;
      }
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = visit(key, item);
    if (next !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = next;
    }
  }
  return (copy ?? value) as T;
}
