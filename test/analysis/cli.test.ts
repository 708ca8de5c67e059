import { execFile } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProduction } from "../../scripts/lib/build.ts";
import { analyze } from "../../src/analysis/index.ts";
import { createRepo, git, type TempDir, tempDir } from "./fixtures.ts";

const run = promisify(execFile);
const CLI = path.resolve("src/analysis/cli.ts");

async function cli(
  args: string[],
  env: Record<string, string>,
  entry = CLI,
  nodeArgs: string[] = [],
) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeArgs, entry, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI's environment for a test: its own sandbox, no summary. */
function cliEnv(dir: string): Record<string, string> {
  return { SANDBOX_DIR: path.join(dir, "sandbox"), OPENROUTER_API_KEY: "", LOG_LEVEL: "info" };
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
      // Decided by Linguist's generated rules, which the build reads from a file of its own.
      "model/hh.mod": "NEURON {\n  SUFFIX hh\n}\n",
      "package.json": '{"name":"x","dependencies":{"zod":"^4"}}',
    });
    env = cliEnv(dir.path);
  });
  afterAll(() => dir.remove());

  /** The CLI from source, run with a module of `lines` imported first (`--import`). */
  function withHook(name: string, lines: string[]) {
    const hook = path.join(dir.path, name);
    writeFileSync(hook, lines.join("\n"));
    return (args: string[]) => cli(args, env, CLI, ["--import", hook]);
  }

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

  it("prints the same report from the production build (dist/analysis/cli.js)", async () => {
    const build = path.join(dir.path, "build");
    buildProduction(build);
    const fromBuild = await cli([repo, "--json"], env, path.join(build, "dist/analysis/cli.js"));
    expect(fromBuild.code, fromBuild.stderr).toBe(0);
    const fromSource = await cli([repo, "--json"], env);
    const { timings: _a, ...built } = JSON.parse(fromBuild.stdout);
    const { timings: _b, ...source } = JSON.parse(fromSource.stdout);
    expect(built).toEqual(source);
    expect(source.languages.map((l: { name: string }) => l.name).sort()).toEqual([
      "JSON",
      "NMODL",
      "Python",
      "TypeScript",
    ]);
  }, 120_000);

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

  it("answers --help and a bad argument without loading the analysis", async () => {
    // A load hook that names each module of the analysis as it loads.
    const watched = withHook("name-loads.mjs", [
      'import { registerHooks } from "node:module";',
      "registerHooks({ load(url, context, next) {",
      '  if (url.endsWith("/analysis/analyze.ts")) process.stderr.write("loaded analyze.ts\\n");',
      "  return next(url, context);",
      "} });",
    ]);
    const help = await watched(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).not.toContain("loaded analyze.ts");
    const bad = await watched([path.join(dir.path, "nope")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain("loaded analyze.ts");
    // The hook does see the analysis when a command runs.
    const ran = await watched([repo, "--json"]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain("loaded analyze.ts");
  });

  it("loads Node's modules before it changes V8's flags, which would refuse their cached code", async () => {
    // A hook that notes which built-ins were loaded when a flag first changed, and names at
    // exit the public ones loaded since.
    const ran = await withHook("name-builtins.mjs", [
      'import { builtinModules } from "node:module";',
      'const v8 = process.getBuiltinModule("node:v8");',
      "const set = v8.setFlagsFromString;",
      'const loaded = () => process.moduleLoadList.filter((m) => m.startsWith("NativeModule "))',
      "  .map((m) => m.slice(13));",
      "let before;",
      "v8.setFlagsFromString = (flags) => { before ??= new Set(loaded()); set.call(v8, flags); };",
      'process.on("exit", () => process.stderr.write(`builtins after flags: ${JSON.stringify(',
      "  before && loaded().filter((m) => !before.has(m) && builtinModules.includes(m)))}\\n`));",
    ])([repo, "--json"]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(/builtins after flags: (.*)/.exec(ran.stderr)?.[1]).toBe("[]");
  });

  it("exits 1 with the error code when the analysis fails", async () => {
    const out = await cli([dir.path], env); // a directory, but not a git work tree
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("NOT_A_REPOSITORY");
  });
});

describe("npm run analyze on a hostile local repository", () => {
  let dir: TempDir;
  let env: Record<string, string>;
  let marker: string;
  let script: string;

  beforeAll(() => {
    dir = tempDir("cli-hostile");
    marker = path.join(dir.path, "ran");
    script = path.join(dir.path, "payload.sh");
    // Whatever git would run, by whichever key: it leaves a line in the marker file.
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat >/dev/null 2>&1\n`);
    chmodSync(script, 0o755);
    env = cliEnv(dir.path);
  });
  afterAll(() => dir.remove());

  it("runs no program named by the repository's own git configuration", async () => {
    const repo = createRepo(path.join(dir.path, "configured"), {
      "main.py": "print(1)\n",
      ".gitattributes": "* filter=payload diff=payload merge=payload\n",
    });
    // A signed commit: log.showSignature makes git run gpg.program on it.
    const signer = path.join(dir.path, "signer.sh");
    writeFileSync(
      signer,
      "#!/bin/sh\ncat >/dev/null\necho '[GNUPG:] SIG_CREATED D 1 8 00 0 X' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\nx\\n-----END PGP SIGNATURE-----\\n'\n",
    );
    chmodSync(signer, 0o755);
    git(repo, "-c", `gpg.program=${signer}`, "commit", "-q", "-S", "--allow-empty", "-m", "signed");
    expect(git(repo, "cat-file", "commit", "HEAD")).toContain("gpgsig");
    const keys = {
      "log.showSignature": "true",
      "gpg.program": script,
      "gpg.ssh.program": script,
      "gpg.x509.program": script,
      "core.fsmonitor": script,
      "core.pager": script,
      "pager.log": script,
      "core.editor": script,
      "sequence.editor": script,
      "core.sshCommand": script,
      "core.gitProxy": script,
      "core.askPass": script,
      "core.alternateRefsCommand": script,
      "core.hooksPath": path.join(dir.path, "hooks"),
      "credential.helper": `!${script}`,
      "diff.external": script,
      "diff.payload.textconv": script,
      "diff.payload.command": script,
      "filter.payload.clean": script,
      "filter.payload.smudge": script,
      "filter.payload.process": script,
      "merge.payload.driver": script,
      "uploadpack.packObjectsHook": script,
      "remote.origin.uploadpack": script,
    };
    for (const [key, value] of Object.entries(keys)) git(repo, "config", key, value);
    mkdirSync(path.join(dir.path, "hooks"));
    for (const hook of [
      "post-checkout",
      "pre-upload-pack",
      "reference-transaction",
      "fsmonitor-watchman",
    ])
      copyFileSync(script, path.join(dir.path, "hooks", hook));
    // The fixture's own commands (run before the keys were set) left nothing.
    expect(existsSync(marker)).toBe(false);

    const out = await cli([repo, "--json"], env);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.repo).toMatchObject({ source: "local", commit: git(repo, "rev-parse", "HEAD") });
    expect(report.git.history).toMatchObject({ available: true, commits: 2 });
    expect(existsSync(marker)).toBe(false);
    // git run in that directory does run it (the CLI before): the test can see a failure.
    git(repo, "log", "-1");
    expect(existsSync(marker)).toBe(true);
  });

  it("never reads through a tracked folder replaced by a symlink, nor a committed one", async () => {
    const outside = path.join(dir.path, "outside");
    mkdirSync(outside);
    writeFileSync(
      path.join(outside, "package.json"),
      JSON.stringify({ name: "outside-secret", dependencies: { "outside-only": "1.0.0" } }),
    );
    const repo = createRepo(path.join(dir.path, "linked"), {
      "pkg/package.json": JSON.stringify({ name: "inside", dependencies: { zod: "^4" } }),
      "committed-link": { symlink: outside },
    });
    // Replaced in the work tree, not committed: git still tracks pkg/package.json.
    rmSync(path.join(repo, "pkg"), { recursive: true });
    symlinkSync(outside, path.join(repo, "pkg"));

    const out = await cli([repo, "--json"], env);
    expect(out.code).toBe(0);
    expect(out.stdout).not.toContain("outside-secret");
    expect(out.stdout).not.toContain("outside-only");
    const report = JSON.parse(out.stdout);
    // What the commit holds is what is reported.
    expect(JSON.stringify(report.manifests)).toContain('"zod"');
    expect(report.excluded.symlinks).toBe(1);
  });

  it("says in --help what it reports for a directory", async () => {
    const out = await cli(["--help"], env);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/committed HEAD/);
    expect(out.stdout).toMatch(/uncommitted/);
  });
});
