import { setTimeout as sleep } from "node:timers/promises";
import { followEvents } from "../lib/sse.ts";
import { cpuByProcess, readCpuMs, readProcessCpu } from "./cgroup.ts";
import type { Container } from "./container.ts";

/** The name the containers know the git host by (a private git host, scripts/image/host.ts). */
export const GIT_HOST = "git.repolens.test";

/** The parts of `GET /api/analyses/:id` the checks read. */
export interface AnalysisView {
  status: string;
  error?: { code: string; message: string };
  result?: {
    totals: { files: number };
    git: { history: { available: boolean; commits?: number } };
    timings: Record<string, number>;
  };
}

/** Idle: the container used less CPU than this over the last {@link SETTLED_WINDOW_MS}. */
const SETTLED_CPU_MS = 10;
const SETTLED_WINDOW_MS = 1000;

/**
 * Waits until the container is idle ({@link SETTLED_CPU_MS} of CPU or less in a second) and
 * returns how long that took. What a container does after a start or a job (the next job's
 * analysis process started ahead, the garbage collector) would otherwise be timed with the job
 * that follows: at 0.1 CPU the process started ahead alone is one to two seconds, which a user's
 * job, arriving at a service at rest, does not wait for.
 */
async function settle(container: Container, withinMs: number): Promise<number> {
  const started = Date.now();
  const samples: { at: number; cpuMs: number }[] = [];
  for (;;) {
    const now = { at: Date.now(), cpuMs: readCpuMs(container.cpuFile) };
    samples.push(now);
    while ((samples[1]?.at ?? Number.POSITIVE_INFINITY) <= now.at - SETTLED_WINDOW_MS)
      samples.shift();
    const first = samples[0] as { at: number; cpuMs: number };
    if (now.at - first.at >= SETTLED_WINDOW_MS && now.cpuMs - first.cpuMs <= SETTLED_CPU_MS)
      return now.at - started;
    if (now.at - started > withinMs)
      throw new Error(`${container.name} not idle within ${withinMs} ms`);
    await sleep(100);
  }
}

/**
 * Submits `slug` of the git host, once the container is idle (at once with `atOnce`: a user who
 * submits the moment the service says it is ready, whatever it still does), and follows it to
 * its end as the page does, over the events stream: polling would cost the container CPU of its
 * own, which at 0.1 CPU is a large part of what is measured. Submission → end is when the
 * terminal event arrived; the view is read once. `settledMs` is how long the container took to
 * become idle (0 with `atOnce`), `cpuMs` the CPU time it used from submission to the end: at a
 * quota, what the job costs; `cpuByProcess` the same by process, in ms of 10 ms ticks.
 */
export async function analyse(
  container: Container,
  slug: string,
  withinMs: number,
  { atOnce = false } = {},
): Promise<{
  ms: number;
  view: AnalysisView;
  settledMs: number;
  cpuMs: number;
  cpuByProcess: string;
}> {
  const settledMs = atOnce ? 0 : await settle(container, 60_000);
  const processesBefore = readProcessCpu(container.cpuFile);
  const cpuBefore = readCpuMs(container.cpuFile);
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
  const cpuMs = Math.round(readCpuMs(container.cpuFile) - cpuBefore);
  const byProcess = cpuByProcess(processesBefore, readProcessCpu(container.cpuFile));
  const view = (await (await fetch(self)).json()) as AnalysisView;
  return { ms: end.at - started, view, settledMs, cpuMs, cpuByProcess: byProcess };
}

/** Throws unless the analysis completed with `files` files and `commits` commits. */
export function expectReport(slug: string, view: AnalysisView, files: number, commits: number) {
  if (view.status !== "completed")
    throw new Error(`${slug}: ${view.status} ${JSON.stringify(view.error)}`);
  const history = view.result?.git.history;
  if (view.result?.totals.files !== files || history?.commits !== commits)
    throw new Error(
      `${slug}: the report counts ${view.result?.totals.files} files and ${history?.commits} commits, expected ${files} and ${commits}`,
    );
}

/** The report's own step timings, as one line. */
export const timingsOf = (view: AnalysisView) =>
  Object.entries(view.result?.timings ?? {})
    .map(([step, ms]) => `${step} ${ms} ms`)
    .join(", ");
