import { writeFileSync } from "node:fs";
import path from "node:path";
import { rootCertificates } from "node:tls";
import { describe, expect, it } from "vitest";
import { advertisedHead, redirectTarget, secureContextOf } from "../../src/analysis/redirects.ts";
import { tempDir } from "./fixtures.ts";

const PROBE = "https://github.com/old/name/info/refs?service=git-upload-pack";
const HOSTS = ["github.com", "gitlab.com"];

describe("redirectTarget", () => {
  it.each([
    [
      "https://github.com/new/name/info/refs?service=git-upload-pack",
      "https://github.com/new/name",
    ],
    ["/new/name/info/refs?service=git-upload-pack", "https://github.com/new/name"],
    // Kept as the host wrote it: normalising .git away could send us back where we came from.
    ["/new/name.git/info/refs?service=git-upload-pack", "https://github.com/new/name.git"],
    [
      "https://GitLab.com/moved/name/info/refs?service=git-upload-pack",
      "https://gitlab.com/moved/name",
    ],
  ])("follows %s to %s", (location, url) => {
    expect(redirectTarget(PROBE, location, HOSTS).url).toBe(url);
  });

  it.each([
    ["https://evil.example/a/b/info/refs?service=git-upload-pack", /evil\.example is not one of/],
    ["http://github.com/a/b/info/refs?service=git-upload-pack", /use an https:\/\/ URL/],
    ["https://github.com:8443/a/b/info/refs?service=git-upload-pack", /must not name a port/],
    ["https://u:p@github.com/a/b/info/refs?service=git-upload-pack", /credentials/],
    ["https://127.0.0.1/a/b/info/refs?service=git-upload-pack", /not an IP address/],
    ["https://github.com/login", /not a git repository's address/],
    ["/a/b/info/refs?service=git-receive-pack", /not a git repository's address/],
    ["https://github.com/a/b?x=/info/refs?service=git-upload-pack", /query string/],
    ["", /without a Location/],
  ])("refuses a redirect to %s with REDIRECT_NOT_ALLOWED", (location, why) => {
    expect(() => redirectTarget(PROBE, location, HOSTS)).toThrow(
      expect.objectContaining({
        code: "REDIRECT_NOT_ALLOWED",
        permanent: true,
        message: expect.stringMatching(why),
      }),
    );
  });

  it("reads 1 MB of a hostile Location in linear time and refuses it", () => {
    const location = `https://github.com/${"a/".repeat(2 ** 19)}info/refs?service=git-upload-pack`;
    expect(() => redirectTarget(PROBE, location, HOSTS)).toThrow(/longer than 512 characters/);
  });
});

/** A pkt-line: four hex digits of length (its own four included), then the payload. */
const pkt = (payload: string) => (payload.length + 4).toString(16).padStart(4, "0") + payload;
/** The service line and its flush, then these lines, as `info/refs` answers. */
const advertisement = (...lines: string[]) =>
  [pkt("# service=git-upload-pack\n"), "0000", ...lines.map(pkt)].join("");
const SHA = "0123456789abcdef0123456789abcdef01234567";
const CAPABILITIES = "multi_ack side-band-64k symref=HEAD:refs/heads/main agent=git/2.39\n";
const ADVERTISEMENT = `${advertisement(`${SHA} HEAD\0${CAPABILITIES}`, `${SHA} refs/heads/main\n`)}0000`;

describe("advertisedHead", () => {
  it("reads the commit HEAD names from a v0 ref advertisement", () => {
    expect(advertisedHead(Buffer.from(ADVERTISEMENT))).toBe(SHA);
    const sha256 = "f".repeat(64);
    expect(advertisedHead(Buffer.from(advertisement(`${sha256} HEAD\0caps\n`)))).toBe(sha256);
  });

  it("waits for more bytes while HEAD's line is cut anywhere", () => {
    const headEnds = ADVERTISEMENT.indexOf(CAPABILITIES) + CAPABILITIES.length;
    for (let cut = 0; cut < headEnds; cut++)
      expect(advertisedHead(Buffer.from(ADVERTISEMENT.slice(0, cut))), `cut at ${cut}`).toBe(
        undefined,
      );
  });

  it.each([
    ["an empty repository", advertisement(`${"0".repeat(40)} capabilities^{}\0caps\n`)],
    ["no HEAD, a branch first", advertisement(`${SHA} refs/heads/main\0caps\n`)],
    ["protocol v2", advertisement("version 2\n")],
    ["another service", `${pkt("# service=git-receive-pack\n")}0000`],
    ["no service line", pkt(`${SHA} HEAD\0caps\n`)],
    ["a short sha", advertisement(`${SHA.slice(1)} HEAD\0caps\n`)],
    ["an upper-case sha", advertisement(`${SHA.toUpperCase()} HEAD\0caps\n`)],
    ["a length that is not hex", "zzzz# service=git-upload-pack\n"],
    ["a length under four", "0003"],
    ["a page of HTML", "<!DOCTYPE html><html>"],
  ])("gives up on %s", (_, body) => {
    expect(advertisedHead(Buffer.from(body))).toBeNull();
  });

  it("reads 1 MB of hostile bytes without finding a HEAD in them", () => {
    // The probe hands it 8 KB at most; it reads no further than three lines in any case.
    for (const unit of ["0004", "ffff", "0000", "001e# service=git-upload-pack\n"])
      expect(advertisedHead(Buffer.from(unit.repeat(2 ** 20 / unit.length)))).not.toBe(SHA);
  });
});

describe("secureContextOf", () => {
  it("makes one TLS context per CA file, and reads a file that could not be read again", async () => {
    const dir = tempDir("secure-context");
    try {
      const file = path.join(dir.path, "ca.pem");
      await expect(secureContextOf(file)).rejects.toMatchObject({ code: "ENOENT" });
      writeFileSync(file, rootCertificates[0] as string);
      const context = await secureContextOf(file);
      expect(await secureContextOf(file)).toBe(context);
      const other = path.join(dir.path, "other.pem");
      writeFileSync(other, rootCertificates[1] as string);
      expect(await secureContextOf(other)).not.toBe(context);
    } finally {
      dir.remove();
    }
  });
});
