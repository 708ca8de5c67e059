import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.ts";
import { originMatcher, originPatternProblem } from "../../src/config/origin-pattern.ts";

const PREVIEWS = "https://repolens-git-*-myteam.vercel.app";
const allowed = originMatcher(["https://repolens.example.com", PREVIEWS]);

describe("FRONTEND_URL origin patterns", () => {
  it.each([
    ["https://repolens.example.com", "the exact origin"],
    ["https://REPOLENS.example.com", "the exact origin in capitals"],
    ["https://repolens-git-main-myteam.vercel.app", "a preview of branch main"],
    ["https://repolens-git-pr42-myteam.vercel.app", "a preview of branch pr42"],
  ])("%s is allowed (%s)", (origin) => {
    expect(allowed(origin)).toBe(true);
  });

  it.each([
    ["https://repolens-git-main-x-myteam.vercel.app", "a look-alike team x-myteam"],
    ["https://repolens-git-main-evilmyteam.vercel.app", "a team whose name ends in myteam"],
    ["https://repolens-git-main-myteam2.vercel.app", "a team whose name starts with myteam"],
    ["https://other-git-main-myteam.vercel.app", "another project of the same team"],
    ["https://xrepolens-git-main-myteam.vercel.app", "a project whose name ends in repolens"],
    ["https://evil-repolens-git-main-myteam.vercel.app", "a project named evil-repolens-git-…"],
    ["https://repolens-git--myteam.vercel.app", "an empty branch"],
    ["https://repolens-git-a.b-myteam.vercel.app", "a dot in the branch (another domain)"],
    ["https://repolens-git-main-myteam.vercel.app.evil.example", "the name inside another domain"],
    ["https://repolens-git-main-myteam.vercel.app:444", "another port"],
    ["http://repolens-git-main-myteam.vercel.app", "plain http"],
    ["https://repolens.example.com.evil.example", "the exact origin as a prefix"],
    ["null", "an opaque origin"],
  ])("%s is refused (%s)", (origin) => {
    expect(allowed(origin)).toBe(false);
  });

  it.each([
    "https://*.vercel.app",
    "https://*-myteam.vercel.app",
    "https://repolens-git-*.vercel.app",
    "https://repolens*myteam.vercel.app",
    "https://repolens-*-*-myteam.vercel.app",
    "http://repolens-git-*-myteam.vercel.app",
    "https://repolens-git-*-myteam.vercel.app:8443",
    "https://a-*-b.*.example",
    "https://app.example.com/path",
    "app.example.com",
  ])("the pattern %s is refused at start, naming FRONTEND_URL", (pattern) => {
    expect(originPatternProblem(pattern)).not.toBeNull();
    expect(() => loadConfig({ FRONTEND_URL: pattern })).toThrow(/FRONTEND_URL/);
  });

  it("exact origins, localhost for tests, and the preview form start", () => {
    const env = loadConfig({
      FRONTEND_URL: `https://a.example, http://localhost:5173, ${PREVIEWS}, https://repolens-*-myteam.vercel.app/`,
    });
    expect(env.FRONTEND_URL).toHaveLength(4);
  });

  it("a wildcard holds no more than one run of letters and digits, even in 1 MB of them", () => {
    const huge = `https://repolens-git-${"a-".repeat(500_000)}myteam.vercel.app`;
    expect(allowed(huge)).toBe(false);
    expect(allowed(`https://repolens-git-${"a".repeat(1_000_000)}-myteam.vercel.app`)).toBe(true);
  });
});
