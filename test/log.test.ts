import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createLogger, secretsFromEnv } from "../src/log/index.ts";
import { redactUrlCredentials } from "../src/log/redact.ts";
import { redisUrl } from "./helpers/services.ts";

function capture(supervised = false) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger({
    service: "api",
    supervised,
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { log, lines, raw };
}

describe("logger", () => {
  it("writes the service name and pid on every line, and leaves both to the supervisor when supervised", () => {
    const own = capture();
    own.log.info("up");
    expect(own.lines[0]).toMatchObject({ svc: "api", pid: process.pid, msg: "up" });
    const supervised = capture(true);
    supervised.log.info("up");
    expect(supervised.lines[0]).not.toHaveProperty("svc");
    expect(supervised.lines[0]).not.toHaveProperty("pid");
  });

  it("never writes secrets: auth headers, passwords, API keys, credentials inside URLs", () => {
    const { log, raw } = capture();
    log.info(
      {
        req: { headers: { authorization: "Bearer tok-123", cookie: "sid=abc" } },
        password: "hunter2",
        config: { apiKey: "sk-live-1", REDIS_PASSWORD: "rp-9" },
        OPENROUTER_API_KEY: "sk-or-2",
        url: "rediss://default:up-secret@eu1.upstash.io:6379",
        err: new Error("connect to postgres://neon:pg-secret@ep-x.neon.tech/db failed"),
      },
      "connecting to rediss://default:msg-secret@host:6379",
    );
    const text = raw.join("\n");
    for (const secret of [
      "tok-123",
      "sid=abc",
      "hunter2",
      "sk-live-1",
      "rp-9",
      "sk-or-2",
      "up-secret",
      "pg-secret",
      "msg-secret",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("rediss://***@eu1.upstash.io:6379");
    expect(text).toContain("postgres://***@ep-x.neon.tech/db");
  });

  it("never writes Redis command arguments: AUTH's password from a real WRONGPASS, nested errors too", async () => {
    const { log, raw } = capture();
    const redis = new Redis(redisUrl(), {
      username: "no-such-user",
      password: "auth-arg-secret",
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // ioredis reports the failed AUTH on "error"; connect() only says the connection closed.
    const error = await new Promise<unknown>((resolve) => {
      redis.once("error", resolve);
      redis.connect().catch(() => undefined);
    });
    redis.disconnect();
    // The driver's own error carries the password (in AUTH's or HELLO's arguments).
    expect(error).toMatchObject({ command: { args: expect.arrayContaining(["auth-arg-secret"]) } });
    const reply = Object.assign(new Error("ERR"), { command: { name: "set", args: ["k", "v1"] } });
    const nested = Object.assign(new Error("all nodes failed"), { lastNodeError: reply });
    log.error({ err: error }, "redis connection error");
    log.error({ error: new AggregateError([reply], "several") }, "aggregate");
    log.error({ err: nested, previous: { command: { name: "get", args: ["k2"] } } }, "nested");
    log.error({ err: Object.assign(new Error("x"), { previousErrors: [reply] }) }, "transaction");
    const text = raw.join("\n");
    for (const secret of ["auth-arg-secret", '"v1"', '"k2"']) expect(text).not.toContain(secret);
    expect(JSON.parse(raw[0] as string).err.command).toEqual({
      name: (error as { command: { name: string } }).command.name,
      args: "[redacted]",
    });
    expect(reply.command.args).toEqual(["k", "v1"]);
  });
});

describe("secrets from the environment", () => {
  it("takes the secret variables whole and only the password of REDIS_URL and DATABASE_URL", () => {
    expect(
      secretsFromEnv({
        REDIS_PASSWORD: "redis-pw",
        OPENROUTER_API_KEY: "sk-or-v1-abc",
        ADMIN_PASSWORD: "",
        REDIS_URL: "rediss://default:p%40ss%2Fword@eu1.upstash.io:6379",
        DATABASE_URL: "postgres://neon:pg-pw@ep-x.neon.tech/db",
        PORT: "3000",
      }).sort(),
    ).toEqual(["p%40ss%2Fword", "p@ss/word", "pg-pw", "redis-pw", "sk-or-v1-abc"].sort());
  });

  it("finds the password of a URL the URL parser refuses, and none in a URL without one", () => {
    expect(secretsFromEnv({ DATABASE_URL: "postgres://u:pa ss@h/db" })).toContain("pa ss");
    expect(secretsFromEnv({ REDIS_URL: "redis://127.0.0.1:6379" })).toEqual([]);
    expect(secretsFromEnv({ DATABASE_URL: "postgres://u@h/db?password=q%20pw" })).toEqual(["q pw"]);
  });
});

describe("credentials inside URLs", () => {
  it("are hidden on 1 MB of the worst text for the pattern, which once took minutes", () => {
    // An unbounded scheme made "a.a.a.…://" quadratic: 128 KB took 13 s. Now each of these
    // takes well under a second; a regression shows as this test's timeout.
    // Each has an "@" after a "://", so the pattern runs rather than the quick checks.
    const worst = [
      `${"a.".repeat(1 << 19)}://@`,
      `x://${"y".repeat(1 << 20)} @`,
      `${"a://".repeat(1 << 18)}@`,
      `a://${"b@".repeat(1 << 19)}`,
      `${"a".repeat(1 << 20)}://u:p@h`,
    ];
    const redacted = worst.map(redactUrlCredentials);
    expect(redacted.slice(0, 3)).toEqual(worst.slice(0, 3));
    expect(redacted[3]).toBe(`a://***@${"b@".repeat((1 << 19) - 1)}`);
    expect(redacted[4]?.endsWith("://***@h")).toBe(true);
    expect(redactUrlCredentials(`${"a".repeat(100)}redis://u:p@h`)).not.toContain("u:p");
  });
});
