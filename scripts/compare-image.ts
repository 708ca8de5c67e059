/**
 * The image of the working tree against the image of an earlier commit, in one run, under the
 * same CPU quota (issue #20): at Render's 0.1 CPU one run of the same image moves by a second
 * from one run to the next on a shared host, more than most changes are worth, so the two are
 * measured side by side, their jobs taken in turn.
 *
 *   npm run compare:image -- --against <commit> [--cpus 0.1] [--starts 3] [--runs 5] [--big-runs 1]
 *                            [--at-healthy]
 *
 * Builds both images (the commit's from a git worktree), starts a container of each at the
 * quota `--starts` times (start → healthy; each start stops the side's previous container;
 * with `--at-healthy`, the 50-file repository submitted the moment it is healthy, as a user on
 * the waking page may, whatever the container still does after its start), then analyses the
 * 50-file repository `--runs` times and the 6,000-file one `--big-runs` times in each, at rest,
 * alternating which container goes first, and prints
 * per image the median and range of each figure and the median of the report's own steps.
 * Same git host, services and cleanup as `npm run check:image`; needs root, podman, runc.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyse, expectReport } from "./image/analyse.ts";
import { ensureBaseImage } from "./image/base.ts";
import { buildImage, imageIds, removeRunLeftovers } from "./image/build.ts";
import { type Container, type ContainerSetup, startContainer } from "./image/container.ts";
import { prepareHost, serviceUrls } from "./image/host.ts";
import { configureEngine, podman } from "./image/podman.ts";
import { main, onCleanup, scratchDir } from "./lib/cleanup.ts";
import { median } from "./lib/stats.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const IMAGE = "localhost/repolens-compare";
const { values: options } = parseArgs({
  options: {
    against: { type: "string" },
    cpus: { type: "string", default: "0.1" },
    runs: { type: "string", default: "5" },
    "big-runs": { type: "string", default: "1" },
    starts: { type: "string", default: "3" },
    "at-healthy": { type: "boolean", default: false },
    redis: { type: "string" },
    postgres: { type: "string" },
  },
});
const services = serviceUrls(options);
const say = (line: string) => process.stdout.write(`compare:image: ${line}\n`);

interface Side {
  label: string;
  /** The build context: the commit's worktree, or this tree. */
  context: string;
  tag: string;
  container?: Container;
  /** Per figure, the samples in ms. */
  samples: Map<string, number[]>;
}

const record = (side: Side, figure: string, ms: number) =>
  side.samples.set(figure, [...(side.samples.get(figure) ?? []), ms]);

/** `median (min-max)` of the samples, in ms. */
function summary(samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length === 1
    ? `${sorted[0]} ms`
    : `${median(sorted)} ms (${sorted[0]}-${sorted.at(-1)}, ${sorted.length} runs)`;
}

interface Job {
  slug: string;
  name: string;
  files: number;
  commits: number;
}
const small: Job = { slug: "acme/small", name: "50 files", files: 50, commits: 50 };
const big: Job = { slug: "acme/big", name: "6,000 files", files: 6000, commits: 1000 };

/** Analyses `job` in the side's container; records time, container CPU and steps. */
async function measureJob(side: Side, job: Job, { atOnce = false } = {}) {
  if (!side.container) throw new Error(`${side.label}: no container`);
  const name = atOnce ? `${job.name}, submitted at healthy` : job.name;
  const { ms, view, cpuMs } = await analyse(side.container, job.slug, 600_000, { atOnce });
  expectReport(job.slug, view, job.files, job.commits);
  record(side, name, ms);
  // CPU time moves less with the host's other guests than wall time does.
  record(side, `  ${name}: container CPU`, cpuMs);
  for (const [step, stepMs] of Object.entries(view.result?.timings ?? {}))
    record(side, `  ${name}: ${step}`, stepMs);
}

/** Analyses `job` in each side's container, in the given order. */
async function round(sides: Side[], job: Job) {
  for (const side of sides) await measureJob(side, job);
}

await main(async () => {
  if (!options.against) throw new Error("usage: npm run compare:image -- --against <commit>");
  if (process.getuid?.() !== 0) throw new Error("compare:image runs as root (podman, cgroups)");
  const commit = execFileSync("git", ["rev-parse", "--verify", `${options.against}^{commit}`], {
    cwd: ROOT,
    encoding: "utf8",
  }).trim();
  configureEngine();
  const runId = randomBytes(4).toString("hex");
  const base = await ensureBaseImage(say);
  say(`base: ${base.name} (${base.kind}); quota --cpus ${options.cpus}`);
  const imagesBefore = await imageIds();
  onCleanup(() => removeRunLeftovers(runId, imagesBefore));

  const tree = path.join(scratchDir("compare-image"), "tree");
  execFileSync("git", ["worktree", "add", "--detach", "--quiet", tree, commit], { cwd: ROOT });
  onCleanup(() => {
    execFileSync("git", ["worktree", "remove", "--force", tree], { cwd: ROOT });
  });
  const sides: Side[] = [
    { label: commit.slice(0, 10), context: tree, tag: `${IMAGE}:${runId}-a`, samples: new Map() },
    { label: "working tree", context: ROOT, tag: `${IMAGE}:${runId}-b`, samples: new Map() },
  ];
  for (const side of sides) {
    say(`building ${side.label}`);
    const built = await buildImage(side.tag, side.context, () => undefined);
    say(`built ${side.label} in ${built.seconds} s, ${built.sizeMb} MB`);
  }

  const host = await prepareHost(runId, services, say);
  const setups = await Promise.all(sides.map((side, i) => host.setupFor(side.tag, `cmp${i}`)));
  const turns = (n: number) => (n % 2 === 0 ? sides : [...sides].reverse());
  const starts = Number(options.starts);
  for (let n = 0; n < starts; n++) {
    for (const side of turns(n)) {
      const index = sides.indexOf(side);
      if (side.container) await podman(["stop", "--time", "30", side.container.name], 60_000);
      side.container = await startContainer(
        setups[index] as ContainerSetup,
        `repolens-compare-${runId}-${index}-${n}`,
        { cpus: options.cpus, healthyWithinMs: 120_000 },
      );
      record(side, "start → healthy", side.container.startToHealthyMs);
      record(side, "  start → API listening", side.container.startToApiMs);
      if (options["at-healthy"]) await measureJob(side, small, { atOnce: true });
    }
  }

  for (let n = 0; n < Number(options.runs); n++) await round(turns(n), small);
  for (let n = 0; n < Number(options["big-runs"]); n++) await round(turns(n), big);
  for (const side of sides)
    if (side.container) await podman(["stop", "--time", "30", side.container.name], 60_000);

  for (const side of sides) {
    say(`${side.label}:`);
    for (const [figure, samples] of side.samples) say(`  ${figure}: ${summary(samples)}`);
  }
});
