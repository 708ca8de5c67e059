import { AnalysisError } from "./errors.ts";
import type { Cut, ManifestLimits } from "./facts/manifests.ts";
import type { Report } from "./report.ts";

/**
 * The report's bounds: how long each list may be, and the hard cap on its serialised size.
 * A repository decides how many manifests, dependencies, languages and folders it has; without
 * these, 300 copies of one package.json made an 83 MB report that took the API down when read.
 * What a bound leaves out is stated in the report (`truncated`, and one warning), never silent.
 */

/**
 * Default of MAX_REPORT_KB. RepoLens's own report is 6 KB; a monorepo of 200 manifests with a
 * hundred dependencies each would need about 1.3 MB, and gets its longest lists halved.
 */
export const DEFAULT_MAX_REPORT_BYTES = 1024 * 1024;

/** Per-manifest bounds, applied while reading so that a hostile tree is never held whole. */
export const MANIFEST_LIMITS: ManifestLimits = {
  maxBytes: 1024 * 1024,
  maxManifests: 200,
  maxDependencies: 500,
  maxCopyPaths: 10,
  maxProblems: 20,
};

/** The longest any list of the report may be, by its place in the report. */
const LIST_LIMITS = {
  languages: 100,
  "structure.topLevel": 25,
  "structure.largestFiles": 10,
  "tooling.tests.directories": 20,
  "tooling.containers.dockerfiles": 20,
  "tooling.containers.compose": 20,
  warnings: 50,
  hotspots: 20,
  "ownership.owners": 20,
  "complexity.files": 20,
} as const;

/** A warning is a sentence, not a payload: longer ones are cut to this many characters. */
const MAX_WARNING_CHARS = 300;

type ListName = keyof typeof LIST_LIMITS;
type Truncated = Report["truncated"];
type Manifest = Report["manifests"][number];

/** The report as assembled, before its lists are cut: lists are full length. */
export type DraftReport = Omit<Report, "truncated">;

/**
 * Cuts every list of a draft report to its limit, then fits the whole into `maxBytes` of JSON
 * by halving the largest lists that remain, and says what was left out: `truncated` holds kept
 * and total per list, one warning sums it up. `manifestsCut` is what reading the manifests
 * already left out. Throws REPORT_TOO_LARGE when even the report without any list is too big.
 *
 * @example
 * const report = boundReport(draft, { maxBytes: 1024 * 1024, manifestsCut });
 * Buffer.byteLength(JSON.stringify(report)) <= 1024 * 1024; // true
 */
export function boundReport(
  draft: DraftReport,
  options: { maxBytes: number; manifestsCut?: Cut | undefined },
): Report {
  const truncated: Truncated = options.manifestsCut ? { manifests: options.manifestsCut } : {};
  const report: Report = { ...draft, truncated };
  report.warnings = report.warnings.map((w) => clip(w, MAX_WARNING_CHARS));
  for (const name of Object.keys(LIST_LIMITS) as ListName[]) {
    const list = SLOTS[name](report);
    const kept = LIST_LIMITS[name];
    if (list.get().length > kept) cut(truncated, name, list, kept);
  }
  // Room for the warning that sums the cuts up, added last so that no cut removes it.
  const reserve = MAX_WARNING_CHARS * 2 + 16;
  shrinkToFit(report, options.maxBytes - reserve);
  const summary = summariseCuts(report);
  if (summary) report.warnings.push(summary);
  const bytes = serialisedBytes(report);
  if (bytes > options.maxBytes)
    throw new AnalysisError(
      "REPORT_TOO_LARGE",
      `the report is ${bytes} bytes even with every list emptied, over the ${options.maxBytes}-byte limit (MAX_REPORT_KB)`,
    );
  return report;
}

/**
 * `text` cut to at most `max` characters, the last one an ellipsis when cut; never between the
 * two halves of a surrogate pair, since a lone surrogate is text Postgres refuses to store.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The size of a report as stored and sent: compact JSON, UTF-8. */
export function serialisedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** A list of the report, by the object that holds it: read it, or keep its first items. */
interface Slot {
  get(): readonly unknown[];
  keep(count: number): void;
}

function slot<K extends string, O extends Record<K, unknown[]>>(owner: O, key: K): Slot {
  return {
    get: () => owner[key],
    keep: (count) => {
      owner[key] = owner[key].slice(0, count) as O[K];
    },
  };
}

/** A list the report leaves out (null): nothing to cut. */
const NO_LIST: Slot = { get: () => [], keep: () => {} };

const SLOTS: Record<ListName, (report: Report) => Slot> = {
  languages: (r) => slot(r, "languages"),
  "structure.topLevel": (r) => slot(r.structure, "topLevel"),
  "structure.largestFiles": (r) => slot(r.structure, "largestFiles"),
  "tooling.tests.directories": (r) => slot(r.tooling.tests, "directories"),
  "tooling.containers.dockerfiles": (r) => slot(r.tooling.containers, "dockerfiles"),
  "tooling.containers.compose": (r) => slot(r.tooling.containers, "compose"),
  warnings: (r) => slot(r, "warnings"),
  hotspots: (r) => (r.hotspots ? slot(r as { hotspots: unknown[] }, "hotspots") : NO_LIST),
  "ownership.owners": (r) => (r.ownership ? slot(r.ownership, "owners") : NO_LIST),
  "complexity.files": (r) => slot(r.complexity, "files"),
};

/** Keeps the first `kept` items and records the cut; a second cut keeps the first total. */
function cut<K extends string>(
  markers: Partial<Record<K, Cut>>,
  key: K,
  list: Slot,
  kept: number,
): void {
  markers[key] = { kept, total: markers[key]?.total ?? list.get().length };
  list.keep(kept);
}

interface Cuttable {
  bytes: number;
  length: number;
  /** Cut only when no other list is left. */
  last: boolean;
  halve(): void;
}

/**
 * Halves the largest list until the estimate fits, then measures again; a few rounds settle
 * it, since each round removes at least the measured excess. Sizes are each list's own bytes.
 * Whole manifests go last, once every other list is empty: a manifest's path and name tell
 * more than the thousandth dependency of another one.
 */
function shrinkToFit(report: Report, maxBytes: number): void {
  for (let round = 0; round < 8; round++) {
    let excess = serialisedBytes(report) - maxBytes;
    if (excess <= 0) return;
    const lists = cuttables(report).filter((c) => c.length > 0);
    while (excess > 0 && lists.length > 0) {
      let largest = 0;
      for (let i = 1; i < lists.length; i++) {
        const [a, b] = [lists[i] as Cuttable, lists[largest] as Cuttable];
        if (a.last !== b.last ? !a.last : a.bytes > b.bytes) largest = i;
      }
      const list = lists[largest] as Cuttable;
      const before = list.bytes;
      list.halve();
      excess -= before - list.bytes;
      if (list.length === 0) lists.splice(largest, 1);
    }
    if (lists.length === 0 && excess > 0) return;
  }
}

function cuttables(report: Report): Cuttable[] {
  const { truncated } = report;
  const out: Cuttable[] = [];
  const add = (
    list: Slot,
    shrink: (kept: number) => void,
    bytesOf: (list: readonly unknown[]) => number = serialisedBytes,
    last = false,
  ) => {
    const entry: Cuttable = {
      bytes: bytesOf(list.get()),
      length: list.get().length,
      last,
      halve() {
        shrink(Math.floor(entry.length / 2));
        entry.length = list.get().length;
        entry.bytes = bytesOf(list.get());
      },
    };
    out.push(entry);
  };
  for (const name of Object.keys(LIST_LIMITS) as ListName[]) {
    const list = SLOTS[name](report);
    add(list, (kept) => cut(truncated, name, list, kept));
  }
  for (const m of report.manifests) {
    const marks = () => {
      m.truncated ??= {};
      return m.truncated;
    };
    const dependencies = slot(m, "dependencies");
    add(dependencies, (kept) => cut(marks(), "dependencies", dependencies, kept));
    if (m.workspaces) {
      const members = slot(m as Manifest & { workspaces: string[] }, "workspaces");
      add(members, (kept) => cut(marks(), "workspaces", members, kept));
    }
    // A group of copies keeps its count; only the paths listed are cut.
    if (m.copies) {
      const paths = slot(m.copies, "paths");
      add(paths, (kept) => paths.keep(kept));
    }
  }
  const manifests = slot(report, "manifests");
  const shells = (list: readonly unknown[]) => serialisedBytes((list as Manifest[]).map(shell));
  add(manifests, (kept) => cut(truncated, "manifests", manifests, kept), shells, true);
  return out;
}

/** A manifest without the lists counted on their own. */
const shell = ({ dependencies: _d, workspaces: _w, copies: _c, ...rest }: Manifest) => rest;

/**
 * Rankings: a top 20 is what they are, so reaching their limit is stated in `truncated` (how
 * many there were) but is no warning; only a cut below it, to fit the size cap, is.
 */
const RANKINGS: ReadonlySet<string> = new Set<ListName>([
  "hotspots",
  "ownership.owners",
  "complexity.files",
]);

function summariseCuts(report: Report): string | undefined {
  const parts = Object.entries(report.truncated)
    .filter(([name, c]) => !(RANKINGS.has(name) && c.kept === LIST_LIMITS[name as ListName]))
    .map(([name, c]) => `${name} ${(c as Cut).kept} of ${(c as Cut).total}`);
  const manifestCuts = report.manifests.filter((m) => m.truncated).length;
  if (manifestCuts > 0)
    parts.push(`dependencies of ${manifestCuts} manifest${manifestCuts === 1 ? "" : "s"}`);
  if (parts.length === 0) return undefined;
  return clip(
    `the report was cut to its limits (see "truncated"): ${parts.join(", ")}`,
    MAX_WARNING_CHARS,
  );
}
