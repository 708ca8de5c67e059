import { readFileSync, writeFileSync } from "node:fs";

/**
 * A container's memory as its own cgroup counts it: anonymous memory (rss) plus mapped files
 * (the Node binary and libraries, counted once however many processes map them), which is
 * what the 512 MB limit holds against the page cache it can reclaim. cgroup v1 (`total_rss`,
 * `total_mapped_file`, this container's subtree) and v2 (`anon`, `file_mapped`).
 */
export interface CgroupMemory {
  /** rss + mapped files, MB. */
  mb: number;
  rssMb: number;
  mappedMb: number;
  /** Page cache the kernel may reclaim, MB (not part of {@link mb}). */
  cacheMb: number;
}

/** The memory.stat file of the cgroup `pid` is in (a container's PID 1, as the host sees it). */
export function memoryStatFile(pid: number): string {
  const lines = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n");
  const v1 = lines.find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
  if (v1) return `/sys/fs/cgroup/memory${v1.slice(v1.lastIndexOf(":") + 1)}/memory.stat`;
  const v2 = lines.find((l) => l.startsWith("0::"));
  if (v2) return `/sys/fs/cgroup${v2.slice(3)}/memory.stat`;
  throw new Error(`no memory cgroup for pid ${pid}`);
}

/** Reads {@link CgroupMemory} from a memory.stat file. */
export function readCgroupMemory(statFile: string): CgroupMemory {
  const stat = new Map<string, number>();
  for (const line of readFileSync(statFile, "utf8").split("\n")) {
    const [name, value] = line.split(" ");
    if (name) stat.set(name, Number(value));
  }
  const first = (...names: string[]) =>
    names.map((n) => stat.get(n)).find((v) => v !== undefined) ?? 0;
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const rss = first("total_rss", "anon");
  const mapped = first("total_mapped_file", "file_mapped");
  const cache = first("total_cache", "file");
  return { mb: mb(rss + mapped), rssMb: mb(rss), mappedMb: mb(mapped), cacheMb: mb(cache) };
}

/**
 * Drops the machine's clean page cache, so a reading starts from what the container really
 * holds. Root only; returns false where it is not allowed.
 */
export function dropCaches(): boolean {
  try {
    writeFileSync("/proc/sys/vm/drop_caches", "3");
    return true;
  } catch {
    return false;
  }
}

/**
 * Samples a container's {@link CgroupMemory} every `everyMs` until stopped; `peak` is the
 * sample with the largest rss + mapped files.
 *
 * @example
 * const sampler = sampleMemory(statFile, 100); ...; const peak = sampler.stop();
 */
export function sampleMemory(statFile: string, everyMs = 100): { stop(): CgroupMemory } {
  let peak = readCgroupMemory(statFile);
  const timer = setInterval(() => {
    try {
      const now = readCgroupMemory(statFile);
      if (now.mb > peak.mb) peak = now;
    } catch {
      // The container is gone: the peak so far stands.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
