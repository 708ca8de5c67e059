/**
 * FRONTEND_URL's entries: exact origins, and one wildcard form for preview deployments.
 *
 * A Vercel preview lives at `https://<project>-git-<branch>-<team>.vercel.app`, in a namespace
 * every Vercel account shares. A pattern names the fixed text on both sides of the wildcard,
 * e.g. `https://repolens-git-*-myteam.vercel.app`, and `*` stands for ONE run of letters and
 * digits: no dot (another domain) and no dash. The dash matters: if `*` could hold one,
 * `repolens-git-main-x-myteam.vercel.app` (branch `main`, someone else's team `x-myteam`)
 * would pass as a branch `main-x` of `myteam`; the hostname alone cannot tell them apart. So
 * a branch whose name holds a dash is allowed only by listing its exact origin (or through the
 * deployment's own URL, `https://<project>-<hash>-<team>.vercel.app`, which the same pattern
 * shape `https://repolens-*-myteam.vercel.app` covers). A wildcard without fixed text on both
 * sides within its label (`https://*.vercel.app`, `https://*-myteam.vercel.app`) would admit
 * any project name anyone can register, and is refused at start.
 */

export type OriginMatcher = (origin: string) => boolean;

const LABEL_PREFIX = /^[a-z0-9][a-z0-9-]*-$/;
const LABEL_SUFFIX = /^-[a-z0-9-]*[a-z0-9]$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

const escapeRegex = (s: string) => s.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&");

/** Why `pattern` is not a usable FRONTEND_URL entry, or null when it is. */
export function originPatternProblem(pattern: string): string | null {
  const normal = pattern.replace(/\/+$/, "").toLowerCase();
  if (!normal.includes("*")) {
    try {
      const url = new URL(normal);
      if (url.origin !== normal || (url.protocol !== "https:" && url.protocol !== "http:"))
        return `${pattern}: expected an origin, scheme and host only (https://app.example.com)`;
      return null;
    } catch {
      return `${pattern}: expected an origin, scheme and host only (https://app.example.com)`;
    }
  }
  const parts = /^https:\/\/([^*./:]*)\*([^*./:]*)\.([^*/:]+)$/.exec(normal);
  if (
    !parts ||
    !LABEL_PREFIX.test(parts[1] as string) ||
    !LABEL_SUFFIX.test(parts[2] as string) ||
    !DOMAIN.test(parts[3] as string)
  )
    return `${pattern}: a wildcard origin is https://<prefix>-*-<suffix>.<domain>, one *, with fixed text and a dash on both sides of it in the first label (https://repolens-git-*-myteam.vercel.app)`;
  return null;
}

/** The matcher of one entry that `originPatternProblem` accepted. */
function compile(pattern: string): OriginMatcher {
  const normal = pattern.replace(/\/+$/, "").toLowerCase();
  if (!normal.includes("*")) return (origin) => origin.toLowerCase() === normal;
  const [before, after] = normal.split("*") as [string, string];
  const regex = new RegExp(`^${escapeRegex(before)}[a-z0-9]+${escapeRegex(after)}$`);
  return (origin) => regex.test(origin.toLowerCase());
}

/**
 * @example
 * const allowed = originMatcher(["https://app.example.com", "https://repolens-git-*-myteam.vercel.app"]);
 * allowed("https://repolens-git-main-myteam.vercel.app") // true
 * allowed("https://repolens-git-main-x-myteam.vercel.app") // false: team x-myteam
 */
export function originMatcher(patterns: readonly string[]): OriginMatcher {
  for (const pattern of patterns) {
    const problem = originPatternProblem(pattern);
    if (problem) throw new Error(`FRONTEND_URL: ${problem}`);
  }
  const matchers = patterns.map(compile);
  return (origin) => matchers.some((match) => match(origin));
}
