import { readFile } from "node:fs/promises";

/**
 * Resident set size of one process in MB, from /proc (Linux); null when it is gone or /proc is
 * not there. Reading a file costs no Redis command and no child process.
 */
export async function readRssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
