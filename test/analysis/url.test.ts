import { describe, expect, it } from "vitest";
import {
  hostGuard,
  isOutsidePrivateNetwork,
  isPrivateAddress,
  resolvePublicHost,
  validateRef,
  validateRepoUrl,
} from "../../src/analysis/index.ts";
import { takenAsLocalPath } from "../../src/analysis/url-rules.ts";

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

describe("local paths", () => {
  it("are taken as given only with ALLOW_LOCAL_REPOS, and an https URL never is", () => {
    expect(takenAsLocalPath("/srv/repo", true)).toBe(true);
    expect(takenAsLocalPath("file:///srv/repo", true)).toBe(true);
    expect(takenAsLocalPath("/srv/repo", false)).toBe(false);
    expect(takenAsLocalPath("HTTPS://github.com/a/b", true)).toBe(false);
  });
});

describe("DNS guard", () => {
  it.each([
    ["127.0.0.1", "IPv4 loopback"],
    ["0.0.0.0", "IPv4 unspecified"],
    ["10.1.2.3", "RFC 1918"],
    ["172.20.0.1", "RFC 1918"],
    ["192.168.1.1", "RFC 1918"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["192.0.2.1", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::", "IPv6 unspecified"],
    ["::1", "IPv6 loopback"],
    ["fe80::1", "IPv6 link-local"],
    ["fd00::1", "unique local"],
    ["fec0::1", "site-local (deprecated, still routed inside some networks)"],
    ["ff02::1", "IPv6 multicast"],
    ["2001:db8::1", "IPv6 documentation"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["::ffff:0:a00:1", "IPv4-translated private"],
    ["64:ff9b::7f00:1", "NAT64 of loopback"],
    ["64:ff9b::a9fe:a9fe", "NAT64 of the metadata address"],
    ["64:ff9b:1::a00:1", "local-use NAT64 of 10.0.0.1"],
    ["64:ff9b:1:a00:0:100::", "local-use NAT64 of 10.0.0.1, RFC 6052 /48 layout"],
    ["2002:7f00:1::", "6to4 of loopback"],
    ["2002:c0a8:101::1", "6to4 of 192.168.1.1"],
    ["2001:0:8c52:7904::80ff:fffe", "Teredo whose client is 127.0.0.1"],
    ["2001:0:a00:1::73ad:86fb", "Teredo whose server is 10.0.0.1"],
    ["not-an-address", "no address at all"],
    ["127.1", "a legacy IPv4 spelling"],
  ])("treats %s as private (%s)", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    ["140.82.121.4", "github.com"],
    ["2606:50c0:8000::153", "github.com over IPv6"],
    ["::ffff:140.82.121.4", "IPv4-mapped public"],
    ["64:ff9b::8c52:7904", "NAT64 of github.com, as DNS64 answers on an IPv6-only network"],
    ["2002:8c52:7904::1", "6to4 of a public address"],
    ["2001:0:8c52:7904::73ad:86fb", "Teredo with a public server and client"],
  ])("treats %s as public (%s)", (address) => expect(isPrivateAddress(address)).toBe(false));

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
  it("lets only the hosts named in PRIVATE_GIT_HOSTS resolve to private or loopback addresses", async () => {
    await expect(hostGuard(["localhost"])("localhost")).resolves.toContain("127.0.0.1");
    await expect(hostGuard(["gitlab.internal"])("localhost")).rejects.toMatchObject({
      code: "PRIVATE_ADDRESS",
    });
    for (const address of ["10.0.4.7", "192.168.1.2", "127.0.0.1", "fd00::1", "::1"])
      expect(isOutsidePrivateNetwork(address), address).toBe(false);
    // Even a named host may not lead to a cloud's metadata service or other special ranges.
    for (const address of [
      "169.254.169.254",
      "fe80::1",
      "0.0.0.0",
      "224.0.0.1",
      "::ffff:169.254.1.1",
    ])
      expect(isOutsidePrivateNetwork(address), address).toBe(true);
  });
});
