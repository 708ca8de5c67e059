import { afterEach, describe, expect, it } from "vitest";
import { memoryCgroup } from "../helpers/cgroup.ts";
import {
  alive,
  FIXTURES,
  freePort,
  type LogLine,
  type Observed,
  startSupervisor,
} from "../helpers/processes.ts";

const worker = (mode = "steady") => `env MODE=${mode} sh ${FIXTURES}/worker.sh`;
const api = (mode = "steady") => `env MODE=${mode} python3 ${FIXTURES}/api.py`;
const FAST = {
  RESTART_BACKOFF_MS: "200",
  RESTART_BACKOFF_MAX_MS: "400",
  SHUTDOWN_TIMEOUT_MS: "3000",
};

let running: Observed[] = [];
afterEach(() => {
  for (const s of running) s.cleanup();
  running = [];
});

async function supervise(
  apiLine: string | null,
  workerLine: string | null,
  env: Record<string, string> = {},
  cgroup?: string,
) {
  const args = [
    ...(apiLine ? ["--api", apiLine, "--health-path", "/health"] : []),
    ...(workerLine ? ["--worker", workerLine] : []),
  ];
  const s = startSupervisor(args, { PORT: String(await freePort()), ...FAST, ...env }, { cgroup });
  running.push(s);
  return s;
}

const started = (svc: string) => (l: LogLine) => l.msg === `${svc} started`;
const workerSaid = (text: string) => (l: LogLine) =>
  l.svc === "worker" && String(l.msg).startsWith(text);
/** What a run of the fixture worker was told about its predecessor ("previous=..."). */
const previousOf = (line: LogLine) => /previous=(\S*)$/.exec(String(line.msg))?.[1];

describe("supervisor with foreign children (a Python API and a shell worker)", () => {
  it("starts the worker only after the API answers its health path", async () => {
    const s = await supervise(api(), worker());
    const apiUp = await s.waitFor((l) => l.svc === "api" && l.msg === "api listening");
    const ready = await s.waitFor((l) => l.msg === "api is ready");
    const workerUp = await s.waitFor(workerSaid("worker up"));
    expect(s.lines.indexOf(apiUp)).toBeLessThan(s.lines.indexOf(ready));
    expect(s.lines.indexOf(ready)).toBeLessThan(s.lines.indexOf(workerUp));
  });

  it("a SIGKILLed worker comes back within its backoff and the log says so", async () => {
    const s = await supervise(api(), worker());
    const first = await s.waitFor(started("worker"));
    process.kill(first.childPid as number, "SIGKILL");
    const notice = await s.waitFor(
      (l) => l.child === "worker" && typeof l.restartInMs === "number",
    );
    expect(notice.signal).toBe("SIGKILL");
    expect(notice.restartInMs).toBeGreaterThanOrEqual(100);
    expect(notice.restartInMs).toBeLessThanOrEqual(200);
    const second = await s.waitFor((l) => started("worker")(l) && l.childPid !== first.childPid);
    expect(second.restarts).toBe(1);
  });

  it("a crash-looping worker hits the limit and the supervisor exits non-zero, API stopped too", async () => {
    const s = await supervise(api(), worker("crash"), { CRASH_LOOP_MAX: "3" });
    const apiPid = (await s.waitFor(started("api"))).childPid as number;
    const exit = await s.waitExit(20_000);
    expect(exit.code).toBe(3);
    expect(s.lines.filter(started("worker"))).toHaveLength(3);
    expect(s.lines.filter(workerSaid("worker up")).map(previousOf)).toEqual([
      "unknown",
      "crashed",
      "crashed",
    ]);
    expect(
      s.lines.some(
        (l) => l.child === "worker" && l.msg === "worker exited and will not be restarted",
      ),
    ).toBe(true);
    expect(alive(apiPid)).toBe(false);
  });

  it("an API that cannot stay up ends the supervisor with a non-zero code", async () => {
    const s = await supervise(api(), worker(), { API_MAX_RESTARTS: "1" });
    const first = await s.waitFor(started("api"));
    await s.waitFor(started("worker"));
    process.kill(first.childPid as number, "SIGKILL");
    const second = await s.waitFor((l) => started("api")(l) && l.childPid !== first.childPid);
    process.kill(second.childPid as number, "SIGKILL");
    const exit = await s.waitExit();
    expect(exit.code).toBe(137);
    expect(s.lines.some((l) => l.reason === "api cannot stay up")).toBe(true);
  });

  it("SIGTERM stops both children and exits 0 when both stop cleanly", async () => {
    const s = await supervise(api(), worker());
    const apiPid = (await s.waitFor(started("api"))).childPid as number;
    const workerPid = (await s.waitFor(started("worker"))).childPid as number;
    process.kill(s.pid, "SIGTERM");
    const exit = await s.waitExit(5000);
    expect(exit.code).toBe(0);
    expect(alive(apiPid)).toBe(false);
    expect(alive(workerPid)).toBe(false);
  });

  it("a child that ignores SIGTERM and SIGINT is SIGKILLed at SHUTDOWN_TIMEOUT_MS and the exit code says so", async () => {
    const s = await supervise(api("ignore-term"), worker("ignore-term"), {
      SHUTDOWN_TIMEOUT_MS: "1500",
    });
    const apiPid = (await s.waitFor(started("api"))).childPid as number;
    const workerPid = (await s.waitFor(started("worker"))).childPid as number;
    await s.waitFor(workerSaid("worker up"));
    const sentAt = Date.now();
    process.kill(s.pid, "SIGTERM");
    const exit = await s.waitExit(15_000);
    // It waited out the deadline (a lower bound only: how much later it ends is the machine's).
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1400);
    // A forced kill is not a clean stop: 128 + SIGKILL, unlike tools that exit 0 regardless.
    expect(exit.code).toBe(137);
    expect(
      s.lines.filter((l) => String(l.msg).includes("outlived the shutdown deadline")),
    ).toHaveLength(2);
    expect(alive(apiPid)).toBe(false);
    expect(alive(workerPid)).toBe(false);
  });

  it("the grandchild of a killed worker does not survive it", async () => {
    const s = await supervise(api(), worker("grandchild"));
    const workerPid = (await s.waitFor(started("worker"))).childPid as number;
    const said = await s.waitFor(workerSaid("grandchild pid="));
    const grandchild = Number(String(said.msg).split("=")[1]);
    expect(alive(grandchild)).toBe(true);
    process.kill(workerPid, "SIGKILL");
    await expect
      .poll(() => !alive(grandchild), { timeout: 2000, message: "the grandchild is gone" })
      .toBe(true);
  });

  it("a SIGKILLed supervisor leaves no child or grandchild behind", async () => {
    const s = await supervise(api("ignore-term"), worker("grandchild"));
    const apiPid = (await s.waitFor(started("api"))).childPid as number;
    const workerPid = (await s.waitFor(started("worker"))).childPid as number;
    const said = await s.waitFor(workerSaid("grandchild pid="));
    const grandchild = Number(String(said.msg).split("=")[1]);
    process.kill(s.pid, "SIGKILL");
    await expect
      .poll(() => ![apiPid, workerPid, grandchild].some(alive), {
        timeout: 5000,
        message: "every child is gone",
      })
      .toBe(true);
  });

  it("the half line of a child killed mid-line is still delivered, as its own line", async () => {
    const s = await supervise(api(), worker("partial"));
    const pid = (await s.waitFor(started("worker"))).childPid as number;
    await s.waitFor((l) => l.svc === "worker" && l.msg === "half line written");
    process.kill(pid, "SIGKILL");
    const half = await s.waitFor(workerSaid("half a line"));
    expect(half).toMatchObject({ msg: "half a line without its end", pid });
  });

  it("a second SIGINT stops at once instead of waiting out the shutdown deadline", async () => {
    const s = await supervise(api("ignore-term"), worker("ignore-term"), {
      SHUTDOWN_TIMEOUT_MS: "20000",
    });
    await s.waitFor(workerSaid("worker up"));
    process.kill(s.pid, "SIGINT");
    await s.waitFor((l) => l.msg === "shutting down");
    process.kill(s.pid, "SIGINT");
    // Waited for longer than the deadline, so that the log, not a clock, tells how it ended.
    const exit = await s.waitExit(25_000);
    expect(exit.code).not.toBe(0);
    expect(s.lines.some((l) => l.msg === "second interrupt: killing every child now")).toBe(true);
    expect(s.lines.filter((l) => String(l.msg).includes("outlived the shutdown deadline"))).toEqual(
      [],
    );
  });

  it("lines arrive whole and tagged: a 1 MB JSON line in pieces, a split plain line, while the other child floods", async () => {
    const s = await supervise(api("lines"), worker("chatty"));
    await s.waitFor((l) => l.svc === "api" && l.msg === "done", 30_000, "the API's last line");
    process.kill(s.pid, "SIGTERM");
    await s.waitExit(5000);

    expect(s.lines.filter((l) => l.notJson)).toEqual([]);
    const big = s.lines.find((l) => l.svc === "api" && l.msg === "big");
    expect(big?.pid).toEqual(expect.any(Number));
    expect(String(big?.payload)).toHaveLength(1024 * 1024);
    const plain = s.lines.find((l) => l.svc === "api" && String(l.msg).startsWith("plain line"));
    expect(plain).toMatchObject({ msg: "plain line written in two pieces", level: 30 });
    expect(s.lines.find((l) => l.msg === "small json")).toMatchObject({ svc: "api", level: 40 });

    const counts = s.lines
      .filter((l) => l.svc === "worker" && String(l.msg).startsWith("chatty line"))
      .map((l) => Number(String(l.msg).slice("chatty line ".length)));
    expect(counts.length).toBeGreaterThan(1000);
    // In order and none lost or glued: the worker's lines count 1, 2, 3, ... (the last may be cut by the stop).
    expect(counts.slice(0, -1)).toEqual(counts.slice(0, -1).map((_, i) => i + 1));
  });
});

describe("supervisor memory watch and formats", () => {
  it("a worker above WORKER_MAX_RSS_MB is recycled gracefully, and recycling is not a crash", async () => {
    const s = await supervise(api(), worker(), {
      WORKER_MAX_RSS_MB: "1",
      RSS_SAMPLE_MS: "200",
      CRASH_LOOP_MAX: "2",
    });
    await s.waitFor((l) => l.msg === "worker recycled" && l.signal === "SIGTERM");
    const recycles = await s.waitFor(
      (l) => l.msg === "recycling the worker gracefully" && l.reason === "memory",
    );
    expect(recycles.limitMb).toBe(1);
    await s.waitFor(
      (l) => started("worker")(l) && (l.restarts as number) >= 3,
      10_000,
      "a third recycle",
    );
    expect(s.child.exitCode).toBeNull();
    const runs = s.lines.filter(workerSaid("worker up")).map(previousOf);
    expect(runs[0]).toBe("unknown");
    expect(runs.slice(1, 3)).toEqual(["recycled", "recycled"]);
  });

  it("LOG_FORMAT=pretty prints readable lines prefixed by service", async () => {
    const s = startSupervisor(["--worker", worker(), "--no-wait"], {
      ...FAST,
      LOG_FORMAT: "pretty",
    });
    running.push(s);
    await expect
      .poll(() => s.raw.some((l) => /worker\[\d+\] worker up/.test(l)), {
        timeout: 5000,
        message: "a pretty worker line",
      })
      .toBe(true);
    expect(s.raw.some((l) => /INFO.*supervisor\[\d+\] supervisor starting/.test(l))).toBe(true);
  });
});

describe("the restarted worker is told how its predecessor ended (REPOLENS_PREVIOUS_WORKER_EXIT)", () => {
  /** The first run's "worker up" line, and that of the run that replaced it. */
  async function twoRuns(s: Observed) {
    const first = await s.waitFor(workerSaid("worker up"));
    const second = await s.waitFor(
      (l) => workerSaid("worker up")(l) && l.pid !== first.pid,
      15_000,
      "the restarted worker",
    );
    return { first, second };
  }

  it("a worker that dies by SIGABRT is restarted, and the new one is told out-of-memory", async () => {
    const s = await supervise(null, worker("abort"));
    const { first, second } = await twoRuns(s);
    expect(previousOf(first)).toBe("unknown");
    expect(previousOf(second)).toBe("out-of-memory");
    expect(s.lines).toContainEqual(
      expect.objectContaining({ msg: "worker ended: out-of-memory", signal: "SIGABRT" }),
    );
  });

  it("a worker SIGKILLed from outside is restarted, and the new one is told killed", async () => {
    const s = await supervise(null, worker());
    const first = await s.waitFor(workerSaid("worker up"));
    process.kill(first.pid as number, "SIGKILL");
    const { second } = await twoRuns(s);
    expect(previousOf(first)).toBe("unknown");
    expect(previousOf(second)).toBe("killed");
  });

  it("Node 24 running out of V8 heap aborts, and the new worker is told out-of-memory", async () => {
    const s = await supervise(
      null,
      `env MODE=heap NODE=${process.execPath} sh ${FIXTURES}/worker.sh`,
    );
    const { second } = await twoRuns(s);
    expect(previousOf(second)).toBe("out-of-memory");
    expect(s.lines).toContainEqual(
      expect.objectContaining({ msg: "worker ended: out-of-memory", signal: "SIGABRT" }),
    );
    expect(s.raw.some((l) => l.includes("JavaScript heap out of memory"))).toBe(true);
  });

  it("a worker the kernel's OOM killer stops is told out-of-memory, from the cgroup's counter", async (ctx) => {
    const cgroup = await memoryCgroup(256 * 1024 * 1024);
    if ("skip" in cgroup) return ctx.skip(cgroup.skip);
    let s: Observed | undefined;
    try {
      s = await supervise(
        null,
        `env MODE=hog NODE=${process.execPath} sh ${FIXTURES}/worker.sh`,
        {},
        cgroup.dir,
      );
      const { second } = await twoRuns(s);
      expect(previousOf(second)).toBe("out-of-memory");
      const ended = await s.waitFor((l) => String(l.msg).startsWith("worker ended"));
      expect(ended).toMatchObject({ msg: "worker ended: out-of-memory", signal: "SIGKILL" });
      expect(ended.oomKills).toBeGreaterThan(0);
      process.kill(s.pid, "SIGTERM");
      expect((await s.waitExit(10_000)).code).toBe(0);
    } finally {
      // The cgroup can only be removed once everything in it is gone.
      s?.cleanup();
      await cgroup.remove();
    }
  });
});

describe("supervisor command line", () => {
  it("--help lists every flag and the variables it reads, with defaults", async () => {
    const s = startSupervisor(["--help"]);
    running.push(s);
    const exit = await s.waitExit();
    const text = s.raw.join("\n");
    expect(exit.code).toBe(0);
    for (const flag of [
      "--api",
      "--worker",
      "--worker-health",
      "--health-path",
      "--no-wait",
      "--help",
    ])
      expect(text).toContain(flag);
    expect(text).toMatch(/SHUTDOWN_TIMEOUT_MS .*default 25000/);
    expect(text).toMatch(/LIVENESS_TIMEOUT_MS .*default 30000/);
    expect(text).toMatch(/API_HEALTH_PATH, default \/api\/health/);
  });

  it("an unknown flag exits 2 with the reason", async () => {
    const s = startSupervisor(["--wroker", "x"]);
    running.push(s);
    const exit = await s.waitExit();
    expect(exit.code).toBe(2);
    expect(s.raw.join("\n")).toMatch(/Unknown option '--wroker'/);
  });

  it("a malformed variable stops start-up naming it", async () => {
    const s = startSupervisor(["--worker", "true"], { SHUTDOWN_TIMEOUT_MS: "soon" });
    running.push(s);
    const exit = await s.waitExit();
    expect(exit.code).toBe(78);
    expect(s.lines).toContainEqual(
      expect.objectContaining({ variable: "SHUTDOWN_TIMEOUT_MS", level: 60 }),
    );
  });

  it("when the reader of its log stream goes away, it stops its children and exits, not crashes", async () => {
    const s = await supervise(api(), worker());
    const apiUp = await s.waitFor(started("api"));
    const workerUp = await s.waitFor(started("worker"));
    await s.waitFor(workerSaid("worker up"));
    s.child.stdout?.destroy();
    expect((await s.exited).code).toBe(0);
    expect(s.raw.join("")).not.toMatch(/EPIPE|Unhandled/);
    const children = [apiUp.childPid, workerUp.childPid];
    expect(children.every((pid) => typeof pid === "number")).toBe(true);
    for (const pid of children) expect(alive(pid as number)).toBe(false);
  });

  it("--no-wait starts the worker without waiting for the API's health", async () => {
    const s = startSupervisor(["--api", "sleep 60", "--worker", worker(), "--no-wait"], {
      PORT: String(await freePort()),
      ...FAST,
    });
    running.push(s);
    await s.waitFor(workerSaid("worker up"), 5000);
    expect(s.lines.some((l) => l.msg === "api is ready")).toBe(false);
  });
});
