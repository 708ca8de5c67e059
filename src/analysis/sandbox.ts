import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, rename } from "node:fs/promises";
import path from "node:path";

const PREFIX = "job-";
// Leftovers being deleted; a trash folder a crash interrupted is deleted by the next sweep.
const TRASH = "trash-";

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
  const absolute = path.resolve(root);
  await mkdir(absolute, { recursive: true, mode: 0o700 });
  // mkdtemp's random suffix (libc's, mode 0700) rather than node:crypto's: the CLI would load
  // node:crypto for this name alone (8-10 ms of CPU, measured alone).
  const dir = await mkdtemp(path.join(absolute, `${PREFIX}${safe}-`));
  const home = path.join(dir, "home");
  await mkdir(home, { mode: 0o700 });
  return {
    dir,
    home,
    repo: path.join(dir, "repo"),
    // Node's own rm, not rm(1): the sandbox holds a .git and no work tree, a few hundred
    // entries at most (git keeps a fetch of more than 100 objects as one pack), so holding
    // their paths costs nothing, and spawning rm cost a fork of this process per job. The
    // synchronous one, done in C++ by Node 24, takes 3 ms where the promise's round trips
    // through the thread pool took 9-13 (a 43-entry shared clone), at the very end of a job,
    // when nothing else waits on this process's loop.
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What {@link sweepSandbox} found, and the deletion still running in the background. */
export interface Sweep {
  /** Job directories moved out of the way. */
  count: number;
  /** Resolves when they are deleted. */
  removed: Promise<void>;
}

/**
 * Clears job directories a crashed worker left behind. Call it when a worker starts, before it
 * takes jobs: SANDBOX_DIR belongs to one worker process, so every "job-" entry is stale. The
 * entries are first renamed into a "trash-" folder (one rename each, instant) and deleted after,
 * so a half-cloned repository of thousands of files does not delay the next job; a new job's
 * directory can never be taken for a leftover.
 *
 * @example
 * const { count, removed } = await sweepSandbox(env.SANDBOX_DIR);
 * void removed; // let it finish in the background
 */
export async function sweepSandbox(root: string): Promise<Sweep> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { count: 0, removed: Promise.resolve() };
    throw error;
  }
  const trashes = names.filter((n) => n.startsWith(TRASH));
  const stale = names.filter((n) => n.startsWith(PREFIX));
  if (stale.length > 0) {
    const trash = await mkdtemp(path.join(root, TRASH));
    await Promise.all(stale.map((n) => rename(path.join(root, n), path.join(trash, n))));
    trashes.push(path.basename(trash));
  }
  const removed = Promise.all(trashes.map((n) => removeTree(path.join(root, n)))).then(
    () => undefined,
  );
  return { count: stale.length, removed };
}

/**
 * Bytes used by the files under `dir` (symlinks counted as themselves, never followed: the
 * promise API's recursion does not follow them, where readdirSync's does, nodejs/node#51858).
 */
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

/**
 * Deletes `dir` and everything under it, in constant memory whatever the tree: rm(1) walks it
 * with fts. Node's recursive `fs.rm` holds the paths it visits: a checkout of 39,000 files with
 * 3 KB paths (a 350 KB repository) took 396 MB of the caller's RSS to delete, which in the
 * worker went over WORKER_MAX_RSS_MB and recycled it with the job unfinished, again and again.
 * A missing `dir` is no error.
 *
 * @example
 * await removeTree("/tmp/repolens-sandbox/job-42-ab12cd34");
 */
export function removeTree(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("rm", ["-rf", "--", dir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-1000);
    });
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`rm -rf ${dir} exited ${code}: ${stderr.trim()}`)),
    );
  });
}
