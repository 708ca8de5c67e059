import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";

const PREFIX = "job-";

/** One job's private directory under SANDBOX_DIR: `home` for git's HOME, `repo` for the tree. */
export interface Sandbox {
  dir: string;
  home: string;
  repo: string;
  /** Removes the whole directory; safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Creates a fresh directory for one job. The name starts with "job-" so that
 * {@link sweepSandbox} can tell our leftovers from anything else in the directory.
 *
 * @example
 * const box = await createSandbox("/tmp/repolens-sandbox", "42");
 * try { ... } finally { await box.dispose(); }
 */
export async function createSandbox(root: string, label = "cli"): Promise<Sandbox> {
  const safe = label.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40);
  const dir = path.join(path.resolve(root), `${PREFIX}${safe}-${randomBytes(4).toString("hex")}`);
  const home = path.join(dir, "home");
  await mkdir(home, { recursive: true, mode: 0o700 });
  return {
    dir,
    home,
    repo: path.join(dir, "repo"),
    dispose: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/**
 * Removes job directories a crashed worker left behind. Call it when a worker starts, before
 * it takes jobs: SANDBOX_DIR belongs to one worker process, so every "job-" entry is stale.
 * Returns how many were removed.
 */
export async function sweepSandbox(root: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  const stale = names.filter((n) => n.startsWith(PREFIX));
  await Promise.all(
    stale.map((n) => rm(path.join(root, n), { recursive: true, force: true, maxRetries: 3 })),
  );
  return stale.length;
}

/** Bytes used by the files under `dir` (symlinks counted as themselves, never followed). */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0; // not created yet
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    try {
      total += (await lstat(path.join(entry.parentPath, entry.name))).size;
    } catch {
      // Removed while we walked (git renames its temporary packs): not our bytes any more.
    }
  }
  return total;
}
