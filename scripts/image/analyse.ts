import { followEvents } from "../lib/sse.ts";
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

/**
 * Submits `slug` of the git host and follows it to its end as the page does, over the events
 * stream: polling would cost the container CPU of its own, which at 0.1 CPU is a large part of
 * what is measured. Submission → end is when the terminal event arrived; the view is read once.
 */
export async function analyse(
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
