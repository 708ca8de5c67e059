import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LEAN_V8 = path.resolve("src/config/lean-v8.ts");

/** A hot function and the code that runs it 200,000 times, for the scripts below. */
const HOT = `
  function step(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
  const heat = () => { let total = 0; for (let k = 0; k < 200_000; k++) total += step(50); return total; };
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

/**
 * V8's tiering status of the hot function once run, in a fresh Node, with or without
 * `useLeanV8()` first (V8's own `%GetOptimizationStatus`, a bit set).
 */
function hotFunctionStatus(lean: boolean): number {
  return Number(
    run(
      `if (${lean}) v8.useLeanV8(); heat(); process.stdout.write(String(%GetOptimizationStatus(step)));`,
    ),
  );
}

// Bits of V8's OptimizationStatus (src/runtime/runtime.h).
const OPTIMIZED = 1 << 4;
const INTERPRETED = 1 << 7;
const BASELINE = 1 << 15;

describe("useLeanV8 (src/config/lean-v8.ts)", () => {
  it("leaves a hot function to the interpreter when turned on after start, as the flags at launch did", () => {
    // Without it the same function is compiled: the check can tell the two apart.
    const normal = hotFunctionStatus(false);
    expect(normal & (OPTIMIZED | BASELINE)).not.toBe(0);
    expect(normal & INTERPRETED).toBe(0);

    const lean = hotFunctionStatus(true);
    expect(lean & INTERPRETED).not.toBe(0);
    expect(lean & (OPTIMIZED | BASELINE)).toBe(0);
  });
});

describe("deferOptimizingCompilers (src/config/lean-v8.ts)", () => {
  it("keeps a hot function from the optimising compilers for its time, then lets them compile it", () => {
    // Within the time: baseline code at most. Once it is up, the same function, run hot again
    // (it had been compiled with the flags off), reaches Maglev or TurboFan.
    const [during, after] = JSON.parse(
      run(`
      v8.deferOptimizingCompilers(300);
      heat();
      const during = %GetOptimizationStatus(step);
      await new Promise((resolve) => setTimeout(resolve, 400));
      heat();
      heat();
      process.stdout.write(JSON.stringify([during, %GetOptimizationStatus(step)]));
    `),
    ) as [number, number];
    expect(during & OPTIMIZED).toBe(0);
    expect(after & OPTIMIZED).not.toBe(0);
  });
});
