/**
 * What one analysis job costs, fetch included, for the two generated repositories of issue #20
 * (6,000 files with 1,000 commits, and 50 files), served from a local bare repository over
 * file://, or with `--https` by `git http-backend` behind an HTTPS server in this process (as
 * a git host would, its CPU not the job's; port 443, root only). Each job runs in a child Node
 * process that reports its wall time, its own CPU seconds and its children's (git, and over
 * file:// the upload-pack git starts on the serving side), read from /proc/self/stat. With
 * `--cpu <percent>` the jobs run in a cgroup v1 cpu group of that quota (10 for Render's 0.1
 * CPU); root only.
 *
 *   npx node scripts/bench-fetch.ts [--runs 3] [--cpu 10] [--https]
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyze } from "../src/analysis/index.ts";
import { type GitHttpsServer, startGitHttpsServer } from "../test/analysis/git-https-server.ts";
import { hostedRepo } from "./image/repos.ts";
import { main, onCleanup, scratchDir } from "./lib/cleanup.ts";
import { fmt, median, out } from "./lib/stats.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    cpu: { type: "string" },
    https: { type: "boolean", default: false },
    job: { type: "string" },
    sandbox: { type: "string" },
    /** For a job over https: the server's address and certificate authority. */
    address: { type: "string" },
    ca: { type: "string" },
  },
});

/** User + system CPU seconds of this process's waited-for children (cutime + cstime). */
function childCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  return (Number(fields[13]) + Number(fields[14])) / ticks;
}

interface JobFigures {
  wallMs: number;
  nodeCpu: number;
  gitCpu: number;
  timings: Record<string, number>;
}

/** One analysis in this process; prints its figures as one JSON line. */
async function job(url: string, sandboxDir: string): Promise<void> {
  const { address, ca } = values;
  const children = childCpuSeconds();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await analyze(
    { url },
    {
      sandboxDir,
      allowedHosts: [HOST],
      allowLocal: !address,
      ...(address ? { resolveHost: async () => [address], caFile: ca } : {}),
      maxRepoBytes: 500 * 2 ** 20,
      cloneTimeoutMs: 600_000,
      historyTimeoutMs: 600_000,
    },
  );
  const own = process.cpuUsage(cpu);
  const figures: JobFigures = {
    wallMs: Math.round(performance.now() - started),
    nodeCpu: (own.user + own.system) / 1e6,
    gitCpu: childCpuSeconds() - children,
    timings: report.timings,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** A cgroup v1 cpu group limited to `percent` of one CPU, removed at cleanup. */
function cpuGroup(percent: number): string {
  const group = `/sys/fs/cgroup/cpu/repolens-bench-${process.pid}`;
  mkdirSync(group);
  writeFileSync(path.join(group, "cpu.cfs_period_us"), "100000");
  writeFileSync(path.join(group, "cpu.cfs_quota_us"), String(percent * 1000));
  onCleanup(() => rmdirSync(group));
  return group;
}

const HOST = "bench.repolens.test";

/** Runs one job in a child process (inside `group` when given) and returns its figures. */
function runJob(
  url: string,
  sandboxDir: string,
  group: string | undefined,
  server: GitHttpsServer | undefined,
): Promise<JobFigures> {
  const node = [process.execPath, import.meta.filename, "--job", url, "--sandbox", sandboxDir];
  if (server) node.push("--address", server.address, "--ca", server.caFile);
  // The shell enters the group, then becomes Node: every process of the job is limited.
  const command = group
    ? ["sh", "-c", `echo $$ > ${group}/cgroup.procs && exec "$@"`, "sh", ...node]
    : node;
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, command.slice(1), {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(JSON.parse(text) as JobFigures)
        : reject(new Error(`job exited ${code}`)),
    );
  });
}

if (values.job) await job(values.job, values.sandbox as string);
else
  await main(async () => {
    const root = scratchDir("bench-fetch");
    const sandboxDir = path.join(root, "sandbox");
    mkdirSync(sandboxDir);
    const served = path.join(root, "served");
    const repos = [
      {
        name: "6,000 files, 1,000 commits",
        slug: hostedRepo(served, "acme/big", { files: 6000, commits: 1000 }),
      },
      {
        name: "50 files, 100 commits",
        slug: hostedRepo(served, "acme/small", { files: 50, commits: 100 }),
      },
    ];
    const group = values.cpu ? cpuGroup(Number(values.cpu)) : undefined;
    out(`CPU: ${group ? `${values.cpu} % of one CPU (cgroup v1 cpu.cfs_quota_us)` : "unlimited"}`);
    let server: GitHttpsServer | undefined;
    if (values.https) {
      const running = await startGitHttpsServer({ root: served, dir: root, host: HOST });
      onCleanup(() => running.close());
      server = running;
    }
    out(`served: ${server ? `over https by git http-backend (outside the limit)` : "file://"}`);
    for (const repo of repos) {
      const runs: JobFigures[] = [];
      for (let i = 0; i < Number(values.runs); i++)
        runs.push(
          await runJob(
            server ? `https://${HOST}/${repo.slug}` : path.join(served, `${repo.slug}.git`),
            sandboxDir,
            group,
            server,
          ),
        );
      const m = (pick: (f: JobFigures) => number) => median(runs.map(pick));
      out(
        `${repo.name}: job ${fmt(m((f) => f.wallMs) / 1000, 2)} s wall, CPU node ${fmt(
          m((f) => f.nodeCpu),
          2,
        )} s + git ${fmt(
          m((f) => f.gitCpu),
          2,
        )} s (median of ${runs.length})`,
      );
      for (const run of runs) out(`  ${JSON.stringify(run)}`);
    }
  });
