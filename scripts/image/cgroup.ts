import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

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

/**
 * A file of the cgroup `pid` is in (a container's PID 1, as the host sees it): under cgroup v1
 * the hierarchy of `controller` (mounted under its own name, `memory` or `cpu,cpuacct`) and
 * `v1File`, under v2 the one hierarchy and `v2File`.
 */
function cgroupFile(pid: number, controller: string, v1File: string, v2File: string): string {
  const lines = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n");
  const v1 = lines.find((l) => new RegExp(`^\\d+:([^:]*,)?${controller}(,[^:]*)?:`).test(l));
  if (v1) {
    const mount = v1.slice(v1.indexOf(":") + 1, v1.lastIndexOf(":"));
    return `/sys/fs/cgroup/${mount}${v1.slice(v1.lastIndexOf(":") + 1)}/${v1File}`;
  }
  const v2 = lines.find((l) => l.startsWith("0::"));
  if (v2) return `/sys/fs/cgroup${v2.slice(3)}/${v2File}`;
  throw new Error(`no ${controller} cgroup for pid ${pid}`);
}

/** The memory.stat file of the cgroup `pid` is in. */
export const memoryStatFile = (pid: number) =>
  cgroupFile(pid, "memory", "memory.stat", "memory.stat");

/** The file that counts the CPU time of the cgroup `pid` is in (read by {@link readCpuMs}). */
export const cpuUsageFile = (pid: number) =>
  cgroupFile(pid, "cpuacct", "cpuacct.usage", "cpu.stat");

/** CPU time the cgroup has used, ms: v1's `cpuacct.usage` (ns), v2's `usage_usec` of cpu.stat. */
export function readCpuMs(file: string): number {
  const text = readFileSync(file, "utf8");
  const v2 = /^usage_usec (\d+)$/m.exec(text);
  return v2 ? Number(v2[1]) / 1000 : Number(text.trim()) / 1e6;
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

/** One process of a container, as the host's /proc shows it. */
interface ProcessCpu {
  /** What it is: the RepoLens process its command line names, else its command. */
  label: string;
  /** Its own user + system CPU, ms. */
  ownMs: number;
  /** The CPU of its children it has waited for (cutime + cstime), ms. */
  childrenMs: number;
  ppid: number;
}

const TICK_MS = 10;

/** Names the RepoLens process a command line runs (the image's entry files), else undefined. */
const ROLE =
  /\/(supervisor|api|worker)\/main\.js|\/worker\/(analysis)-entry\.js|\/analysis\/(cli)\.js/;

/**
 * The CPU of each process in the cgroup whose CPU file is `cpuFile` (its `cgroup.procs`, beside
 * it): read from the host, so that reading costs the container nothing. /proc's times are in
 * clock ticks (USER_HZ, 100 a second on Linux).
 */
export function readProcessCpu(cpuFile: string): Map<number, ProcessCpu> {
  const found = new Map<number, ProcessCpu>();
  const procs = readFileSync(path.join(path.dirname(cpuFile), "cgroup.procs"), "utf8");
  for (const pid of procs.split("\n").filter(Boolean).map(Number)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat
        .slice(stat.lastIndexOf(")") + 2)
        .split(" ")
        .map(Number);
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const role = ROLE.exec(command.join(" "));
      found.set(pid, {
        label: role?.slice(1).find(Boolean) ?? path.basename(command[0] ?? "?"),
        ownMs: ((fields[11] ?? 0) + (fields[12] ?? 0)) * TICK_MS,
        childrenMs: ((fields[13] ?? 0) + (fields[14] ?? 0)) * TICK_MS,
        ppid: fields[1] ?? 0,
      });
    } catch {
      // Ended between the listing and the read: its parent counts it once it is waited for.
    }
  }
  return found;
}

/**
 * Where a container's CPU went between two {@link readProcessCpu} readings, by process: each
 * one's own CPU, and what its children that ended took (git, the analysis process). A process
 * that ended in between was counted by its parent whole, including what it had taken before
 * the first reading (the analysis process started ahead of the job): that part is taken off.
 */
export function cpuByProcess(
  before: Map<number, ProcessCpu>,
  after: Map<number, ProcessCpu>,
): string {
  const totals = new Map<string, number>();
  const add = (label: string, ms: number) => totals.set(label, (totals.get(label) ?? 0) + ms);
  for (const [pid, now] of after) {
    const was = before.get(pid);
    add(now.label, now.ownMs - (was?.ownMs ?? 0));
    add(`${now.label}'s ended children`, now.childrenMs - (was?.childrenMs ?? 0));
  }
  for (const [pid, was] of before) {
    const parent = after.get(was.ppid);
    if (!after.has(pid) && parent)
      add(`${parent.label}'s ended children`, -(was.ownMs + was.childrenMs));
  }
  return [...totals]
    .filter(([, ms]) => ms !== 0)
    .map(([label, ms]) => `${label} ${ms}`)
    .join(", ");
}
