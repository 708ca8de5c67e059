import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log/index.ts";

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
});
