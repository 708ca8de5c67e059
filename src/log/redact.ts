/** Field names whose values never reach a log line, at any depth pino's redaction reaches. */
export const SECRET_KEYS = [
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

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'req.headers["authorization"]',
  'req.headers["cookie"]',
  'headers["authorization"]',
  'headers["proxy-authorization"]',
];

// scheme://user:pass@ or scheme://token@ — everything between "//" and "@" is a credential.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/**
 * Hides credentials inside URLs anywhere in a string, e.g. `rediss://default:secret@host`
 * becomes `rediss://***@host`.
 *
 * @example
 * redactUrlCredentials("connect to redis://:pw@h:6379") // "connect to redis://***@h:6379"
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes("://")) return text;
  return text.replace(URL_CREDENTIALS, "$1***@");
}

/**
 * Applies {@link redactUrlCredentials} to every string in a log object, a few levels deep.
 * Objects without a URL inside are returned as they are, so the common line allocates nothing.
 */
export function redactDeep<T>(value: T, depth = 4): T {
  if (typeof value === "string") return redactUrlCredentials(value) as T;
  if (depth === 0 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = redactDeep(item, depth - 1);
      if (next !== item) {
        copy ??= [...value];
        copy[i] = next;
      }
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = redactDeep(item, depth - 1);
    if (next !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = next;
    }
  }
  return (copy ?? value) as T;
}
