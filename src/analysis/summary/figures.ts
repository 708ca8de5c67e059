import type { Report, SummaryContent } from "../report.ts";

/**
 * The measured figures the summary model is given and held to. The model may cite them; a
 * number it writes next to one of these kinds of figure ("12 commits", "bus factor 3", "40%")
 * must be one of the figures of that kind, or the claim is dropped (see {@link checkClaims}).
 */
export interface Figures {
  totals: Report["totals"];
  languages: readonly Pick<
    Report["languages"][number],
    "name" | "files" | "code" | "comments" | "blanks" | "share" | "complexity"
  >[];
  history: Report["git"]["history"];
  ownership: Report["ownership"];
  hotspots: Report["hotspots"];
  complexFiles: Report["complexity"]["files"];
}

/** How many of each list the model is shown: the top of each, as the page shows them. */
const SHOWN = { languages: 12, owners: 10, hotspots: 10, files: 10 };

const n = (x: number) => x.toLocaleString("en-US");

/**
 * The figures as the digest's first section, each with its unit written out, so that the
 * model has them verbatim and a check can tell which kind a number it writes belongs to.
 *
 * @example
 * figuresText(figures); // "Measured figures (...):\n- Totals: 12 files, 1,234 lines of code, ..."
 */
export function figuresText(f: Figures): string {
  const lines = [
    "Measured figures (exact; cite them as written, and state no other numbers about the repository):",
    `- Totals: ${n(f.totals.files)} files, ${n(f.totals.code)} lines of code, ${n(f.totals.comments)} comment lines, ${n(f.totals.blanks)} blank lines`,
  ];
  const langs = f.languages.slice(0, SHOWN.languages).map((l) => {
    const cx = l.complexity === null ? "" : `, complexity ${n(l.complexity)}`;
    return `${l.name} ${n(l.files)} files, ${n(l.code)} lines of code, ${l.share}% of bytes${cx}`;
  });
  if (langs.length > 0) lines.push(`- Languages: ${langs.join("; ")}`);
  const h = f.history;
  lines.push(
    h.available
      ? `- History (${h.complete ? "all" : `the last ${n(h.window)}`} commits): ${n(h.commits)} commits, ${n(h.contributors)} contributors, ${n(h.commitsLast90Days)} commits in the last 90 days`
      : "- History: unavailable",
  );
  if (f.ownership) {
    const owners = f.ownership.owners
      .slice(0, SHOWN.owners)
      .map((o) => `${o.name} ${n(o.commits)} commits (${o.share}%)`);
    lines.push(`- Ownership: bus factor ${f.ownership.busFactor}; ${owners.join("; ")}`);
  }
  if (f.hotspots && f.hotspots.length > 0) {
    const spots = f.hotspots
      .slice(0, SHOWN.hotspots)
      .map(
        (s) =>
          `${s.path} ${n(s.commits)} commits, complexity ${n(s.complexity)}, bus factor ${s.busFactor}`,
      );
    lines.push(`- Hotspots (commits × complexity): ${spots.join("; ")}`);
  }
  const files = f.complexFiles
    .slice(0, SHOWN.files)
    .map((c) => `${c.path} ${n(c.code)} lines of code, complexity ${n(c.complexity)}`);
  if (files.length > 0) lines.push(`- Largest files: ${files.join("; ")}`);
  return `${lines.join("\n")}\n`;
}

type Kind = "commits" | "contributors" | "busFactor" | "lines" | "files" | "complexity" | "percent";

/** Every figure the model was shown, by kind. */
function allowed(f: Figures): Record<Kind, number[]> {
  const shownLanguages = f.languages.slice(0, SHOWN.languages);
  const owners = f.ownership?.owners.slice(0, SHOWN.owners) ?? [];
  const spots = f.hotspots?.slice(0, SHOWN.hotspots) ?? [];
  const files = f.complexFiles.slice(0, SHOWN.files);
  const h = f.history.available ? f.history : undefined;
  const busFactors = [
    ...(f.ownership ? [f.ownership.busFactor] : []),
    ...spots.map((s) => s.busFactor),
  ];
  return {
    commits: [
      ...(h ? [h.commits, h.commitsLast90Days, h.window] : []),
      ...(f.ownership ? [f.ownership.commits] : []),
      ...owners.map((o) => o.commits),
      ...spots.map((s) => s.commits),
    ],
    // "2 people made half the commits" names the bus factor as a number of people.
    contributors: [
      ...(h ? [h.contributors] : []),
      ...(f.ownership ? [f.ownership.contributors] : []),
      ...busFactors,
    ],
    busFactor: busFactors,
    lines: [
      f.totals.code,
      f.totals.comments,
      f.totals.blanks,
      ...shownLanguages.flatMap((l) => [l.code, l.comments, l.blanks]),
      ...files.map((c) => c.code),
    ],
    files: [f.totals.files, ...shownLanguages.map((l) => l.files)],
    complexity: [
      ...shownLanguages.flatMap((l) => (l.complexity === null ? [] : [l.complexity])),
      ...spots.map((s) => s.complexity),
      ...files.map((c) => c.complexity),
    ],
    percent: [...shownLanguages.map((l) => l.share), ...owners.map((o) => o.share)],
  };
}

// Not after "top" or "first": "the top 3 contributors" counts the items of a list.
const NUMBER = String.raw`(?<!\b(?:top|first)\s)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
/** A number next to the words that make it a figure of one kind. */
const CLAIMS: readonly [Kind, RegExp][] = [
  ["busFactor", new RegExp(String.raw`bus[- ]factor\D{0,20}?${NUMBER}`, "gi")],
  ["commits", new RegExp(String.raw`${NUMBER}\s+commits?\b`, "gi")],
  [
    "contributors",
    new RegExp(
      String.raw`${NUMBER}\s+(?:contributors?|authors?|committers?|developers?|people|persons|maintainers?)\b`,
      "gi",
    ),
  ],
  [
    "lines",
    new RegExp(
      String.raw`${NUMBER}\s+(?:(?:source|code|comment|blank)\s+)?(?:lines?|LOC|SLOC)\b`,
      "gi",
    ),
  ],
  ["files", new RegExp(String.raw`${NUMBER}\s+(?:source\s+|code\s+)?files?\b`, "gi")],
  ["complexity", new RegExp(String.raw`complexity\D{0,20}?${NUMBER}`, "gi")],
  [
    "complexity",
    new RegExp(String.raw`${NUMBER}\s+(?:branch(?:es)?|branch points?|decision points?)\b`, "gi"),
  ],
  ["percent", /(\d+(?:\.\d+)?)\s*(?:%|percent\b)/gi],
];

/** A number written "round" (10, 1,200, 3,000): an approximation, not a citation. */
function isRound(value: number): boolean {
  if (value < 10 || !Number.isInteger(value)) return false;
  const digits = String(value).replace(/0+$/, "");
  return digits.length <= 2;
}

/**
 * True when `claim` is one of the figures: exactly; a percentage within half a point (33% for
 * 33.33); or a round number within a quarter of a figure ("over 1,000 lines" for 1,234).
 */
function agrees(kind: Kind, claim: number, figures: readonly number[]): boolean {
  return figures.some(
    (v) =>
      v === claim ||
      (kind === "percent" && Math.abs(v - claim) <= 0.5) ||
      (isRound(claim) && Math.abs(v - claim) <= v * 0.25),
  );
}

/** The first claim in `text` that no figure of its kind backs, if any. */
function contradiction(text: string, figures: Record<Kind, number[]>): string | undefined {
  for (const [kind, pattern] of CLAIMS) {
    for (const match of text.matchAll(pattern)) {
      const claim = Number((match[1] ?? "").replaceAll(",", ""));
      if (!agrees(kind, claim, figures[kind])) return match[0];
    }
  }
  return undefined;
}

/** A claim the check took out of the summary: where it was, the text, and the number at fault. */
export interface DroppedClaim {
  field: keyof SummaryContent;
  text: string;
  claim: string;
}

/** At most this many dropped claims are listed (the answer's length bounds them anyway). */
const MAX_DROPPED = 10;

/**
 * Holds a summary to the figures: a list item with a number that contradicts them is removed,
 * and so is a sentence of the prose fields. Returns the summary that remains, what was taken
 * out, or `undefined` when a prose field had nothing left (the summary then fails).
 *
 * @example
 * checkClaims({ ...content, risks: ["The bus factor is 3."] }, figures); // bus factor 1
 * // { content: { ...content, risks: [] }, dropped: [{ field: "risks", text: "The bus factor is 3.", claim: "bus factor is 3" }] }
 */
export function checkClaims(
  content: SummaryContent,
  figures: Figures,
): { content: SummaryContent; dropped: DroppedClaim[] } | undefined {
  const known = allowed(figures);
  const dropped: DroppedClaim[] = [];
  const keep = (field: keyof SummaryContent, text: string) => {
    const claim = contradiction(text, known);
    if (claim === undefined) return true;
    if (dropped.length < MAX_DROPPED) dropped.push({ field, text: text.slice(0, 300), claim });
    return false;
  };
  const prose = (field: "purpose" | "architecture") =>
    content[field]
      .split(/(?<=[.!?])\s+/)
      .filter((sentence) => keep(field, sentence))
      .join(" ");
  const list = (field: "techStack" | "strengths" | "risks" | "suggestions") =>
    content[field].filter((item) => keep(field, item));
  const checked: SummaryContent = {
    purpose: prose("purpose"),
    architecture: prose("architecture"),
    techStack: list("techStack"),
    strengths: list("strengths"),
    risks: list("risks"),
    suggestions: list("suggestions"),
  };
  if (checked.purpose === "" || checked.architecture === "") return undefined;
  return { content: checked, dropped };
}
