import { describe, expect, it } from "vitest";
import {
  clientKey,
  forwardedEntry,
  parseAddress,
} from "../../src/api/middleware/client-address.ts";

describe("the client address behind trusted proxies", () => {
  it.each([
    ["203.0.113.7", 1, "203.0.113.7"],
    ["6.6.6.6, 203.0.113.7", 1, "203.0.113.7"],
    ["6.6.6.6,203.0.113.7 ,  104.22.17.40", 2, "203.0.113.7"],
    // Fewer entries than hops: the leftmost, which a trusted proxy still wrote.
    ["203.0.113.7", 2, "203.0.113.7"],
    ["a, b, c", 5, "a"],
    ["x,", 1, ""],
  ])("%j with %i hop(s) gives %j", (header, hops, expected) => {
    expect(forwardedEntry(header, hops)).toBe(expected);
  });

  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["", null],
    ["unknown", null],
    ["0x7f.1", null],
    ["999.1.1.1", null],
    ["1.2.3.4.5", null],
    ["[::1", null],
    ["203.0.113.7:99999999", null],
  ])("%j parses to %j", (entry, expected) => {
    expect(parseAddress(entry)).toBe(expected);
  });

  it("counts IPv4 per address and IPv6 per /64", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
  });

  it("a megabyte of the worst header text is answered at once and yields nothing", () => {
    const worst = [
      ",".repeat(1 << 20),
      " ".repeat(1 << 20),
      "1".repeat(1 << 20),
      `[${":".repeat(1 << 20)}]`,
      `${"1.".repeat(1 << 19)}:1`,
    ];
    for (const header of worst) {
      for (const hops of [1, 2, 10]) expect(parseAddress(forwardedEntry(header, hops))).toBeNull();
    }
  });
});
