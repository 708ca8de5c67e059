import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LEAN_V8 = path.resolve("src/config/lean-v8.ts");

/**
 * V8's tiering status of a small hot function after 200,000 calls in a fresh Node, with or
 * without `useLeanV8()` first (V8's own `%GetOptimizationStatus`, a bit set).
 */
function hotFunctionStatus(lean: boolean): number {
  const script = `
    const { useLeanV8 } = await import(${JSON.stringify(LEAN_V8)});
    if (${lean}) useLeanV8();
    function step(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
    let total = 0;
    for (let k = 0; k < 200_000; k++) total += step(50);
    process.stdout.write(String(%GetOptimizationStatus(step)));
  `;
  const out = execFileSync(
    process.execPath,
    ["--allow-natives-syntax", "--input-type=module", "-e", script],
    { encoding: "utf8" },
  );
  return Number(out);
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
