import fs from "node:fs";

const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

export type ReadResult =
  | { kind: "file"; bytes: Buffer }
  | { kind: "too-large"; size: number }
  | { kind: "skipped"; reason: "symlink" | "not-a-file" | "missing" };

/**
 * Reads one tracked file without ever following a symlink: O_NOFOLLOW makes the open itself
 * fail on a link (the same guarantee as lstat-then-open, without the race between the two),
 * and fstat on the opened descriptor rejects FIFOs and devices. Files over `maxBytes` are
 * measured, not read. `rootPrefix` is the work tree's path with a trailing separator, as bytes.
 *
 * Synchronous on purpose: measured on a 7,900-file tree, sync reads took 115 ms where
 * fs.promises with 8 to 32 reads in flight took 400-700 ms (four thread-pool hops per file on a
 * 2-core box). The scanner yields to the event loop between slices instead, so cancellation,
 * progress and a worker's lock renewals still run.
 */
export function readTracked(rootPrefix: Buffer, raw: Buffer, maxBytes: number): ReadResult {
  const full = Buffer.concat([rootPrefix, raw]);
  let fd: number;
  try {
    fd = fs.openSync(full, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EMLINK") return { kind: "skipped", reason: "symlink" };
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "skipped", reason: "missing" };
    if (code === "EISDIR") return { kind: "skipped", reason: "not-a-file" };
    throw error;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: "skipped", reason: "not-a-file" };
    if (stat.size > maxBytes) return { kind: "too-large", size: stat.size };
    const bytes = Buffer.allocUnsafe(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const n = fs.readSync(fd, bytes, offset, stat.size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return { kind: "file", bytes: offset === stat.size ? bytes : bytes.subarray(0, offset) };
  } finally {
    fs.closeSync(fd);
  }
}
