import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { type CloneOptions, type CloneResult, cloneRepository } from "../../src/analysis/clone.ts";
import type { AnalysisOptions } from "../../src/analysis/index.ts";

/** A temporary directory that removes itself; `path` is absolute. */
export interface TempDir {
  path: string;
  remove(): void;
}

export function tempDir(prefix: string): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `repolens-${prefix}-`));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Fixture",
  GIT_AUTHOR_EMAIL: "fixture@example.com",
  GIT_COMMITTER_NAME: "Fixture",
  GIT_COMMITTER_EMAIL: "fixture@example.com",
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    env: GIT_ENV,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** Files by path; a Buffer for bytes, a string for UTF-8 text, `{ symlink }` for a link. */
export type FixtureFiles = Record<string, string | Buffer | { symlink: string }>;

/** Creates a git repository with the given files committed on `main`. */
export function createRepo(dir: string, files: FixtureFiles, message = "fixture"): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return dir;
}

export function writeFiles(dir: string, files: FixtureFiles): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    if (typeof content === "object" && !Buffer.isBuffer(content))
      symlinkSync(content.symlink, full);
    else writeFileSync(full, content);
  }
}

/** Analysis options for local repositories built by a test, with a sandbox under `dir`. */
export function localAnalysisOptions(dir: string): AnalysisOptions {
  return {
    sandboxDir: path.join(dir, "sandbox"),
    allowedHosts: [],
    allowLocal: true,
    maxRepoBytes: 50 * 1024 * 1024,
    cloneTimeoutMs: 30_000,
  };
}

/**
 * cloneRepository for a test that looks at its result only: the reader of objects the clone
 * hands on (for the scan) is closed, so no git is left waiting on its stdin.
 */
export async function cloneClosed(options: CloneOptions): Promise<CloneResult> {
  const cloned = await cloneRepository(options);
  await cloned.objects.close();
  return cloned;
}

/**
 * The processes that work in `dir` or name it in their arguments (pid and command line): a git
 * an analysis left running in its sandbox.
 */
export function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cmd.includes(dir) || cwd === dir || cwd.startsWith(`${dir}/`))
        found.push(`${pid} ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}
