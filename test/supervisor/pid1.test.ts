import { afterEach, describe, expect, it } from "vitest";
import {
  FIXTURES,
  firstChild,
  freePort,
  hostPid,
  type Observed,
  startSupervisorAsPid1,
} from "../helpers/processes.ts";

const worker = (mode: string) => `env MODE=${mode} sh ${FIXTURES}/worker.sh`;
const api = (mode: string) => `env MODE=${mode} python3 ${FIXTURES}/api.py`;

let running: Observed[] = [];
afterEach(() => {
  for (const s of running) s.cleanup();
  running = [];
});

async function asPid1(apiMode: string, workerMode: string, env: Record<string, string> = {}) {
  const s = startSupervisorAsPid1(
    ["--api", api(apiMode), "--worker", worker(workerMode), "--health-path", "/health"],
    {
      PORT: String(await freePort()),
      RESTART_BACKOFF_MS: "200",
      RESTART_BACKOFF_MAX_MS: "400",
      SHUTDOWN_TIMEOUT_MS: "1500",
      ...env,
    },
  );
  running.push(s);
  return s;
}

describe("supervisor as PID 1 of a PID namespace (no init in front of it)", () => {
  it("re-executes under tini, and SIGTERM with children that ignore it still ends in time", async () => {
    const s = await asPid1("ignore-term", "ignore-term");
    await s.waitFor((l) => l.svc === "worker" && String(l.msg).startsWith("worker up"));
    const init = firstChild(s.pid);
    expect(init).not.toBeNull();
    process.kill(init as number, "SIGTERM");
    const exit = await s.waitExit(15_000);
    // Ended by its own deadline (both children were SIGKILLed for outliving it), not by the test's.
    expect(exit.code).toBe(137);
    expect(
      s.lines.filter((l) => String(l.msg).includes("outlived the shutdown deadline")),
    ).toHaveLength(2);
  });

  it("restarts a SIGKILLed worker and its orphaned grandchild is killed and reaped", async () => {
    const s = await asPid1("steady", "grandchild");
    const started = await s.waitFor((l) => l.msg === "worker started");
    const said = await s.waitFor(
      (l) => l.svc === "worker" && String(l.msg).startsWith("grandchild pid="),
    );
    const init = firstChild(s.pid) as number;
    const grandchild = hostPid(init, Number(String(said.msg).split("=")[1]));
    const workerHost = hostPid(init, started.childPid as number);
    expect(grandchild).not.toBeNull();
    process.kill(workerHost as number, "SIGKILL");
    await s.waitFor((l) => l.msg === "worker started" && l.restarts === 1);
    // hostPid skips zombies: a grandchild that is merely dead but never reaped still fails this.
    await expect
      .poll(() => hostPid(init, Number(String(said.msg).split("=")[1])) === null, {
        timeout: 3000,
        message: "the grandchild is reaped",
      })
      .toBe(true);
    process.kill(init, "SIGTERM");
    expect((await s.waitExit(5000)).code).toBe(0);
  });

  it("without tini it refuses to run as PID 1 and says what to use", async () => {
    const s = await asPid1("steady", "steady", { TINI_BIN: "/nonexistent/tini" });
    const exit = await s.waitExit(5000);
    expect(exit.code).toBe(2);
    expect(s.raw.join("\n")).toMatch(/running as PID 1 without an init.*tini.*docker run --init/s);
  });
});
