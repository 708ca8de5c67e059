import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/index.ts";
import { createRepo, type TempDir, tempDir } from "./fixtures.ts";

const run = promisify(execFile);
const CLI = path.resolve("src/analysis/cli.ts");

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run analyze", () => {
  let dir: TempDir;
  let repo: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = tempDir("cli");
    repo = createRepo(path.join(dir.path, "repo"), {
      "src/index.ts": "// hi\nexport const a = 1;\n",
      "main.py": "print(1)\n",
      "package.json": '{"name":"x","dependencies":{"zod":"^4"}}',
    });
    env = {
      SANDBOX_DIR: path.join(dir.path, "sandbox"),
      OPENROUTER_API_KEY: "",
      LOG_LEVEL: "info",
    };
  });
  afterAll(() => dir.remove());

  it("prints exactly the report as JSON with --json, equal to what analyze() returns", async () => {
    const out = await cli([repo, "--json"], env);
    expect(out.code).toBe(0);
    const printed = JSON.parse(out.stdout);
    const direct = await analyze(
      { directory: repo },
      {
        sandboxDir: env.SANDBOX_DIR as string,
        allowedHosts: [],
        allowLocal: false,
        maxRepoBytes: 1e9,
        cloneTimeoutMs: 1e4,
      },
    );
    const { timings: _a, ...fromCli } = printed;
    const { timings: _b, ...fromLibrary } = direct;
    expect(fromCli).toEqual(JSON.parse(JSON.stringify(fromLibrary)));
    // Logs went to stderr, never stdout.
    expect(out.stdout.trimStart().startsWith("{")).toBe(true);
  });

  it("prints a readable report without --json", async () => {
    const out = await cli([repo], env);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/TypeScript\s+1\s+1\s+1/);
    expect(out.stdout).toContain("summary: skipped");
  });

  it("exits 2 with a reason on bad arguments", async () => {
    const missing = await cli([], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing the repository");
    const notADir = await cli([path.join(dir.path, "nope")], env);
    expect(notADir.code).toBe(2);
    const badHost = await cli(["https://evil.example/a/b"], env);
    expect(badHost.code).toBe(2);
    expect(badHost.stderr).toContain("HOST_NOT_ALLOWED");
  });

  it("exits 1 with the error code when the analysis fails", async () => {
    const out = await cli([dir.path], env); // a directory, but not a git work tree
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("NOT_A_REPOSITORY");
  });
});
