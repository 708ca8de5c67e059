import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  copyParts,
  type Instruction,
  parseDockerfile,
  type Stage,
  stageEnv,
} from "../../scripts/prod-install/dockerfile.ts";
import { dockerignore } from "../../scripts/prod-install/dockerignore.ts";

/**
 * Dockerfile.combined's required properties, read from the file. hadolint is not packaged by
 * Debian (bookworm), so the rules of it that apply here are checked below as well.
 */

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const dockerfile = parseDockerfile(read("Dockerfile.combined"));
const stages = dockerfile.stages;
const runtime = stages.at(-1) as Stage;
const build = stages.find((s) => s.name === "build") as Stage;
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword);
const runs = (stage: Stage) => all(stage, "RUN").map((i) => i.args);
const inContext = dockerignore(read(".dockerignore"));

describe("Dockerfile.combined", () => {
  it("builds in one stage with dev dependencies and runs from another with production ones", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(runs(build).some((r) => /\bnpm ci\b/.test(r) && !r.includes("--omit=dev"))).toBe(true);
    expect(runs(build)).toContain("npm run build");
    expect(runs(runtime).some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    const fromBuild = all(runtime, "COPY").filter((c) => c.flags.from === "build");
    expect(fromBuild.map((c) => copyParts(c).sources)).toEqual([["/app/dist"]]);
  });

  it("starts from a Node 24 slim image by tag", () => {
    for (const stage of stages)
      expect(stage.base).toMatch(/^node:24(\.\d+)*-(bookworm|trixie)-slim$/);
  });

  it("runs tini as PID 1 with start-combined.sh, as a non-root user", () => {
    const [entrypoint] = all(runtime, "ENTRYPOINT");
    const [cmd] = all(runtime, "CMD");
    expect(entrypoint?.exec).toEqual(["tini", "--"]);
    expect(cmd?.exec).toEqual(["./start-combined.sh"]);
    const user = all(runtime, "USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    // USER comes after the last RUN: the installs need root, the app must not have it.
    const index = (i: Instruction) => runtime.instructions.indexOf(i);
    expect(index(all(runtime, "USER").at(-1) as Instruction)).toBeGreaterThan(
      index(all(runtime, "RUN").at(-1) as Instruction),
    );
  });

  it("installs tini, git and the CA bundle the worker's https clones need", () => {
    const apt = runs(runtime).find((r) => r.includes("apt-get install")) ?? "";
    for (const pkg of ["tini", "git", "ca-certificates"]) expect(apt.split(/\s+/)).toContain(pkg);
  });

  it("sets production mode, a sandbox under /tmp, and takes the port from $PORT", () => {
    const env = stageEnv(runtime);
    expect(env.NODE_ENV).toBe("production");
    expect(env.SANDBOX_DIR).toMatch(/^\/tmp\//);
    // A default only: the API reads PORT, and Render's own PORT replaces this one.
    expect(Number(env.PORT)).toBeGreaterThan(0);
    expect(all(runtime, "EXPOSE").map((e) => e.args)).toEqual([env.PORT]);
  });

  it("warms a compile cache in the build stage where the runtime reads it", () => {
    const warm = runs(build).find((r) => r.includes("warm-compile-cache")) ?? "";
    const [, dist, cache] = /warm-compile-cache\.ts (\S+) (\S+)/.exec(warm) ?? [];
    expect(dist).toBe("dist");
    // Node keys the cache by absolute path and by user id, and writes it readable by its owner
    // only: made at the runtime's path, as the runtime's user, then made readable to all.
    const workdir = (stage: Stage) => all(stage, "WORKDIR").at(-1)?.args;
    expect(workdir(build)).toBe(workdir(runtime));
    expect(stageEnv(runtime).NODE_COMPILE_CACHE).toBe(`${workdir(build)}/${cache}`);
    expect(all(build, "USER").at(-1)?.args).toBe(all(runtime, "USER").at(-1)?.args);
    expect(warm).toContain(`chmod -R a+rX ${cache}`);
  });

  it("copies only files the build context holds, and the context leaves the rest out", () => {
    for (const stage of stages)
      for (const copy of all(stage, "COPY").filter((c) => !c.flags.from))
        for (const source of copyParts(copy).sources)
          expect(inContext(source), `${source} (line ${copy.line})`).toBe(true);
    for (const outside of [".env", ".git/HEAD", "node_modules/x", "dist/api/main.js", "test/a"])
      expect(inContext(outside), outside).toBe(false);
  });

  it("follows the hadolint rules that apply to it", () => {
    for (const stage of stages) {
      // DL3020 COPY not ADD; DL3025 exec-form CMD/ENTRYPOINT; DL3003 WORKDIR not cd;
      // DL4006-like: one CMD and ENTRYPOINT.
      expect(all(stage, "ADD")).toEqual([]);
      for (const i of [...all(stage, "CMD"), ...all(stage, "ENTRYPOINT")])
        expect(i.exec).toBeDefined();
      for (const run of runs(stage)) expect(run).not.toMatch(/(^|&&\s*)cd\s/);
      for (const dir of all(stage, "WORKDIR")) expect(dir.args).toMatch(/^\//);
      // DL3009/DL3015: lists removed in the same layer, no recommended extras.
      for (const run of runs(stage).filter((r) => r.includes("apt-get install"))) {
        expect(run).toMatch(/apt-get update/);
        expect(run).toMatch(/--no-install-recommends/);
        expect(run).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
      }
      // DL3007: no `latest`.
      expect(stage.base).not.toMatch(/:latest$|^[^:]+$/);
    }
    expect(all(runtime, "CMD")).toHaveLength(1);
    expect(all(runtime, "ENTRYPOINT")).toHaveLength(1);
  });
});

describe("start-combined.sh", () => {
  const script = read("start-combined.sh");
  const commands = script
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));

  it("is a few lines that stop on errors and exec the supervisor of the production build", () => {
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands).toContain("set -eu");
    const startProd = JSON.parse(read("package.json")).scripts["start:prod"] as string;
    expect(commands.at(-1)).toBe(`exec ${startProd} "$@"`);
  });

  it("is executable in the repository", () => {
    expect(statSync(path.join(root, "start-combined.sh")).mode & 0o111).toBe(0o111);
  });
});
