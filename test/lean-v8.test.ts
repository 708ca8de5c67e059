import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LEAN_V8 = path.resolve("src/config/lean-v8.ts");

// Bits of V8's OptimizationStatus (src/runtime/runtime.h).
const OPTIMIZED = 1 << 4;
const MAGLEVVED = 1 << 5;
const TURBOFANNED = 1 << 6;
const INTERPRETED = 1 << 7;
const BASELINE = 1 << 15;

/**
 * A hot function, `heat()` that runs it 200,000 times (and is never optimised itself, which
 * would inline the function and leave it at its first tier), its tiering status (V8's own
 * `%GetOptimizationStatus`, a bit set), and `heatUntil(mask)`, which runs it hot until its status
 * has a bit of `mask` or 100 rounds have passed: the optimising compilers work on a thread of
 * their own, which a loaded machine may hold back for a while.
 */
const HOT = `
  function step(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
  const heat = () => { let total = 0; for (let k = 0; k < 200_000; k++) total += step(50); return total; };
  %NeverOptimizeFunction(heat);
  const status = () => %GetOptimizationStatus(step);
  const heatUntil = async (mask) => {
    for (let round = 0; round < 100 && !(status() & mask); round++) {
      heat();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return status();
  };
`;

/** What `body` writes, run as a module in a fresh Node with lean-v8.ts imported as `v8`. */
function run(body: string): string {
  const script = `const v8 = await import(${JSON.stringify(LEAN_V8)});${HOT}${body}`;
  return execFileSync(
    process.execPath,
    ["--allow-natives-syntax", "--input-type=module", "-e", script],
    { encoding: "utf8" },
  );
}

/** The statuses `body` writes as a JSON array. */
function statuses(body: string): number[] {
  return JSON.parse(run(body)) as number[];
}

describe("useLeanV8 (src/config/lean-v8.ts)", () => {
  it("leaves a hot function to the interpreter when turned on after start, as the flags at launch did", () => {
    // Without it the same function is compiled: the check can tell the two apart.
    const [normal = 0, lean = 0] = statuses(`
      const normal = await heatUntil(${OPTIMIZED | BASELINE});
      v8.useLeanV8();
      function other(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
      for (let k = 0; k < 600_000; k++) other(50);
      process.stdout.write(JSON.stringify([normal, %GetOptimizationStatus(other)]));
    `);
    expect(normal & (OPTIMIZED | BASELINE)).not.toBe(0);
    expect(lean & INTERPRETED).not.toBe(0);
    expect(lean & (OPTIMIZED | BASELINE)).toBe(0);
  });
});

describe("useOneRunV8 (src/config/lean-v8.ts)", () => {
  it("leaves a hot function to Maglev, never to TurboFan", () => {
    // Without it the same function reaches TurboFan: the check can tell the two apart.
    const [normal = 0] = statuses(
      `process.stdout.write(JSON.stringify([await heatUntil(${TURBOFANNED})]));`,
    );
    expect(normal & TURBOFANNED).not.toBe(0);

    const [maglev = 0, later = 0] = statuses(`
      v8.useOneRunV8();
      const maglev = await heatUntil(${MAGLEVVED});
      for (let round = 0; round < 20; round++) heat();
      process.stdout.write(JSON.stringify([maglev, status()]));
    `);
    expect(maglev & MAGLEVVED).not.toBe(0);
    expect(later & TURBOFANNED).toBe(0);
  });

  it("holds Maglev back for maglevAfterMs, then lets it compile the hot function", () => {
    // Within the time: baseline code at most. Once it is up, the same function, run hot again
    // (it had been compiled with the flags off), reaches Maglev, and still not TurboFan.
    const [during = 0, after = 0] = statuses(`
      v8.useOneRunV8({ maglevAfterMs: 300 });
      heat();
      const during = status();
      await new Promise((resolve) => setTimeout(resolve, 400));
      const after = await heatUntil(${MAGLEVVED});
      process.stdout.write(JSON.stringify([during, after]));
    `);
    expect(during & OPTIMIZED).toBe(0);
    expect(after & MAGLEVVED).not.toBe(0);
    expect(after & TURBOFANNED).toBe(0);
  });
});
