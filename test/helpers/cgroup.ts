import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { vi } from "vitest";

/** A memory cgroup a test made, with a limit, or why this machine cannot give one. */
export type MemoryCgroup = { dir: string; remove(): Promise<void> } | { skip: string };

/**
 * Makes a cgroup below the test process's own with a memory limit and no swap, so the kernel's
 * OOM killer acts inside it as it would in a container at its limit. Needs root and a cgroup
 * tree this process may write (v1's memory hierarchy, or v2 with the memory controller enabled
 * below our cgroup); otherwise says why not.
 */
export async function memoryCgroup(limitBytes: number): Promise<MemoryCgroup> {
  if (process.getuid?.() !== 0) return { skip: "needs root to make a cgroup" };
  const own = await readFile("/proc/self/cgroup", "utf8").catch(() => "");
  const v1 = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(\/.*)$/m.exec(own)?.[1];
  const v2 = /^0::(\/.*)$/m.exec(own)?.[1];
  const name = `repolens-oom-${randomUUID().slice(0, 8)}`;
  let dir: string;
  /** The memory limit first (required), then the swap limit. */
  let limits: Array<[string, string]>;
  if (v1 !== undefined) {
    const mount = "/sys/fs/cgroup/memory";
    const parent = existsSync(path.join(mount, v1)) ? path.join(mount, v1) : mount;
    dir = path.join(parent, name);
    limits = [
      ["memory.limit_in_bytes", String(limitBytes)],
      ["memory.memsw.limit_in_bytes", String(limitBytes)],
    ];
  } else if (v2 !== undefined) {
    const parent = path.join("/sys/fs/cgroup", v2);
    const enabled = await readFile(path.join(parent, "cgroup.subtree_control"), "utf8").catch(
      () => "",
    );
    if (!enabled.split(/\s+/).includes("memory"))
      return { skip: "the memory controller is not enabled below this process's cgroup (v2)" };
    dir = path.join(parent, name);
    limits = [
      ["memory.max", String(limitBytes)],
      ["memory.swap.max", "0"],
    ];
  } else {
    return { skip: "no cgroup in /proc/self/cgroup" };
  }
  try {
    await mkdir(dir);
  } catch (error) {
    return { skip: `cannot make a cgroup here (${(error as Error).message})` };
  }
  const [memory, ...swap] = limits;
  try {
    if (memory) await writeFile(path.join(dir, memory[0]), memory[1]);
  } catch (error) {
    await rmdir(dir);
    return { skip: `cannot limit the cgroup's memory (${(error as Error).message})` };
  }
  // The swap limits are missing where the kernel accounts no swap: the memory limit is enough.
  for (const [file, value] of swap)
    await writeFile(path.join(dir, file), value).catch(() => undefined);
  return {
    dir,
    async remove() {
      // rmdir fails while a process of the cgroup is still being torn down.
      await vi.waitFor(() => rmdir(dir), { timeout: 5000, interval: 100 });
    },
  };
}
