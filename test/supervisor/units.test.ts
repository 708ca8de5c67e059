import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LineRedactor } from "../../src/log/line-redactor.ts";
import { parseCli, UsageError } from "../../src/supervisor/cli.ts";
import { LineSplitter } from "../../src/supervisor/line-splitter.ts";
import { LineTagger } from "../../src/supervisor/log-line.ts";
import { oomKillFiles, parseOomKills, readOomKills } from "../../src/supervisor/oom-kills.ts";
import { RestartPolicy } from "../../src/supervisor/restart-policy.ts";
import { classifyWorkerEnd, type WorkerRunEnd } from "../../src/supervisor/worker-end.ts";

describe("restart policy", () => {
  const policy = (random = () => 1) =>
    new RestartPolicy({
      baseMs: 1000,
      maxMs: 30_000,
      stableMs: 60_000,
      maxFailures: 10,
      windowMs: 300_000,
      random,
    });

  it("doubles from about 1 s to a 30 s cap, never below half the step", () => {
    const p = policy();
    const delays = Array.from({ length: 8 }, (_, i) => p.onFailure(i * 40_000, 100));
    expect(delays.map((d) => (d.action === "restart" ? Math.round(d.delayMs / 1000) : -1))).toEqual(
      [1, 2, 4, 8, 16, 30, 30, 30],
    );
    const low = policy(() => 0).onFailure(0, 100);
    expect(low).toEqual({ action: "restart", delayMs: 500 });
  });

  it("a run longer than the stable period resets the backoff", () => {
    const p = policy();
    p.onFailure(0, 100);
    p.onFailure(100_000, 100);
    expect(p.onFailure(200_000, 100)).toMatchObject({ delayMs: 4000 });
    expect(p.onFailure(400_000, 61_000)).toMatchObject({ delayMs: 1000 });
  });

  it("the tenth failure within five minutes is a crash loop; older failures fall out of the window", () => {
    const p = policy();
    for (let i = 0; i < 9; i++) expect(p.onFailure(i * 1000, 10).action).toBe("restart");
    expect(p.onFailure(9000, 10)).toEqual({ action: "give-up", failures: 10 });
    const q = policy();
    for (let i = 0; i < 9; i++) q.onFailure(i * 1000, 10);
    expect(q.onFailure(301_000, 10).action).toBe("restart");
  });
});

describe("line splitter", () => {
  const split = (chunks: string[]) => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (const c of chunks) splitter.push(Buffer.from(c), (l) => lines.push(l.toString()));
    splitter.flush((l) => lines.push(l.toString()));
    return lines;
  };

  it("joins a line written in pieces and splits a chunk holding many lines", () => {
    expect(split(["ab", "c\nde", "f\ng\n", "h"])).toEqual(["abc", "def", "g", "h"]);
  });

  it("keeps empty lines and a 1 MB line whole", () => {
    const big = "x".repeat(1 << 20);
    const pieces = big.match(/.{1,65536}/g) ?? [];
    expect(split(["\n\n", ...pieces, "\n"])).toEqual(["", "", big]);
  });
});

describe("line tagger", () => {
  const tagger = new LineTagger("api", 42);
  const tag = (line: string, stream: "stdout" | "stderr" = "stdout") =>
    tagger.tag(Buffer.from(line), stream, 7).toString();

  it("adds svc and pid to a JSON line without re-encoding the rest", () => {
    expect(tag('{"level":30,"msg":"a  b","n":1.50}')).toBe(
      '{"svc":"api","pid":42,"level":30,"msg":"a  b","n":1.50}\n',
    );
    expect(tag("{}")).toBe('{"svc":"api","pid":42}\n');
  });

  it("wraps plain and almost-JSON lines into valid JSON with a level", () => {
    expect(JSON.parse(tag("Error: boom", "stderr"))).toEqual({
      svc: "api",
      pid: 42,
      level: 50,
      time: 7,
      stream: "stderr",
      msg: "Error: boom",
    });
    expect(JSON.parse(tag('{"broken": }'))).toMatchObject({ level: 30, msg: '{"broken": }' });
    expect(JSON.parse(tag("line with CR\r"))).toMatchObject({ msg: "line with CR" });
  });
});

describe("line tagger redaction", () => {
  const secrets = ["Wr0ng-P4ss", 'q"uo\\te/ü', "p@ss word", "1234567"];
  const tagger = new LineTagger("worker", 9, new LineRedactor(secrets));
  const tag = (line: string, stream: "stdout" | "stderr" = "stderr") =>
    tagger.tag(Buffer.from(line), stream, 7).toString();
  /** Every form a secret takes in a line: raw, JSON-escaped, URL-encoded. */
  const forms = secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
  const expectClean = (tagged: string) => {
    for (const form of forms) expect(tagged).not.toContain(form);
    return JSON.parse(tagged) as Record<string, unknown>;
  };

  it("hides every secret in a plain line, and credentials inside URLs, as valid JSON", () => {
    const line = `  command: { name: 'auth', args: [ 'default', 'Wr0ng-P4ss' ] } q"uo\\te/ü p%40ss%20word`;
    expect(expectClean(tag(line)).msg).toBe(
      "  command: { name: 'auth', args: [ 'default', '[redacted]' ] } [redacted] [redacted]",
    );
    expect(expectClean(tag("connect redis://default:other@h:6379 failed")).msg).toBe(
      "connect redis://***@h:6379 failed",
    );
  });

  it("hides secrets in a foreign JSON line in place, keeping its other bytes and its validity", () => {
    const line = JSON.stringify({ level: 40, msg: `auth Wr0ng-P4ss ${secrets[1]}`, n: 1.5 });
    const tagged = tag(line, "stdout");
    expect(tagged).toBe(
      '{"svc":"worker","pid":9,"level":40,"msg":"auth [redacted] [redacted]","n":1.5}\n',
    );
    expect(expectClean(tag('{"url":"postgres://u:x@db/app","ok":true}')).url).toBe(
      "postgres://***@db/app",
    );
  });

  it("wraps a JSON line that a replacement would make invalid (a secret that is also a number there)", () => {
    const tagged = expectClean(tag('{"level":30,"time":91234567,"msg":"up"}', "stdout"));
    expect(tagged).toMatchObject({ svc: "worker", level: 30, time: 7 });
    expect(tagged.msg).toBe('{"level":30,"time":9[redacted],"msg":"up"}');
  });

  it("passes a line without secrets through unchanged, and hides a secret cut by a CR", () => {
    expect(tag('{"level":30,"msg":"fine"}', "stdout")).toBe(
      '{"svc":"worker","pid":9,"level":30,"msg":"fine"}\n',
    );
    expect(expectClean(tag("Wr0ng-P4ss\r")).msg).toBe("[redacted]");
  });

  it("handles a 1 MB line full of secrets and near-misses", () => {
    const big = "Wr0ng-P4s Wr0ng-P4ss ".repeat(50_000);
    const tagged = expectClean(tag(big));
    expect(String(tagged.msg).split("[redacted]").length - 1).toBe(50_000);
    expect(expectClean(tag(JSON.stringify({ msg: big }), "stdout")).svc).toBe("worker");
  });
});

describe("how a worker's run ended", () => {
  const ended = (exit: Partial<WorkerRunEnd["exit"]>, facts: Partial<WorkerRunEnd> = {}) =>
    classifyWorkerEnd({
      exit: { code: null, signal: null, ...exit },
      recycledFor: null,
      forced: false,
      oomKillRose: false,
      ...facts,
    });

  it("V8's heap abort is out of memory, by signal or as a shell reports it (134)", () => {
    expect(ended({ signal: "SIGABRT" })).toBe("out-of-memory");
    expect(ended({ code: 134 })).toBe("out-of-memory");
    expect(ended({ signal: "SIGABRT" }, { oomKillRose: null })).toBe("out-of-memory");
    expect(ended({ signal: "SIGABRT" }, { recycledFor: "jobs" })).toBe("out-of-memory");
  });

  it("a SIGKILL is out of memory only when the cgroup's OOM-kill counter rose", () => {
    expect(ended({ signal: "SIGKILL" }, { oomKillRose: true })).toBe("out-of-memory");
    expect(ended({ code: 137 }, { oomKillRose: true })).toBe("out-of-memory");
    expect(ended({ signal: "SIGKILL" }, { oomKillRose: false })).toBe("killed");
    expect(ended({ signal: "SIGKILL" }, { oomKillRose: null })).toBe("killed");
    expect(ended({ signal: "SIGTERM" }, { oomKillRose: true })).toBe("killed");
  });

  it("a crash from inside is told from a kill from outside", () => {
    expect(ended({ code: 1 })).toBe("crashed");
    expect(ended({ signal: "SIGSEGV" })).toBe("crashed");
    expect(ended({ code: 139 })).toBe("crashed");
    expect(ended({ signal: "SIGTERM" })).toBe("killed");
    expect(ended({ code: 143 })).toBe("killed");
    expect(ended({ signal: "SIGINT" })).toBe("killed");
    expect(ended({ code: 0 })).toBe("killed");
  });

  it("the supervisor's own recycling is no death, unless the worker outgrew its memory and its job", () => {
    expect(ended({ code: 0 }, { recycledFor: "memory" })).toBe("recycled");
    expect(ended({ code: 0 }, { recycledFor: "jobs" })).toBe("recycled");
    expect(ended({ signal: "SIGKILL" }, { recycledFor: "jobs", forced: true })).toBe("recycled");
    expect(
      ended({ signal: "SIGKILL" }, { recycledFor: "jobs", forced: true, oomKillRose: true }),
    ).toBe("recycled");
    expect(ended({ signal: "SIGKILL" }, { recycledFor: "memory", forced: true })).toBe(
      "out-of-memory",
    );
  });
});

describe("the cgroup's OOM-kill counter", () => {
  it("is looked for in the nested cgroup first, then at the mount's root, for v1 and v2", () => {
    expect(oomKillFiles("4:memory:/process_api/e02b\n3:cpuset:/\n0::/\n", "/cg")).toEqual([
      "/cg/memory/process_api/e02b/memory.oom_control",
      "/cg/memory/memory.oom_control",
      "/cg/memory.events",
    ]);
    expect(oomKillFiles("0::/system.slice/app.service\n", "/cg")).toEqual([
      "/cg/system.slice/app.service/memory.events",
      "/cg/memory.events",
    ]);
    expect(oomKillFiles("7:cpu,memory:/docker/abc\n", "/cg")[0]).toBe(
      "/cg/memory/docker/abc/memory.oom_control",
    );
    expect(oomKillFiles("", "/cg")).toEqual([]);
  });

  it("reads `oom_kill N` from memory.events and memory.oom_control", () => {
    expect(parseOomKills("low 0\nhigh 0\nmax 12\noom 3\noom_kill 2\noom_group_kill 0\n")).toBe(2);
    expect(parseOomKills("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n")).toBe(0);
    // Kernels before 4.13 have no counter in memory.oom_control: unknown, not zero.
    expect(parseOomKills("oom_kill_disable 0\nunder_oom 0\n")).toBeNull();
  });

  it("takes the first readable file that has it, and says unknown when none has", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "repolens-cgroup-"));
    try {
      await mkdir(path.join(root, "memory/nested"), { recursive: true });
      await writeFile(path.join(root, "memory/memory.oom_control"), "oom_kill 9\n");
      const files = oomKillFiles("4:memory:/nested\n", root);
      // The nested cgroup is not readable here (as in a v1 container): the mount's root answers.
      expect(await readOomKills(files)).toBe(9);
      await writeFile(path.join(root, "memory/nested/memory.oom_control"), "oom_kill 1\n");
      expect(await readOomKills(files)).toBe(1);
      expect(await readOomKills([path.join(root, "missing")])).toBeNull();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("--worker-health", () => {
  it("takes a command line for the worker's liveness, and refuses an empty one", () => {
    expect(parseCli(["--worker", "w", "--worker-health", "test -f /tmp/ok"])).toMatchObject({
      kind: "run",
      overrides: { worker: "w", workerHealth: "test -f /tmp/ok" },
    });
    expect(() => parseCli(["--worker-health", " "])).toThrow(UsageError);
  });
});
