import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The kernel's count of OOM kills in the memory cgroup the supervisor and its children share
 * (the container's). A worker SIGKILLed while it rose was most likely killed for memory, not by
 * an operator. cgroup v2 keeps it in `memory.events`, v1 in `memory.oom_control`, both as a line
 * `oom_kill N` (v1 kernels before 4.13 have no such line: unknown).
 */

/**
 * The files that may hold the counter, the most specific first: the cgroup `/proc/self/cgroup`
 * names, below the mount, then the mount's root (inside a container with a cgroup namespace,
 * or a v1 container without one, the root is the container's own cgroup).
 *
 * @example
 * oomKillFiles("4:memory:/process_api/e02b\n0::/\n");
 * // ["/sys/fs/cgroup/memory/process_api/e02b/memory.oom_control",
 * //  "/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"]
 */
export function oomKillFiles(procSelfCgroup: string, root = "/sys/fs/cgroup"): string[] {
  const files: string[] = [];
  for (const line of procSelfCgroup.split("\n")) {
    const match = /^\d+:([^:]*):(\/.*)$/.exec(line);
    if (!match) continue;
    const [, controllers = "", cgroup = "/"] = match;
    if (controllers === "") {
      files.push(path.join(root, cgroup, "memory.events"), path.join(root, "memory.events"));
    } else if (controllers.split(",").includes("memory")) {
      const mount = path.join(root, "memory");
      files.push(
        path.join(mount, cgroup, "memory.oom_control"),
        path.join(mount, "memory.oom_control"),
      );
    }
  }
  return [...new Set(files)];
}

/** The `oom_kill` count of a `memory.events` or `memory.oom_control` text; null without one. */
export function parseOomKills(text: string): number | null {
  const match = /^oom_kill (\d+)$/m.exec(text);
  return match?.[1] ? Number(match[1]) : null;
}

/** Reads the counter from the first of `files` that has it; null when none is readable. */
export async function readOomKills(files: readonly string[]): Promise<number | null> {
  for (const file of files) {
    const count = parseOomKills(await readFile(file, "utf8").catch(() => ""));
    if (count !== null) return count;
  }
  return null;
}

/** `oomKillFiles` for this process; none where `/proc` is missing. */
export async function ownOomKillFiles(): Promise<string[]> {
  return oomKillFiles(await readFile("/proc/self/cgroup", "utf8").catch(() => ""));
}
