import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/supervisor/line-splitter.ts";
import { LineTagger } from "../../src/supervisor/log-line.ts";
import { RestartPolicy } from "../../src/supervisor/restart-policy.ts";

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
