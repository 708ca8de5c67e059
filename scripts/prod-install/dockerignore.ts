import path from "node:path";

/**
 * `.dockerignore` as Docker reads it: patterns in order, `!` re-includes, the last matching
 * pattern wins, and a pattern that matches a directory matches everything under it.
 *
 * @example
 * const inContext = dockerignore(readFileSync(".dockerignore", "utf8"));
 * inContext("src/api/main.ts"); // true
 */
export function dockerignore(text: string): (relativePath: string) => boolean {
  const rules = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = path.posix.normalize((negated ? line.slice(1) : line).replace(/^\/+/, ""));
      return { negated, pattern: globToRegExp(pattern) };
    });
  return (relativePath) => {
    const parts = path.posix.normalize(relativePath).split("/");
    // The path itself and each of its parent directories, shortest first.
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
    let included = true;
    for (const { negated, pattern } of rules) {
      if (candidates.some((candidate) => pattern.test(candidate))) included = negated;
    }
    return included;
  };
}

/**
 * Go's filepath.Match, which Docker uses, plus Docker's `**`: `*` and `?` stop at `/` and match
 * dot files too (unlike shell globs, so `*` does exclude `.env` and `.git`).
 */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i += 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
