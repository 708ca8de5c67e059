import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { OrphanGuard } from "../../src/supervisor/orphan-guard.ts";
import { alive, FIXTURES, freePort, type Observed, startSupervisor } from "../helpers/processes.ts";

/** The orphan guard leaves with the supervisor, as soon as nothing is left to kill. */

let running: Observed[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const s of running) s.cleanup();
  running = [];
  for (const pid of pids.splice(0)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/** The supervisor's child that runs the guard script. */
function guardOf(supervisorPid: number): number {
  const children = readFileSync(`/proc/${supervisorPid}/task/${supervisorPid}/children`, "utf8");
  const guard = children
    .trim()
    .split(/\s+/)
    .map(Number)
    .find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("orphan-guard"));
  if (!guard) throw new Error("no orphan guard found");
  return guard;
}

/** A process group of its own that ends on SIGTERM, as most children do. */
function group(): number {
  const child = spawn("sleep", ["1000"], { detached: true, stdio: "ignore" });
  child.unref();
  if (!child.pid) throw new Error("sleep did not start");
  pids.push(child.pid);
  return child.pid;
}

describe("the orphan guard", () => {
  it("is gone by the time a cleanly stopped supervisor has exited", async () => {
    const s = startSupervisor(
      [
        "--api",
        `python3 ${FIXTURES}/api.py`,
        "--health-path",
        "/health",
        "--worker",
        `sh ${FIXTURES}/worker.sh`,
      ],
      { PORT: String(await freePort()) },
    );
    running.push(s);
    await s.waitFor((l) => l.svc === "worker" && String(l.msg).startsWith("worker up"));
    const guard = guardOf(s.pid);
    process.kill(s.pid, "SIGTERM");
    expect((await s.waitExit(10_000)).code).toBe(0);
    expect(alive(guard)).toBe(false);
  });

  it("with groups left, TERMs them and exits once they are gone instead of sleeping out its grace", async () => {
    const guard = OrphanGuard.start(30);
    const [a, b] = [group(), group()];
    guard.watch(a);
    guard.watch(b);
    // End of input with groups still listed: what the guard sees when the supervisor dies.
    guard.close();
    // Far less than the 30 s grace: the TERM ended both, so there was nothing to wait for.
    await expect
      .poll(() => guard.pid === undefined || !alive(guard.pid), {
        timeout: 5000,
        message: "the guard exits",
      })
      .toBe(true);
    expect(alive(a) || alive(b)).toBe(false);
  });

  it("still KILLs a group that ignores TERM once its grace is over", async () => {
    const guard = OrphanGuard.start(0.2);
    const stubborn = spawn("sh", ["-c", "trap '' TERM; while true; do sleep 1; done"], {
      detached: true,
      stdio: "ignore",
    });
    stubborn.unref();
    const pid = stubborn.pid as number;
    pids.push(pid);
    guard.watch(pid);
    guard.close();
    await expect
      .poll(() => !alive(pid), { timeout: 5000, message: "the stubborn group is killed" })
      .toBe(true);
    await guard.exited;
  });
});
