import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { throwIfCancelled } from "../errors.ts";
import { OFFLINE_CONFIG } from "../git.ts";
import { aspNetCode } from "../languages/aspnet.ts";
import { countBibtexLines } from "../languages/bibtex.ts";
import { type LanguageInfo, reportedLanguage } from "../languages/catalog.ts";
import { branchTokens } from "../languages/complexity.ts";
import {
  compileSyntax,
  countBrainfuckLines,
  countDiffLines,
  countLines,
  countPlainLines,
  isSpace,
  type LineCounts,
  withoutBom,
} from "../languages/count.ts";
import { detectLanguage } from "../languages/detect.ts";
import { asText } from "../languages/encoding.ts";
import { isFreeForm } from "../languages/fortran.ts";
import { HeuristicsBudget } from "../languages/heuristics.ts";
import { countNotebookLines } from "../languages/notebook.ts";
import { countRstLines } from "../languages/rst.ts";
import {
  algol68,
  aspNetPage,
  extensionSyntaxOf,
  type Syntax,
  syntaxOf,
  ucodeTemplate,
} from "../languages/syntax.ts";
import { compareText } from "../text-order.ts";
import { listTracked, type TrackedEntry } from "../tree.ts";
import { type LinguistOverrides, linguistOverrides } from "./attributes.ts";
import { type BlobReader, openBlobs, readAhead } from "./blobs.ts";
import { looksGenerated } from "./generated.ts";
import { excludedCategory } from "./paths.ts";
import { detectable } from "./share.ts";

export interface ScanOptions {
  /** The commit to scan; default HEAD. */
  commit?: string;
  /** HOME for git; the job's sandbox. */
  home: string;
  /**
   * The reader of `repo`'s blobs, to share with what reads files after the scan (one git
   * process); by default the scan starts its own and ends it.
   */
  blobs?: BlobReader;
  /**
   * The commit's tree as `listTracked` gives it, when the caller has listed it already (the
   * clone does, for its quota); by default the scan lists it.
   */
  entries?: readonly TrackedEntry[];
  /** Files larger than this many bytes are listed but not read or counted. */
  maxFileBytes: number;
  signal?: AbortSignal;
  /** Called now and then with the percentage of files done, 0-100. */
  onProgress?: (percentage: number) => void;
  /** CPU milliseconds for Linguist's generated content rules; tests make it small. */
  heuristicsCpuMs?: number;
}

/** Where a tracked file ended up. Only "source" counts towards the language totals. */
type FileCategory =
  | "source"
  | "vendored"
  | "generated"
  | "documentation"
  | "binary"
  | "unknown"
  | "too-large"
  | "symlink"
  | "submodule"
  | "unreadable";

export interface ScannedFile {
  path: string;
  bytes: number;
  /** The blob a file's bytes are in (not for a symlink or submodule): for later reads. */
  oid?: string;
  category: FileCategory;
  /** Reported language name, when detected (also for excluded files). */
  language?: string;
  /** Line counts, for files that were read as text. */
  lines?: LineCounts;
}

export interface LanguageTotals extends Omit<LineCounts, "complexity"> {
  /** Branch points of all its files; null when the language has no branch tokens. */
  complexity: number | null;
  name: string;
  type: LanguageInfo["type"];
  color?: string;
  files: number;
  bytes: number;
  /** Bytes of its files that GitHub's language bar counts (share.ts). */
  detectableBytes: number;
}

interface Bucket {
  files: number;
  bytes: number;
}

export interface ScanResult {
  files: ScannedFile[];
  languages: LanguageTotals[];
  totals: LineCounts & Bucket;
  excluded: Record<Exclude<FileCategory, "source">, Bucket>;
  /** Files given their extension's most common language: Linguist's rules timed out or ran out. */
  heuristicsSkipped: number;
}

const BINARY_PROBE = 8000; // git's buffer_is_binary() looks at the same first 8000 bytes
const SLICE_MS = 20;
// Bytes of blobs asked of git ahead of the one being counted: at 64 KB a batch held a handful
// of ids, and a scan of 20,000 files took about 10 % longer (bench:scan-large's tree).
const READ_AHEAD_BYTES = 1024 * 1024;
// CPU a scan may spend in Linguist's generated content rules (heuristics.ts): real files take
// well under a millisecond each, so only a tree built to be slow reaches it.
const HEURISTICS_CPU_MS = 1000;

type Counter = (bytes: Uint8Array) => LineCounts;

// Languages whose lines are told apart one by one, not by a comment syntax: a patch's by their
// first bytes, Brainfuck's by whether they hold one of its commands, reStructuredText's by what
// follows a `..` and how deep the lines under it are indented, BibTeX's by whether they are in
// an entry; and Jupyter notebooks, whose JSON holds cells, each counted as its language reads it.
const LINE_COUNTERS: Record<string, Counter> = {
  BibTeX: countBibtexLines,
  Brainfuck: countBrainfuckLines,
  Diff: countDiffLines,
  reStructuredText: countRstLines,
  "Jupyter Notebook": (bytes) =>
    countNotebookLines(bytes, {
      language: (language) => syntaxCounter(language, language),
      // A notebook that a cell writes is not read as one: each level of notebooks nested in
      // cells would parse the same bytes again (15 levels fit in 5 MB: 0.6 s).
      file: (path, text) => {
        const measured = detectFile(path, text);
        return measured && measured.detected !== "Jupyter Notebook" ? measured.lines() : undefined;
      },
    }),
};

/** A syntax of a language's own for some of its files, by a name among that language's. */
type Variant = readonly [name: string, syntax: Syntax];

// Languages whose files come in forms with a syntax each, told apart by their own text: a
// "Fortran" file (.f, .for) in free form is counted as Fortran Free Form is. An `.oxygene` file
// is an Oxygene project, MSBuild's XML (Linguist's Loops.oxygene, RemObjects' own projects), or
// a program (Linguist's a+b.oxygene): Oxygene's { } comments would take a project's `{GUID}`.
// An ASP.NET handler or web service is the code in the language its directive names, and a
// page's server scripts are in that language (aspnet.ts). A ucode file that opens with a tag,
// `{%`, `{{` or `{#`, is a template, as a script's first `{%` is no statement.
const FORMS: Record<string, (bytes: Uint8Array) => string | Variant> = {
  Fortran: (bytes) => (isFreeForm(bytes) ? "Fortran Free Form" : "Fortran"),
  Oxygene: (bytes) => (firstText(bytes) === LT ? "XML" : "Oxygene"),
  ALGOL: (bytes) => (ALGOL_68_MARKS.test(head(bytes)) ? ALGOL_68 : "ALGOL"),
  "ASP.NET": (bytes) => {
    const { language, handler } = aspNetCode(bytes);
    const page = language && aspNetPageOf(language);
    if (!language || !page) return "ASP.NET";
    return handler ? language : page;
  },
  ucode: (bytes) => (opensWithTag(bytes) ? UCODE_TEMPLATE : "ucode"),
};
const UCODE_TEMPLATE: Variant = ["ucode template", ucodeTemplate];

// ALGOL 68's words, which ALGOL 60 has none of (`fi`, `od`, `esac` close its clauses; `proc`,
// `mode`, `op` and `prio` declare; `int`, `bool`, `void`, `ref`, `struct`, `union` and `flex`
// are its modes, where ALGOL 60 writes `integer` and `Boolean`; `loc`, `heap` and `skip`), in
// the upper stropping its programs use, or a `# ... #` comment alone on its line (Linguist's
// .alg rule reads it so). A program of `BEGIN INT x := 1 CO a note CO ... END` is ALGOL 68's
// by its INT (Algol 68 Genie 3.1 runs it).
const ALGOL_68_MARKS =
  /\b(?:FI|OD|ESAC|PROC|MODE|OP|PRIO|INT|BOOL|VOID|REF|STRUCT|UNION|FLEX|LOC|HEAP|SKIP)\b|^[ \t]*#[^#\n]+#[ \t]*\r?$/m;
const ALGOL_68: Variant = ["ALGOL 68", algol68];
/** A file's first 64 KB as text, for the forms' tests. */
const head = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 65_536)).toString("latin1");

// An ASP.NET page's syntax for each server language, built once rather than once a page.
const aspNetPages = new Map<string, Variant>();
function aspNetPageOf(language: string): Variant | undefined {
  const known = aspNetPages.get(language);
  if (known) return known;
  const server = syntaxOf(language);
  if (!server) return undefined;
  const page: Variant = [language, aspNetPage(server)];
  aspNetPages.set(language, page);
  return page;
}
const LF = 0x0a;
const LT = 0x3c;
const LBRACE = 0x7b;

/** The file's text from its first byte that is no blank or line break, after a byte order mark. */
function fromFirstText(bytes: Uint8Array): Uint8Array {
  const text = withoutBom(bytes);
  const first = text.findIndex((c) => c !== LF && !isSpace(c));
  return first === -1 ? text.subarray(text.length) : text.subarray(first);
}

/** The first byte that is no blank or line break, after a byte order mark; -1 for none. */
function firstText(bytes: Uint8Array): number {
  return fromFirstText(bytes)[0] ?? -1;
}

/** Whether the file's first text is a template's tag: `{%`, `{{` or `{#`. */
function opensWithTag(bytes: Uint8Array): boolean {
  const [first, next] = fromFirstText(bytes);
  return first === LBRACE && (next === 37 || next === LBRACE || next === 35);
}

function counterFor(detected: string, reported: string, path: string): Counter {
  const form = FORMS[detected];
  if (!form) return syntaxCounter(detected, reported, extensionSyntaxOf(detected, path));
  return (bytes) => {
    const chosen = form(bytes);
    return typeof chosen === "string"
      ? syntaxCounter(chosen, reported)(bytes)
      : syntaxCounter(detected, reported, chosen)(bytes);
  };
}

const counters = new Map<string, Counter>();
// The variant's syntax first (an OCaml grammar's `.mly`, an ASP.NET page's in C#), then the
// detected dialect's own (JSON with Comments has comments, JSON has none), then its group's.
function syntaxCounter(detected: string, reported: string, variant?: Variant): Counter {
  const key = variant ? `${detected} ${variant[0]}` : detected;
  let counter = counters.get(key);
  if (counter === undefined) {
    const rule = variant?.[1] ?? syntaxOf(detected) ?? syntaxOf(reported);
    const syntax = rule
      ? compileSyntax(rule, branchTokens(detected) ?? branchTokens(reported))
      : undefined;
    counter =
      LINE_COUNTERS[detected] ??
      (syntax ? (bytes: Uint8Array) => countLines(bytes, syntax) : countPlainLines);
    counters.set(key, counter);
  }
  return counter;
}

function emptyExcluded(): ScanResult["excluded"] {
  const bucket = () => ({ files: 0, bytes: 0 });
  return {
    vendored: bucket(),
    generated: bucket(),
    documentation: bucket(),
    binary: bucket(),
    unknown: bucket(),
    "too-large": bucket(),
    symlink: bucket(),
    submodule: bucket(),
    unreadable: bucket(),
  };
}

/**
 * The reported language and line counts of one text file, as the scan counts a source file;
 * undefined when no language claims it. For tools that compare our counts file by file.
 *
 * @example
 * measureFile("a.c", Buffer.from("int a; // x\n")) // {language: "C", lines: {code: 1, ...}}
 */
export function measureFile(
  path: string,
  bytes: Uint8Array,
): { language: string; lines: LineCounts } | undefined {
  const file = detectFile(path, bytes);
  return file && { language: file.language, lines: file.lines() };
}

/** A text file's detected and reported language, and its counts on demand. */
function detectFile(path: string, file: Uint8Array) {
  const bytes = asText(file);
  const detected = detectLanguage(path, bytes);
  const info = detected ? reportedLanguage(detected) : undefined;
  if (!detected || !info) return undefined;
  return {
    detected,
    language: info.name,
    lines: () => counterFor(detected, info.name, path)(bytes),
  };
}

function classify(
  path: string,
  file: Buffer,
  budget: HeuristicsBudget,
  overrides?: LinguistOverrides,
): ScannedFile {
  const size = file.length;
  const bytes = asText(file);
  const probe = size > BINARY_PROBE ? bytes.subarray(0, BINARY_PROBE) : bytes;
  if (probe.indexOf(0) !== -1) return { path, bytes: size, category: "binary" };

  const detected = overrides?.language ?? detectLanguage(path, bytes, budget);
  const info = detected ? reportedLanguage(detected) : undefined;
  const category = excludedCategory(path, overrides);
  if (!info) return { path, bytes: size, category: category ?? "unknown" };
  if (category) return { path, bytes: size, category, language: info.name };

  const lines = counterFor(detected as string, info.name, path)(bytes);
  const total = lines.code + lines.comments + lines.blanks;
  if (overrides?.generated !== false && looksGenerated(path, bytes, total)) {
    return { path, bytes: size, category: "generated", language: info.name, lines };
  }
  return { path, bytes: size, category: "source", language: info.name, lines };
}

/**
 * Measures the files of a commit, read from the repository's object store (no work tree is
 * needed): language, bytes and code/comment/blank lines per language, with vendored,
 * generated, documentation, binary and oversized files counted apart. A file over
 * `maxFileBytes` is known by its size from the tree and never read.
 *
 * @example
 * const scan = await scanTree("/sandbox/job-1/repo", { home: "/sandbox/job-1", maxFileBytes: 2e6 });
 * scan.languages[0]; // { name: "TypeScript", files: 120, code: 9000, ... }
 */
export async function scanTree(repo: string, options: ScanOptions): Promise<ScanResult> {
  const { signal, maxFileBytes } = options;
  const commit = options.commit ?? "HEAD";
  const git = { home: options.home, signal };
  const entries =
    options.entries ?? (await listTracked(commit, { cwd: repo, config: OFFLINE_CONFIG, ...git }));
  const blobs = options.blobs ?? openBlobs(repo, git);
  try {
    const overrides = await linguistOverrides(repo, commit, entries, blobs, git);
    const readable = (e: TrackedEntry) => e.kind === "file" && e.size <= maxFileBytes;
    const next = readAhead(blobs, entries.filter(readable), maxFileBytes, READ_AHEAD_BYTES);
    return await measure(entries, {
      ...options,
      read: async (entry) => {
        if (!readable(entry)) return entry.size;
        const read = await next();
        return read === "too-large" ? entry.size : read;
      },
      overrides,
    });
  } finally {
    if (!options.blobs) await blobs.close();
  }
}

/**
 * Classifies and counts each entry in order, yielding to the event loop between slices so
 * that cancellation, progress and a worker's lock renewals still run. `read` gives a file's
 * bytes, its size when it is not to be read, or undefined when it cannot be.
 */
async function measure(
  entries: readonly TrackedEntry[],
  options: ScanOptions & {
    read: (entry: TrackedEntry) => Promise<Buffer | number | undefined>;
    overrides: Map<string, LinguistOverrides>;
  },
): Promise<ScanResult> {
  const { signal, overrides } = options;
  const files: ScannedFile[] = [];
  const excluded = emptyExcluded();
  const byLanguage = new Map<string, LanguageTotals>();
  const budget = new HeuristicsBudget(options.heuristicsCpuMs ?? HEURISTICS_CPU_MS);

  let sliceStart = performance.now();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as TrackedEntry;
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      throwIfCancelled(signal);
      options.onProgress?.((100 * i) / entries.length);
      sliceStart = performance.now();
    }

    let file: ScannedFile;
    if (entry.kind !== "file") {
      file = { path: entry.path, bytes: 0, category: entry.kind };
    } else {
      const read = await options.read(entry);
      if (read === undefined) file = { path: entry.path, bytes: 0, category: "unreadable" };
      else if (typeof read === "number") {
        const language = detectLanguage(entry.path, new Uint8Array(0), budget);
        const info = language ? reportedLanguage(language) : undefined;
        file = { path: entry.path, bytes: read, category: "too-large" };
        if (info) file.language = info.name;
      } else file = classify(entry.path, read, budget, overrides.get(entry.path));
      file.oid = entry.oid;
    }
    files.push(file);

    if (file.category !== "source") {
      const bucket = excluded[file.category];
      bucket.files++;
      bucket.bytes += file.bytes;
      continue;
    }
    const name = file.language as string;
    let totals = byLanguage.get(name);
    if (!totals) {
      const info = reportedLanguage(name) as LanguageInfo;
      totals = {
        name,
        type: info.type,
        files: 0,
        bytes: 0,
        detectableBytes: 0,
        code: 0,
        comments: 0,
        blanks: 0,
        complexity: null,
      };
      if (info.color) totals.color = info.color;
      byLanguage.set(name, totals);
    }
    const lines = file.lines as LineCounts;
    totals.files++;
    totals.bytes += file.bytes;
    if (detectable(totals.type, overrides.get(file.path)?.detectable))
      totals.detectableBytes += file.bytes;
    totals.code += lines.code;
    totals.comments += lines.comments;
    totals.blanks += lines.blanks;
    if (lines.complexity !== undefined)
      totals.complexity = (totals.complexity ?? 0) + lines.complexity;
  }
  options.onProgress?.(100);

  const languages = [...byLanguage.values()].sort(
    (a, b) => b.code - a.code || b.bytes - a.bytes || compareText(a.name, b.name),
  );
  const totals = { files: 0, bytes: 0, code: 0, comments: 0, blanks: 0 };
  for (const l of languages) {
    totals.files += l.files;
    totals.bytes += l.bytes;
    totals.code += l.code;
    totals.comments += l.comments;
    totals.blanks += l.blanks;
  }
  return { files, languages, totals, excluded, heuristicsSkipped: budget.skipped };
}
