import { type Command, type GroupProcess, signalGroup, spawnInGroup } from "../process-group.ts";

/** A development stand-in for a production service, ready to be run as a managed child. */
export interface EmbeddedServiceSpec {
  name: string;
  command: Command;
  /** What the RepoLens children receive as REDIS_URL / DATABASE_URL. */
  url: string;
  uid?: number;
  gid?: number;
  stopSignal?: NodeJS.Signals;
  /** Resolves true once the service accepts work, false after `timeoutMs`. */
  ready(timeoutMs: number): Promise<boolean>;
}

/** Start-up cannot go on: a binary is missing or a directory is unusable. */
export class EmbeddedServiceError extends Error {
  readonly code = "EMBEDDED_SERVICE_UNAVAILABLE";
}

/** Retries `attempt` every 100 ms until it returns true or the time is up. */
export async function pollUntil(
  attempt: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await attempt().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Runs a stand-in on its own, outside a supervisor (the test run's fallback services, the
 * benchmarks' and chaos run's private Redis and Postgres): spawned in a group of its own, its
 * output discarded, resolved once it is ready, killed if it never is.
 *
 * @example
 * const redis = await runStandalone(await embeddedRedis("redis-server"));
 */
export async function runStandalone(
  spec: EmbeddedServiceSpec,
  timeoutMs = 30_000,
): Promise<GroupProcess> {
  const child = spawnInGroup({
    command: spec.command,
    env: process.env,
    uid: spec.uid,
    gid: spec.gid,
  });
  child.stdout?.resume();
  child.stderr?.resume();
  if (!(await spec.ready(timeoutMs))) {
    signalGroup(child.pid, "SIGKILL");
    throw new EmbeddedServiceError(`${spec.name} did not become ready within ${timeoutMs} ms`);
  }
  return child;
}
