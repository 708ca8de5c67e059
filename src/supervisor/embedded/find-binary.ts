import { access, constants } from "node:fs/promises";
import path from "node:path";

/** Resolves a program name the way a shell would (PATH), or a path as given; null if absent. */
export async function findBinary(
  name: string,
  searchPath = process.env.PATH ?? "",
): Promise<string | null> {
  const candidates = name.includes("/")
    ? [name]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return null;
}
