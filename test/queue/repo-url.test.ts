import { describe, expect, it } from "vitest";
import { checkRepoUrl } from "../../src/queue/index.ts";

const hosts = ["github.com", "gitlab.com"];

describe("repository URL rules", () => {
  it("accepts an https URL on an allowed host and gives its normal form", () => {
    expect(checkRepoUrl(" https://GitHub.com/honojs/hono.git/ ", hosts)).toEqual({
      ok: true,
      url: "https://github.com/honojs/hono",
      host: "github.com",
    });
    expect(checkRepoUrl("https://gitlab.com/group/sub/project", hosts)).toMatchObject({
      ok: true,
      url: "https://gitlab.com/group/sub/project",
    });
  });

  it.each([
    ["ssh://git@github.com/a/b.git", "UNSUPPORTED_SCHEME"],
    ["git@github.com:a/b.git", "UNSUPPORTED_SCHEME"],
    ["file:///etc/passwd", "UNSUPPORTED_SCHEME"],
    ["http://github.com/a/b", "UNSUPPORTED_SCHEME"],
    ["git://github.com/a/b", "UNSUPPORTED_SCHEME"],
    ["github.com/a/b", "UNSUPPORTED_SCHEME"],
    ["https://evil.example/a/b", "HOST_NOT_ALLOWED"],
    ["https://github.com.evil.example/a/b", "HOST_NOT_ALLOWED"],
    ["https://user:pw@github.com/a/b", "CREDENTIALS_NOT_ALLOWED"],
    ["https://token@github.com/a/b", "CREDENTIALS_NOT_ALLOWED"],
    ["https://github.com:8443/a/b", "PORT_NOT_ALLOWED"],
    ["https://github.com:443/a/b", "PORT_NOT_ALLOWED"],
    ["https://127.0.0.1/a/b", "IP_NOT_ALLOWED"],
    ["https://169.254.169.254/latest/meta-data", "IP_NOT_ALLOWED"],
    ["https://2130706433/a/b", "IP_NOT_ALLOWED"],
    ["https://[::1]/a/b", "IP_NOT_ALLOWED"],
    ["https://github.com/a", "INVALID_URL"],
    ["https://github.com/a/b?x=1", "INVALID_URL"],
    ["https://github.com/a/%2e%2e", "INVALID_URL"],
    [`https://github.com/a/${"b".repeat(600)}`, "URL_TOO_LONG"],
    ["", "INVALID_URL"],
  ])("refuses %s with %s and a reason", (input, code) => {
    const check = checkRepoUrl(input, hosts);
    expect(check).toMatchObject({ ok: false, code });
    if (!check.ok) expect(check.message.length).toBeGreaterThan(5);
  });
});

describe("local repositories (ALLOW_LOCAL_REPOS, tests and development)", () => {
  it("are refused unless allowed", () => {
    expect(checkRepoUrl("/srv/repo", hosts)).toMatchObject({
      ok: false,
      code: "UNSUPPORTED_SCHEME",
    });
    expect(checkRepoUrl("file:///srv/repo", hosts)).toMatchObject({
      ok: false,
      code: "UNSUPPORTED_SCHEME",
    });
  });

  it("when allowed, an absolute path or file:// URL is normalised to file:///path", () => {
    const allow = { allowLocal: true };
    expect(checkRepoUrl("/srv/./repo/", hosts, allow)).toEqual({
      ok: true,
      url: "file:///srv/repo",
      host: "",
    });
    expect(checkRepoUrl("file:///srv/my%20repo", hosts, allow)).toMatchObject({
      url: "file:///srv/my repo",
    });
    expect(checkRepoUrl("file://srv/repo", hosts, allow)).toMatchObject({
      ok: false,
      code: "INVALID_URL",
    });
    expect(checkRepoUrl("https://github.com/a/b", hosts, allow)).toMatchObject({ ok: true });
  });
});
