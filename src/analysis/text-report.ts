import type { Report } from "./report.ts";

const n = (x: number) => x.toLocaleString("en-US");
const kb = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;

/** The report as text for a terminal: the figures a reader looks for first. */
export function formatReport(r: Report): string {
  const out: string[] = [];
  const line = (s = "") => out.push(s);
  line(
    `${r.repo.url}${r.repo.branch ? ` (${r.repo.branch})` : ""} @ ${r.repo.commit.slice(0, 12)}  ${r.repo.commitDate}`,
  );
  line();
  line(
    `${n(r.totals.files)} files, ${n(r.totals.code)} code, ${n(r.totals.comments)} comment, ${n(r.totals.blanks)} blank lines, ${kb(r.totals.bytes)}`,
  );
  line();
  line(
    `${"language".padEnd(24)}${"files".padStart(8)}${"code".padStart(11)}${"comments".padStart(11)}${"blanks".padStart(9)}${"bytes %".padStart(9)}`,
  );
  for (const l of r.languages.slice(0, 20)) {
    line(
      `${l.name.padEnd(24)}${n(l.files).padStart(8)}${n(l.code).padStart(11)}${n(l.comments).padStart(11)}${n(l.blanks).padStart(9)}${l.share.toFixed(1).padStart(9)}`,
    );
  }
  if (r.languages.length > 20) line(`... and ${r.languages.length - 20} more`);
  const ex = r.excluded;
  line();
  line(
    `not counted: vendored ${ex.vendored.files}, generated ${ex.generated.files}, documentation ${ex.documentation.files}, binary ${ex.binary.files}, unknown ${ex.unknown.files}, too large ${ex.tooLarge.files}, symlinks ${ex.symlinks}, submodules ${ex.submodules}`,
  );
  line(
    `tree: ${n(r.structure.trackedFiles)} tracked files, depth ${r.structure.maxDepth}; top: ${r.structure.topLevel
      .slice(0, 6)
      .map((t) => `${t.path} ${t.files}`)
      .join(", ")}`,
  );
  line();
  for (const m of r.manifests) {
    const scopes = new Map<string, number>();
    for (const d of m.dependencies) scopes.set(d.scope, (scopes.get(d.scope) ?? 0) + 1);
    const cut = m.truncated?.dependencies;
    line(
      `${m.path} (${m.ecosystem}${m.name ? ` ${m.name}` : ""}): ${[...scopes].map(([s, c]) => `${c} ${s}`).join(", ") || "no dependencies"}${cut ? ` (first ${n(cut.kept)} of ${n(cut.total)})` : ""}${m.copies ? `; ${n(m.copies.count)} identical copies` : ""}`,
    );
  }
  const manifestsCut = r.truncated.manifests;
  if (manifestsCut) line(`... ${n(manifestsCut.total - manifestsCut.kept)} more manifests`);
  const t = r.tooling;
  line(
    `tests: ${t.tests.files} files${t.tests.frameworks.length ? `, ${t.tests.frameworks.join(", ")}` : ""}; CI: ${t.ci.join(", ") || "none"}; containers: ${t.containers.dockerfiles.length + t.containers.compose.length}`,
  );
  line(
    `license: ${t.license ? (t.license.spdx ?? `unrecognised (${t.license.path})`) : "none"}; linters: ${t.linters.join(", ") || "none"}; formatters: ${t.formatters.join(", ") || "none"}`,
  );
  const h = r.git.history;
  line(
    h.available
      ? `history: ${n(h.commits)}${h.complete ? "" : "+"} commits, ${h.contributors} contributors, ${h.firstCommitAt.slice(0, 10)} .. ${h.lastCommitAt.slice(0, 10)}, ${h.commitsLast90Days} in the last 90 days`
      : `history: unavailable (${h.reason})`,
  );
  const o = r.ownership;
  if (o)
    line(
      `ownership: bus factor ${o.busFactor}; ${o.owners
        .slice(0, 5)
        .map((a) => `${a.name} ${a.commits} (${a.share}%)`)
        .join(", ")}`,
    );
  if (r.hotspots && r.hotspots.length > 0) {
    line("hotspots (commits × complexity):");
    for (const s of r.hotspots.slice(0, 5))
      line(`  ${s.path}  ${s.commits} × ${s.complexity} = ${s.score}, bus factor ${s.busFactor}`);
  }
  line();
  const s = r.summary;
  if (s.status === "completed") {
    line(`summary (${s.model}): ${s.purpose}`);
    line(`architecture: ${s.architecture}`);
    for (const [title, items] of [
      ["strengths", s.strengths],
      ["risks", s.risks],
      ["suggestions", s.suggestions],
    ] as const) {
      if (items.length) line(`${title}:\n${items.map((i) => `  - ${i}`).join("\n")}`);
    }
  } else line(`summary: ${s.status} (${s.reason})`);
  for (const w of r.warnings) line(`warning: ${w}`);
  line(`took ${n(r.timings.total ?? 0)} ms`);
  return `${out.join("\n")}\n`;
}
