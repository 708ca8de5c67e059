/**
 * The image, built and run as a container by the project itself (issue #15): builds
 * Dockerfile.combined with podman, runs it as Render does (512 MB, PORT, NODE_ENV=production,
 * Redis and Postgres by URL) and checks, printing a figure for each:
 *
 *  - the image's size, layer by layer;
 *  - start → healthy (worker_ok true), and the container's memory from its own cgroup, idle;
 *  - a real analysis end to end inside the container over the production path (https, the DNS
 *    guard, a pinned address) of a 6,000-file repository with 1,000 commits, with the memory
 *    peak, and of a 50-file one;
 *  - a job that needs more memory than the sandbox allows fails with ANALYSIS_OUT_OF_MEMORY,
 *    and the container stays up;
 *  - the worker SIGKILLed inside comes back;
 *  - `podman stop` (SIGTERM, SIGKILL at 30 s as on Render) ends it with exit code 0 in 25 s;
 *  - the supervisor SIGKILLed inside makes the container exit non-zero;
 *  - with --cpus: the same start and analyses at that CPU quota (Render's free tier: 0.1).
 *
 * The git host is test/analysis/git-https-server.ts on a 127/8 address with a throwaway CA,
 * named to the container as a private git host (PRIVATE_GIT_HOSTS + GIT_CA_BUNDLE). The base
 * image is the official node:24-bookworm-slim when it can be had, otherwise a local stand-in
 * (scripts/image/base.ts), kept between runs. Everything else it makes (containers, images,
 * the database, Redis keys) is removed at the end. Needs root (debootstrap, the cgroup, port
 * 443 on loopback), podman, runc and debootstrap.
 *
 * Usage: npm run check:image -- [--cpus 0.1] [--redis URL] [--postgres ADMIN_URL]
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { startGitHttpsServer } from "../test/analysis/git-https-server.ts";
import { ensureBaseImage } from "./image/base.ts";
import { dropCaches, readCgroupMemory, sampleMemory } from "./image/cgroup.ts";
import {
  type Container,
  type ContainerSetup,
  isRunning,
  processes,
  RUN_LABEL,
  startContainer,
  waitFor,
} from "./image/container.ts";
import { configureEngine, podman, podmanRun } from "./image/podman.ts";
import { hostedRepo, longPathsRepo } from "./image/repos.ts";
import { main, onCleanup, scratchDir } from "./lib/cleanup.ts";
import { npmCaFile } from "./lib/npm-ca.ts";
import { freshDatabase } from "./lib/postgres.ts";
import { followEvents } from "./lib/sse.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const GIT_HOST = "git.repolens.test";
const HEALTHY_WITHIN_MS = 60_000;
const STOP_WITHIN_MS = 25_000;
/** Targets of issue #15 (MB): the container idle and at the peak of the 6,000-file analysis. */
const TARGETS = { idleMb: 150, peakMb: 350, imageMb: 400 };

const { values: options } = parseArgs({
  options: {
    cpus: { type: "string" },
    redis: { type: "string" },
    postgres: { type: "string" },
  },
});
const redisUrl = options.redis ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const adminUrl =
  options.postgres ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const say = (line: string) => process.stdout.write(`check:image: ${line}\n`);
const figures: Record<string, number | string> = {};
const figure = (name: string, value: number | string, note = "") => {
  figures[name] = value;
  say(`${name}: ${value}${note ? ` ${note}` : ""}`);
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const versus = (value: number, target: number) =>
  `(target ≤ ${target}: ${value <= target ? "met" : "MISSED"})`;

interface AnalysisView {
  status: string;
  error?: { code: string; message: string };
  result?: {
    totals: { files: number };
    git: { history: { available: boolean; commits?: number } };
    timings: Record<string, number>;
  };
}

/**
 * Submits `slug` of the git host and follows it to its end as the page does, over the events
 * stream: polling would cost the container CPU of its own, which at 0.1 CPU is a large part of
 * what is measured. Submission → end is when the terminal event arrived; the view is read once.
 */
async function analyse(
  container: Container,
  slug: string,
  withinMs: number,
): Promise<{ ms: number; view: AnalysisView }> {
  const started = Date.now();
  const response = await fetch(`${container.base}/api/analyses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ repoUrl: `https://${GIT_HOST}/${slug}`, force: true }),
  });
  const submitted = (await response.json()) as { id?: string };
  if (response.status !== 202 || !submitted.id)
    throw new Error(`submitting ${slug} answered ${response.status}: ${JSON.stringify(submitted)}`);
  const self = `${container.base}/api/analyses/${submitted.id}`;
  const events = followEvents(`${self}/events`);
  const timer = setTimeout(events.close, withinMs);
  const end = await events.done
    .catch((error: unknown) => {
      throw new Error(`analysis of ${slug}: no end within ${withinMs} ms`, { cause: error });
    })
    .finally(() => clearTimeout(timer));
  if (end.terminal === "ended") throw new Error(`analysis of ${slug}: its stream ended early`);
  const view = (await (await fetch(self)).json()) as AnalysisView;
  return { ms: end.at - started, view };
}

function expectReport(slug: string, view: AnalysisView, files: number, commits: number) {
  if (view.status !== "completed")
    throw new Error(`${slug}: ${view.status} ${JSON.stringify(view.error)}`);
  const history = view.result?.git.history;
  if (view.result?.totals.files !== files || history?.commits !== commits)
    throw new Error(
      `${slug}: the report counts ${view.result?.totals.files} files and ${history?.commits} commits, expected ${files} and ${commits}`,
    );
}

const timingsOf = (view: AnalysisView) =>
  Object.entries(view.result?.timings ?? {})
    .map(([step, ms]) => `${step} ${ms} ms`)
    .join(", ");

async function build(tag: string) {
  const caFile = npmCaFile();
  const started = Date.now();
  const run = await podmanRun(
    [
      "build",
      "--network",
      "host",
      "--label",
      `${RUN_LABEL}=${tag}`,
      ...(caFile ? ["--secret", `id=npm_ca,src=${caFile}`] : []),
      "--file",
      "Dockerfile.combined",
      "--tag",
      tag,
      ROOT,
    ],
    1_200_000,
  );
  if (run.code !== 0)
    throw new Error(`podman build failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  figure(
    "build",
    `${Math.round((Date.now() - started) / 1000)} s`,
    caFile ? `(npm's CA file ${caFile} as the build secret npm_ca)` : "",
  );
  const history = JSON.parse(await podman(["history", "--format", "json", tag])) as {
    size: number;
    CreatedBy: string;
  }[];
  for (const layer of history.reverse().filter((l) => l.size > 0))
    say(
      `  layer ${String(mb(layer.size)).padStart(4)} MB  ${layer.CreatedBy.replace(/\s+/g, " ").replace("/bin/sh -c ", "").slice(0, 110)}`,
    );
  const size = Number((await podman(["image", "inspect", "--format", "{{.Size}}", tag])).trim());
  return mb(size);
}

async function removeRunLeftovers(runLabel: string, imagesBefore: Set<string>) {
  const containers = (
    await podman(["ps", "--all", "--quiet", "--filter", `label=${RUN_LABEL}=${runLabel}`])
  )
    .split("\n")
    .filter(Boolean);
  if (containers.length > 0) await podmanRun(["rm", "--force", "--time", "0", ...containers]);
  // Every image the build made (the runtime image, the build stage and its cached layers),
  // newest first so each is no longer a parent when it is removed; the base stays.
  const now = (await podman(["images", "--all", "--quiet", "--no-trunc"]))
    .split("\n")
    .filter(Boolean);
  const made = now.filter((id) => !imagesBefore.has(id));
  if (made.length > 0) await podmanRun(["rmi", "--force", ...made], 120_000);
}

await main(async () => {
  if (process.getuid?.() !== 0)
    throw new Error("check:image runs as root (podman, debootstrap, the container's cgroup)");
  configureEngine();
  const runId = randomBytes(4).toString("hex");
  const tag = `localhost/repolens-check:${runId}`;
  say(
    `run ${runId}; podman ${(await podman(["version", "--format", "{{.Client.Version}}"])).trim()}, runtime runc`,
  );

  const base = await ensureBaseImage(say);
  figure("base", `${base.name} (${base.kind}${base.built ? ", built now" : ", cached"})`);
  const imagesBefore = new Set(
    (await podman(["images", "--all", "--quiet", "--no-trunc"])).split("\n").filter(Boolean),
  );
  onCleanup(() => removeRunLeftovers(runId, imagesBefore));
  const imageMb = await build(tag);
  figure(
    "image size",
    `${imageMb} MB`,
    base.kind === "official"
      ? versus(imageMb, TARGETS.imageMb)
      : `(on the stand-in base; target ≤ ${TARGETS.imageMb} on the official one)`,
  );

  const repos = scratchDir("image-repos");
  const started = Date.now();
  hostedRepo(path.join(repos, "git"), "acme/big", { files: 6000, commits: 1000 });
  hostedRepo(path.join(repos, "git"), "acme/small", { files: 50, commits: 50 });
  longPathsRepo(path.join(repos, "git"), "acme/long-paths");
  say(`repositories generated in ${Date.now() - started} ms`);
  const server = await startGitHttpsServer({
    root: path.join(repos, "git"),
    dir: repos,
    host: GIT_HOST,
  });
  onCleanup(() => server.close());

  const queuePrefix = `imagecheck-${runId}`;
  onCleanup(async () => {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${queuePrefix}:*`, count: 500 }))
      if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
    redis.disconnect();
  });
  const setup: ContainerSetup = {
    image: tag,
    runLabel: runId,
    redisUrl,
    databaseUrl: await freshDatabase(adminUrl, "image_check"),
    queuePrefix,
    gitHost: { name: GIT_HOST, address: server.address, caFile: server.caFile },
  };

  // --- one container through its life at full CPU ---------------------------------------
  // Dropped first so that the pages of Node and the libraries are read, and charged to this
  // container's cgroup, by the container itself, as on a fresh host: the build read them before.
  dropCaches();
  const a = await startContainer(setup, `repolens-check-${runId}-a`, {
    healthyWithinMs: HEALTHY_WITHIN_MS,
  });
  figure(
    "start → healthy",
    `${a.startToHealthyMs} ms`,
    `(the API answered at ${a.startToApiMs} ms; bound ${HEALTHY_WITHIN_MS} ms)`,
  );
  // Idle: after start-up has settled, the page cache dropped, as the kernel would under pressure.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const cachesDropped = dropCaches();
  const idle = readCgroupMemory(a.statFile);
  figure(
    "memory idle",
    `${idle.mb} MB`,
    `(rss ${idle.rssMb} + mapped ${idle.mappedMb}; cache ${idle.cacheMb}${cachesDropped ? ", dropped first" : ", NOT dropped"}) ${versus(idle.mb, TARGETS.idleMb)}`,
  );

  const sampler = sampleMemory(a.statFile, 50);
  const big = await analyse(a, "acme/big", 300_000);
  const peak = sampler.stop();
  expectReport("acme/big", big.view, 6000, 1000);
  figure(
    "analysis 6,000 files / 1,000 commits",
    `${big.ms} ms`,
    `(submission → report; ${timingsOf(big.view)})`,
  );
  figure(
    "memory peak",
    `${peak.mb} MB`,
    `(rss ${peak.rssMb} + mapped ${peak.mappedMb}) ${versus(peak.mb, TARGETS.peakMb)}`,
  );
  const small = await analyse(a, "acme/small", 120_000);
  expectReport("acme/small", small.view, 50, 50);
  figure("analysis 50 files", `${small.ms} ms`, `(${timingsOf(small.view)})`);

  const hungry = await analyse(a, "acme/long-paths", 300_000);
  if (hungry.view.status !== "failed" || hungry.view.error?.code !== "ANALYSIS_OUT_OF_MEMORY")
    throw new Error(
      `the memory-hungry job ended ${hungry.view.status} ${JSON.stringify(hungry.view.error)}, expected ANALYSIS_OUT_OF_MEMORY`,
    );
  if (!(await isRunning(a.name)) || (await a.health())?.status !== "ok")
    throw new Error("the container did not stay up through the memory-hungry job");
  figure(
    "memory-hungry job",
    `${hungry.view.error.code} in ${hungry.ms} ms`,
    `("${hungry.view.error.message}"; container up)`,
  );

  const before = await a.health();
  const workerPid = before?.worker?.pid;
  if (!workerPid) throw new Error(`no worker pid in /api/health: ${JSON.stringify(before)}`);
  await podman(["exec", a.name, "sh", "-c", `kill -KILL ${workerPid}`]);
  const back = await waitFor("the SIGKILLed worker back", 60_000, 50, async () => {
    const now = await a.health();
    return now?.worker_ok === true && now.worker?.pid !== workerPid;
  });
  figure("worker SIGKILL → worker_ok again", `${back} ms`);

  const stopping = Date.now();
  await podman(["stop", "--time", "30", a.name], 60_000);
  const stopMs = Date.now() - stopping;
  const exitCode = Number(
    (await podman(["inspect", "--format", "{{.State.ExitCode}}", a.name])).trim(),
  );
  if (exitCode !== 0 || stopMs > STOP_WITHIN_MS)
    throw new Error(
      `podman stop: exit code ${exitCode} after ${stopMs} ms; expected 0 within ${STOP_WITHIN_MS} ms\n${await a.logs()}`,
    );
  figure("podman stop → exit 0", `${stopMs} ms`, `(bound ${STOP_WITHIN_MS} ms)`);

  // --- the supervisor killed: the container must end, so the platform restarts it --------
  const b = await startContainer(setup, `repolens-check-${runId}-b`, {
    healthyWithinMs: HEALTHY_WITHIN_MS,
  });
  const supervisor = (await processes(b.name)).find((p) => p.args.includes("supervisor/main.js"));
  if (!supervisor)
    throw new Error(`no supervisor among ${JSON.stringify(await processes(b.name))}`);
  const killed = Date.now();
  await podman(["exec", b.name, "sh", "-c", `kill -KILL ${supervisor.pid}`]);
  await waitFor(
    "the container to exit after its supervisor's death",
    30_000,
    50,
    async () => !(await isRunning(b.name)),
  );
  const bExit = Number(
    (await podman(["inspect", "--format", "{{.State.ExitCode}}", b.name])).trim(),
  );
  if (bExit === 0) throw new Error("the container exited 0 after its supervisor was SIGKILLed");
  figure("supervisor SIGKILL → container exit", `${Date.now() - killed} ms, code ${bExit}`);

  if (options.cpus) {
    // --- at a CPU quota (Render's free tier: 0.1) ------------------------------------------
    const c = await startContainer(setup, `repolens-check-${runId}-c`, {
      cpus: options.cpus,
      healthyWithinMs: 120_000,
    });
    figure(
      `start → healthy at --cpus ${options.cpus}`,
      `${c.startToHealthyMs} ms`,
      `(the API answered at ${c.startToApiMs} ms)`,
    );
    const slowBig = await analyse(c, "acme/big", 600_000);
    expectReport("acme/big", slowBig.view, 6000, 1000);
    figure(
      `analysis 6,000 files at --cpus ${options.cpus}`,
      `${slowBig.ms} ms`,
      `(${timingsOf(slowBig.view)})`,
    );
    const slowSmall = await analyse(c, "acme/small", 300_000);
    expectReport("acme/small", slowSmall.view, 50, 50);
    figure(
      `analysis 50 files at --cpus ${options.cpus}`,
      `${slowSmall.ms} ms`,
      `(${timingsOf(slowSmall.view)})`,
    );
    await podman(["stop", "--time", "30", c.name], 60_000);
  }
  process.stdout.write(`${JSON.stringify({ ok: true, figures })}\n`);
});
