import { execFileSync } from "node:child_process";

function version(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8" }).trim().split("\n")[0] ?? "unknown";
  } catch {
    return "not found";
  }
}

/** Writes the facts a CI log needs to explain a failure: Node, git and Redis versions. */
export function logFacts(): void {
  process.stdout.write(
    `[repolens tests] node ${process.version} (${process.execPath}); ` +
      `${version("git", ["--version"])}; ${version("redis-server", ["--version"])}\n`,
  );
}
