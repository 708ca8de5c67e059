import { describe, expect, it } from "vitest";
import { redirectTarget } from "../../src/analysis/redirects.ts";

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
