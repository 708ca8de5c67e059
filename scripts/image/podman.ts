import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The engine's settings for this machine, in a file of our own (podman reads `CONTAINERS_CONF`
 * instead of /etc/containers/containers.conf, so the machine's configuration is left alone):
 * runc, because crun refuses cgroups in hybrid mode here, and no default ulimits, because
 * setting them is refused in this sandbox.
 */
const ENGINE_CONF = `[containers]
default_ulimits = []

[engine]
runtime = "runc"
`;

/** Points every podman this process starts at {@link ENGINE_CONF}; idempotent. */
export function configureEngine(): void {
  const dir = path.join(os.tmpdir(), "repolens-podman");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "containers.conf");
  writeFileSync(file, ENGINE_CONF);
  process.env.CONTAINERS_CONF = file;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs podman with `args`, killed after `timeoutMs`; never throws for a non-zero exit. */
export function podmanRun(args: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("podman", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      stderr += `\n(podman ${args[0]} killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** podman's stdout; throws with its stderr when it fails. */
export async function podman(args: string[], timeoutMs?: number): Promise<string> {
  const run = await podmanRun(args, timeoutMs);
  if (run.code !== 0)
    throw new Error(
      `podman ${args.slice(0, 3).join(" ")} failed (${run.code}): ${run.stderr.trim().slice(-2000)}`,
    );
  return run.stdout;
}

/** True when podman succeeds. */
export async function podmanOk(args: string[], timeoutMs?: number): Promise<boolean> {
  return (await podmanRun(args, timeoutMs)).code === 0;
}
