/**
 * The image's steps, proven without Docker: replays Dockerfile.combined's COPY and RUN steps in a
 * clean temporary directory (build stage, then runtime stage), then starts the runtime stage's
 * ENTRYPOINT + CMD with its ENV against a real Redis and a fresh Postgres database, waits until
 * /api/health answers 200 with worker_ok true, sends SIGTERM and expects a clean exit.
 *
 * So a dev-only dependency used at run time, a file the image does not copy (or .dockerignore
 * leaves out), a wrong start path or a migration that fails in production mode all fail here.
 *
 * What it cannot replay, and does instead: `apt-get` steps are checked as "the command or file
 * each package provides is on this machine"; `USER` is honoured by running the container's
 * command as an unprivileged user (nobody) when the check runs as root; paths in the image map
 * to `<temp>/<stage>/<path>`; npm uses this machine's cache (the image's cache mount).
 *
 * Usage: npm run check:prod-install -- [--redis URL] [--postgres ADMIN_URL] [--keep]
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { freeLoopbackPort } from "../src/supervisor/embedded/free-port.ts";
import { npmCaFile } from "./lib/npm-ca.ts";
import {
  copyParts,
  type Instruction,
  parseDockerfile,
  type Stage,
} from "./prod-install/dockerfile.ts";
import { dockerignore } from "./prod-install/dockerignore.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DOCKERFILE = "Dockerfile.combined";
const HEALTH_TIMEOUT_MS = 90_000;
/** What a Debian package gives the image, as something this machine can be checked for. */
const PACKAGE_PROBES: Record<string, { command?: string; file?: string }> = {
  tini: { command: "tini" },
  git: { command: "git" },
  "ca-certificates": { file: "/etc/ssl/certs/ca-certificates.crt" },
};

const { values: options } = parseArgs({
  options: {
    redis: { type: "string" },
    postgres: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const redisUrl = options.redis ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const adminUrl =
  options.postgres ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const say = (line: string) => process.stdout.write(`prod-install: ${line}\n`);
class CheckFailed extends Error {}
const timings: Record<string, number> = {};

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  timings[step] = Date.now() - started;
  say(`${step} (${timings[step]} ms)`);
  return result;
}

if (Number(process.versions.node.split(".")[0]) < 24) {
  process.stderr.write(
    `prod-install: runs on Node 24 like the image; this is ${process.version}\n`,
  );
  process.exit(2);
}
// The image's Node first on PATH, for npm and for the container's `node`.
const PATH = [path.dirname(process.execPath), process.env.PATH ?? "/usr/bin:/bin"].join(":");

/** An unprivileged user for the container's process, as USER does in the image. */
const runAs = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, DOCKERFILE), "utf8"));
const inContext = dockerignore(readFileSync(path.join(ROOT, ".dockerignore"), "utf8"));
const temp = await mkdtemp(path.join(os.tmpdir(), "repolens-prod-install-"));
const sandbox = path.join(temp, "sandbox");
const home = path.join(temp, "home");
const logFile = path.join(temp, "container.log");
const prefix = `prodcheck-${randomBytes(4).toString("hex")}`;
const database = `prod_install_${randomBytes(4).toString("hex")}`;
let databaseCreated = false;

/** Where an absolute path of a stage's filesystem lives here. */
const stageRoot = (stage: string) => path.join(temp, "stages", stage);
const inStage = (stage: string, absolute: string) => path.join(stageRoot(stage), absolute);

interface StageResult {
  workdir: string;
  env: Record<string, string>;
  user?: string;
  entrypoint: string[];
  cmd: string[];
}

async function replay(stage: Stage): Promise<StageResult> {
  const result: StageResult = { workdir: "/", env: {}, entrypoint: [], cmd: [] };
  await mkdir(stageRoot(stage.name), { recursive: true });
  for (const instruction of stage.instructions) {
    const at = `${DOCKERFILE}:${instruction.line} ${instruction.keyword}`;
    switch (instruction.keyword) {
      case "WORKDIR":
        result.workdir = path.posix.resolve(result.workdir, instruction.args);
        await mkdir(inStage(stage.name, result.workdir), { recursive: true });
        break;
      case "ENV":
        for (const pair of instruction.args.matchAll(/(\w+)=("[^"]*"|\S*)/g))
          result.env[pair[1] as string] = (pair[2] as string).replace(/^"|"$/g, "");
        break;
      case "COPY":
        await copy(stage.name, result.workdir, instruction, at);
        break;
      case "RUN":
        await run(stage.name, result, instruction.args, at);
        break;
      case "USER":
        result.user = instruction.args;
        break;
      case "ENTRYPOINT":
      case "CMD":
        if (!instruction.exec) throw new CheckFailed(`${at}: use the exec (JSON) form`);
        if (instruction.keyword === "CMD") result.cmd = instruction.exec;
        else result.entrypoint = instruction.exec;
        break;
      case "EXPOSE":
      case "ARG":
      case "LABEL":
        break;
      default:
        throw new CheckFailed(`${at}: this check does not know how to replay it; teach it`);
    }
  }
  return result;
}

async function copy(stage: string, workdir: string, copy: Instruction, at: string) {
  const { sources, destination } = copyParts(copy);
  const target = inStage(stage, path.posix.resolve(workdir, destination));
  const intoDirectory = destination.endsWith("/") || sources.length > 1;
  for (const source of sources) {
    let from: string;
    if (copy.flags.from) {
      from = inStage(copy.flags.from, source);
    } else {
      if (!inContext(source))
        throw new CheckFailed(`${at}: ${source} is left out by .dockerignore`);
      from = path.join(ROOT, source);
    }
    if (!existsSync(from)) throw new CheckFailed(`${at}: ${source} does not exist`);
    const isDirectory = (await stat(from)).isDirectory();
    const to = intoDirectory && !isDirectory ? path.join(target, path.basename(source)) : target;
    await mkdir(path.dirname(to), { recursive: true });
    await cp(from, to, {
      recursive: true,
      // The build context is what .dockerignore lets through, file by file.
      filter: (file) =>
        copy.flags.from !== undefined || inContext(path.relative(ROOT, file) || "."),
    });
    if (copy.flags.chmod) await chmod(to, Number.parseInt(copy.flags.chmod, 8));
  }
}

async function run(stage: string, state: StageResult, command: string, at: string) {
  if (/\bapt-get\b/.test(command)) {
    const install = /apt-get install\s+(.*?)(?:&&|$)/.exec(command)?.[1] ?? "";
    for (const pkg of install.split(/\s+/).filter((w) => w !== "" && !w.startsWith("-"))) {
      const probe = PACKAGE_PROBES[pkg];
      if (!probe) throw new CheckFailed(`${at}: no probe for Debian package ${pkg}; add one`);
      const found = probe.command ? onPath(probe.command) : existsSync(probe.file ?? "");
      if (!found)
        throw new CheckFailed(`${at}: ${pkg} is not installed here (apt-get install ${pkg})`);
    }
    say(`${at}: system packages present on this machine`);
    return;
  }
  const cwd = inStage(stage, state.workdir);
  const started = Date.now();
  const { code, output } = await exec("sh", ["-c", command], {
    cwd,
    env: { ...baseEnv(), ...state.env },
  });
  if (code !== 0)
    throw new CheckFailed(`${at} \`${command}\` exited ${code}:\n${output.slice(-4000)}`);
  timings[`${stage}: ${command.split("&&")[0]?.trim()}`] = Date.now() - started;
  say(`${at} \`${command}\` (${Date.now() - started} ms)`);
}

/** A build's environment: like `docker build`, nothing of the caller's but PATH, HOME, locale. */
function baseEnv(): Record<string, string> {
  // prefer-offline: the lockfile pins every version, so cached metadata is as good as fresh.
  const env: Record<string, string> = {
    PATH,
    HOME: process.env.HOME ?? "/root",
    npm_config_prefer_offline: "true",
  };
  for (const name of ["LANG", "TMPDIR", "npm_config_cache", "NODE_EXTRA_CA_CERTS"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (callerCaFile) env.npm_config_cafile = callerCaFile;
  return env;
}

const callerCaFile = npmCaFile();

function onPath(command: string): boolean {
  return PATH.split(":").some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function exec(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/**
 * The runtime install skips install scripts; BullMQ's msgpackr must still find its prebuilt
 * native extension, or it silently falls back to a slower JavaScript path.
 */
async function nativeExtensionsLoad(cwd: string) {
  const probe =
    'import { isNativeAccelerationEnabled } from "msgpackr"; process.exit(isNativeAccelerationEnabled ? 0 : 1)';
  const { code, output } = await exec(process.execPath, ["--input-type=module", "-e", probe], {
    cwd,
    env: baseEnv(),
  });
  if (code !== 0) throw new CheckFailed(`msgpackr's native extension does not load:\n${output}`);
  say("msgpackr's prebuilt native extension loads without install scripts");
}

async function createDatabase(): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${database}"`);
  await client.end();
  databaseCreated = true;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

interface Health {
  status?: string;
  worker_ok?: boolean;
}

/** Starts the container's command and follows it to a healthy state and back to a clean exit. */
async function runContainer(stage: string, runtime: StageResult, databaseUrl: string) {
  const argv = [...runtime.entrypoint, ...runtime.cmd];
  const [file, ...args] = argv;
  if (!file) throw new CheckFailed("the runtime stage has neither ENTRYPOINT nor CMD");
  const port = await freeLoopbackPort();
  await mkdir(home, { recursive: true });
  // In the image SANDBOX_DIR lies under /tmp, where the container's user may create it; here
  // its parent is ours, so it is made for that user.
  await mkdir(sandbox, { recursive: true });
  if (runAs) {
    await chown(home, runAs.uid, runAs.gid);
    await chown(sandbox, runAs.uid, runAs.gid);
    // The user must reach its working directory through the temporary root, as in the image.
    await chmod(temp, 0o755);
  }
  const env: Record<string, string> = {
    PATH,
    HOME: home,
    ...runtime.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: prefix,
    // The image's value (/tmp/repolens-sandbox) would be shared with anything else on this
    // machine; a fresh directory under /tmp keeps the same kind of place.
    SANDBOX_DIR: sandbox,
    LOG_FORMAT: "json",
  };
  const child = spawn(file, args, {
    cwd: inStage(stage, runtime.workdir),
    env,
    stdio: ["ignore", "pipe", "pipe"],
    ...(runAs ?? {}),
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => {
    exit = e;
  });
  const tail = () => log.split("\n").slice(-40).join("\n");

  try {
    const started = Date.now();
    let last = "no answer yet";
    for (;;) {
      if (exit)
        throw new CheckFailed(
          `the container exited (${JSON.stringify(exit)}) before it was healthy`,
        );
      if (Date.now() - started > HEALTH_TIMEOUT_MS)
        throw new CheckFailed(
          `no healthy /api/health within ${HEALTH_TIMEOUT_MS} ms; last: ${last}`,
        );
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`, {
          signal: AbortSignal.timeout(2000),
        });
        const body = (await response.json()) as Health;
        last = `${response.status} ${JSON.stringify(body)}`;
        if (response.status === 200 && body.worker_ok === true) break;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    timings["start → healthy with worker"] = Date.now() - started;
    say(`healthy: ${last} (${timings["start → healthy with worker"]} ms)`);

    const stopping = Date.now();
    child.kill("SIGTERM");
    const limit = Number(env.SHUTDOWN_TIMEOUT_MS ?? 25_000) + 5000;
    const ended = await Promise.race([
      exited,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), limit)),
    ]);
    if (!ended) {
      child.kill("SIGKILL");
      throw new CheckFailed(`still running ${limit} ms after SIGTERM`);
    }
    timings["SIGTERM → exit"] = Date.now() - stopping;
    if (ended.code !== 0)
      throw new CheckFailed(`exited with ${JSON.stringify(ended)} after SIGTERM, expected code 0`);
    say(`stopped cleanly after SIGTERM (${timings["SIGTERM → exit"]} ms)`);
  } catch (error) {
    if (!exit) child.kill("SIGKILL");
    if (error instanceof CheckFailed) error.message += `\nlast container output:\n${tail()}`;
    throw error;
  } finally {
    await writeFile(logFile, log);
  }
}

async function cleanUp() {
  if (databaseCreated) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }))
    if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
  redis.disconnect();
  await rm(sandbox, { recursive: true, force: true });
  if (options.keep) say(`kept ${temp}`);
  else await rm(temp, { recursive: true, force: true });
}

const overall = Date.now();
try {
  say(`node ${process.version}; replaying ${DOCKERFILE} in ${temp}`);
  let runtime: StageResult | undefined;
  for (const stage of dockerfile.stages)
    runtime = await timed(`stage ${stage.name}`, () => replay(stage));
  const last = dockerfile.stages.at(-1)?.name;
  if (!runtime || !last) throw new CheckFailed(`${DOCKERFILE} has no stage`);
  await nativeExtensionsLoad(inStage(last, runtime.workdir));
  if (runtime.user && runAs) say(`USER ${runtime.user}: running as uid ${runAs.uid} here`);
  const databaseUrl = await createDatabase();
  await runContainer(last, runtime, databaseUrl);
  const size = await directorySize(inStage(last, path.posix.join(runtime.workdir, "node_modules")));
  process.stdout.write(
    `${JSON.stringify({ ok: true, tookMs: Date.now() - overall, runtimeNodeModulesMb: size, timings })}\n`,
  );
  await cleanUp();
} catch (error) {
  process.stderr.write(`prod-install: FAILED: ${(error as Error).message}\n`);
  if (!(error instanceof CheckFailed)) process.stderr.write(`${(error as Error).stack}\n`);
  options.keep = true;
  await cleanUp().catch(() => undefined);
  process.exitCode = 1;
}

async function directorySize(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return Math.round(bytes / 1024 / 1024);
}
