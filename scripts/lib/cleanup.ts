import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * What a script started, undone in reverse order: on a normal end, on an exception and on
 * Ctrl-C, so no redis-server, postgres or supervisor outlives the script that started it.
 */
const undo: Array<() => Promise<void> | void> = [];

/** Registers `fn` to run when the script ends; the last registered runs first. */
export function onCleanup(fn: () => Promise<void> | void): void {
  undo.push(fn);
}

/** Runs every registered step once, each guarded so one failure does not skip the rest. */
export async function cleanup(): Promise<void> {
  while (undo.length > 0) {
    const fn = undo.pop();
    try {
      await fn?.();
    } catch (error) {
      process.stderr.write(`cleanup step failed: ${(error as Error).message}\n`);
    }
  }
}

/** A temporary directory removed at cleanup. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `repolens-${name}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a script's body, then cleans up; Ctrl-C or SIGTERM also cleans up (exit 130/143).
 * An exception prints its message and exits 1 after cleanup.
 *
 * @example
 * await main(async () => { const dir = scratchDir("bench"); ... });
 */
export async function main(body: () => Promise<void>): Promise<void> {
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(code)));
  }
  let failed = false;
  try {
    await body();
  } catch (error) {
    failed = true;
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  }
  await cleanup();
  process.exit(failed ? 1 : 0);
}
