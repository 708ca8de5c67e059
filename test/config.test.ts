import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/index.ts";

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.variable}: ${i.message}`);
    throw error;
  }
  return [];
}

describe("config", () => {
  it("an empty environment gives the documented defaults", () => {
    const env = loadConfig({});
    expect(env.PORT).toBe(3000);
    expect(env.ROLE).toBe("combined");
    expect(env.SHUTDOWN_TIMEOUT_MS).toBe(25_000);
    expect(env.ALLOWED_GIT_HOSTS).toEqual([
      "github.com",
      "gitlab.com",
      "bitbucket.org",
      "codeberg.org",
    ]);
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("a malformed value is refused with the variable's name and what is expected", () => {
    expect(issuesOf({ PORT: "abc" })).toEqual(["PORT: expected a whole number"]);
    expect(issuesOf({ PORT: "70000" })).toEqual(["PORT: expected a number <= 65535"]);
    expect(issuesOf({ ROLE: "both" })[0]).toMatch(/^ROLE: .*combined.*api.*worker/);
    expect(issuesOf({ REDIS_URL: "http://x" })).toEqual([
      "REDIS_URL: expected a URL starting with redis:// or rediss://",
    ]);
    expect(issuesOf({ TRUST_PROXY: "maybe" })[0]).toMatch(/^TRUST_PROXY: expected 1\/0/);
  });

  it("a private-network allowance names only hosts that are allowed in the first place", () => {
    expect(issuesOf({ PRIVATE_GIT_HOSTS: "gitlab.internal" })).toEqual([
      "PRIVATE_GIT_HOSTS: gitlab.internal not in ALLOWED_GIT_HOSTS",
    ]);
    const env = loadConfig({
      ALLOWED_GIT_HOSTS: "github.com,gitlab.internal",
      PRIVATE_GIT_HOSTS: "gitlab.internal",
    });
    expect(env.PRIVATE_GIT_HOSTS).toEqual(["gitlab.internal"]);
  });

  it("every bad variable is named at once, not only the first", () => {
    expect(issuesOf({ PORT: "-1", WORKER_CONCURRENCY: "x", LOG_LEVEL: "loud" })).toHaveLength(3);
  });

  it("lists are split on commas and empty values mean the default", () => {
    const env = loadConfig({
      FRONTEND_URL: "https://a.example, https://web-git-*-team.vercel.app",
      PORT: "",
    });
    expect(env.FRONTEND_URL).toEqual(["https://a.example", "https://web-git-*-team.vercel.app"]);
    expect(env.PORT).toBe(3000);
  });
});
