import { describe, expect, it } from "vitest";
import {
  isPrivateAddress,
  resolvePublicHost,
  validateRef,
  validateRepoUrl,
} from "../../src/analysis/index.ts";

const HOSTS = ["github.com", "gitlab.com"];

describe("repository URL rules", () => {
  it("normalises host case, a trailing slash and .git", () => {
    expect(validateRepoUrl("https://GitHub.com/honojs/hono.git/", HOSTS)).toEqual({
      url: "https://github.com/honojs/hono",
      host: "github.com",
    });
  });

  it.each([
    ["http://github.com/a/b", "INVALID_URL"],
    ["git@github.com:a/b.git", "INVALID_URL"],
    ["https://user:pw@github.com/a/b", "INVALID_URL"],
    ["https://github.com:443/a/b", "INVALID_URL"],
    ["https://140.82.121.4/a/b", "INVALID_URL"],
    ["https://[::1]/a/b", "INVALID_URL"],
    ["https://github.com/a", "INVALID_URL"],
    ["https://github.com/a/b?x=1", "INVALID_URL"],
    ["https://evil.example/a/b", "HOST_NOT_ALLOWED"],
    [`https://github.com/a/${"b".repeat(600)}`, "INVALID_URL"],
  ])("refuses %s with %s", (input, code) => {
    expect(() => validateRepoUrl(input, HOSTS)).toThrow(expect.objectContaining({ code }));
  });

  it("refuses refs that git would read as options or that are malformed", () => {
    expect(validateRef("release/1.2")).toBe("release/1.2");
    for (const bad of ["--upload-pack=x", "a..b", "a b", "x.lock", ""]) {
      expect(() => validateRef(bad)).toThrow(expect.objectContaining({ code: "INVALID_REF" }));
    }
  });
});

describe("DNS guard", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "::1",
    "fe80::1",
    "fd00::1",
    "::ffff:127.0.0.1",
  ])("treats %s as private", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(["140.82.121.4", "2606:50c0:8000::153"])("treats %s as public", (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );

  it("refuses a host that resolves to a private address, before any clone", async () => {
    const resolve = async () => [{ address: "140.82.121.4" }, { address: "10.0.0.5" }];
    await expect(resolvePublicHost("github.com", resolve)).rejects.toMatchObject({
      code: "PRIVATE_ADDRESS",
      permanent: true,
    });
    await expect(
      resolvePublicHost("github.com", async () => [{ address: "140.82.121.4" }]),
    ).resolves.toEqual(["140.82.121.4"]);
  });
});
