import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";

/**
 * A process and everything it started, read from Linux's /proc. git runs in a process group of
 * its own (execa's `detached`, so that one signal reaches git-remote-https and index-pack too),
 * so a signal to the sandboxed process, or to its group, would leave every git it started
 * running. Killing a tree therefore freezes it first, then kills each process and each group
 * found in it. Elsewhere than Linux only the root process is killed.
 */

export interface ProcStat {
  pid: number;
  /** State letter: R, S, D, Z (zombie), T (stopped), ... */
  state: string;
  ppid: number;
  pgid: number;
  /** Resident pages. */
  rssPages: number;
  /** Clock ticks after boot at which it started: tells it from a later process with its pid. */
  startTicks: number;
}

/**
 * Where /proc/<pid>/stat is read: one line of well under 4 KB (52 fields, the command name at
 * most 64 bytes), read for every process of the machine four times a second while a job runs.
 * `readFileSync`, as /proc reports no size, reads in chunks and joins them; one read into this
 * buffer took a sampler tick from 2.6 to 1.6 ms of CPU on a host of 84 processes (interpreter
 * only, as the worker runs), with no buffer left for the collector.
 */
const statBuffer = Buffer.allocUnsafe(4096);

/** The text of /proc/<pid>/stat; null when the process is gone. */
function statText(pid: number): string | null {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/stat`, "r");
  } catch {
    return null;
  }
  try {
    return statBuffer.toString("latin1", 0, readSync(fd, statBuffer, 0, statBuffer.length, 0));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Parses /proc/<pid>/stat; null when the process is gone. */
function readStat(pid: number): ProcStat | null {
  const text = statText(pid);
  // The command name is in parentheses and may hold spaces and parentheses itself: the fields
  // after it start behind the last ")". No ")": nothing was read, the process ended meanwhile.
  const close = text?.lastIndexOf(")") ?? -1;
  if (text === null || close === -1) return null;
  const fields = text.slice(close + 2).split(" ");
  return {
    pid,
    state: fields[0] ?? "?",
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    rssPages: Number(fields[21]),
    startTicks: Number(fields[19]),
  };
}

function allProcesses(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** The processes below `root` now (children, their children, ...), not `root` itself. */
export function descendantsOf(root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const stat of allProcesses()) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const found: ProcStat[] = [];
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

function ownGroup(): number | undefined {
  return readStat(process.pid)?.pgid;
}

/** True while `pid` is a process that has not ended (a zombie has ended). */
export function isRunning(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== null && stat.state !== "Z" && stat.state !== "X";
}

let pageBytes: number | undefined;

/** The kernel's page size, from the auxiliary vector (AT_PAGESZ); 4 KB when unreadable. */
function pageSize(): number {
  if (pageBytes !== undefined) return pageBytes;
  pageBytes = 4096;
  try {
    const auxv = readFileSync("/proc/self/auxv");
    for (let at = 0; at + 16 <= auxv.length; at += 16) {
      if (auxv.readBigUInt64LE(at) === 6n) pageBytes = Number(auxv.readBigUInt64LE(at + 8));
    }
  } catch {
    // Not Linux: the default stands.
  }
  return pageBytes;
}

/** Resident memory of one process in MB; null when it is gone or /proc is not there. */
export function residentMb(pid: number): number | null {
  const stat = readStat(pid);
  return stat ? (stat.rssPages * pageSize()) / (1024 * 1024) : null;
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // Gone already, or never ours: nothing to stop.
  }
}

/** How often the tree is walked again for processes forked while it was being frozen. */
const FREEZE_ROUNDS = 8;

/**
 * SIGKILLs `root`, every process below it and every process group one of them belongs to,
 * except the caller's own group (the sandboxed process shares it, so that the supervisor's kill
 * of the worker's group reaches it too). Everything is stopped (SIGSTOP) before anything is
 * killed: a process killed first would hand its children to init, out of reach of a walk by
 * parent, and a running process could fork behind the walk.
 *
 * Synchronous on purpose: a few small /proc reads, and nothing of the worker runs in between.
 *
 * @example
 * killTree(child.pid); // child, its git, git's index-pack: all gone
 */
export function killTree(root: number): void {
  signal(root, "SIGSTOP");
  const frozen = new Map<number, ProcStat>();
  for (let round = 0; round < FREEZE_ROUNDS; round += 1) {
    const fresh = descendantsOf(root).filter((p) => !frozen.has(p.pid));
    if (fresh.length === 0) break;
    for (const stat of fresh) {
      signal(stat.pid, "SIGSTOP");
      frozen.set(stat.pid, stat);
    }
  }
  killAll([...frozen.values()]);
  signal(root, "SIGKILL");
}

/**
 * Kills what is left of processes seen earlier (by {@link descendantsOf}) after their parent
 * died on its own and they went to init: each that is still the process seen (same start time)
 * and its process group, except the caller's own.
 */
export function killSurvivors(seen: readonly ProcStat[]): void {
  const alive = seen.filter((p) => readStat(p.pid)?.startTicks === p.startTicks);
  for (const { pid } of alive) signal(pid, "SIGSTOP");
  killAll(alive);
}

function killAll(processes: readonly ProcStat[]): void {
  const mine = ownGroup();
  for (const pgid of new Set(processes.map((p) => p.pgid)))
    if (pgid > 1 && pgid !== mine) signal(-pgid, "SIGKILL");
  for (const { pid } of processes) signal(pid, "SIGKILL");
}
