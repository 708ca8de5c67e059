import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { throwIfCancelled } from "../errors.ts";
import { type LanguageInfo, reportedLanguage } from "../languages/catalog.ts";
import { branchTokens } from "../languages/complexity.ts";
import {
  compileSyntax,
  countDiffLines,
  countLines,
  countPlainLines,
  type LineCounts,
} from "../languages/count.ts";
import { detectLanguage } from "../languages/detect.ts";
import { syntaxOf } from "../languages/syntax.ts";
import { type LinguistOverrides, linguistOverrides } from "./attributes.ts";
import { looksGenerated } from "./generated.ts";
import { excludedCategory } from "./paths.ts";
import { readTracked } from "./read.ts";
import { detectable } from "./share.ts";
import { listTracked } from "./tracked.ts";

export interface ScanOptions {
  /** HOME for the one git call (`ls-files`); the job's sandbox. */
  home: string;
  /** Files larger than this many bytes are listed but not read or counted. */
  maxFileBytes: number;
  signal?: AbortSignal;
  /** Called now and then with the percentage of files done, 0-100. */
  onProgress?: (percentage: number) => void;
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
}

const BINARY_PROBE = 8000; // git's buffer_is_binary() looks at the same first 8000 bytes
const SLICE_MS = 20;

type Counter = (bytes: Uint8Array) => LineCounts;

// Languages whose lines are told apart by their first bytes, not by a comment syntax.
const LINE_COUNTERS: Record<string, Counter> = { Diff: countDiffLines };

const counters = new Map<string, Counter>();
// The detected dialect's own syntax first (JSON with Comments has comments, JSON has none),
// then its group's.
function counterFor(detected: string, reported: string): Counter {
  let counter = counters.get(detected);
  if (counter === undefined) {
    const rule = syntaxOf(detected) ?? syntaxOf(reported);
    const syntax = rule
      ? compileSyntax(rule, branchTokens(detected) ?? branchTokens(reported))
      : undefined;
    counter =
      LINE_COUNTERS[detected] ??
      (syntax ? (bytes: Uint8Array) => countLines(bytes, syntax) : countPlainLines);
    counters.set(detected, counter);
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
  const detected = detectLanguage(path, bytes);
  const info = detected ? reportedLanguage(detected) : undefined;
  if (!info) return undefined;
  return { language: info.name, lines: counterFor(detected as string, info.name)(bytes) };
}

function classify(path: string, bytes: Buffer, overrides?: LinguistOverrides): ScannedFile {
  const size = bytes.length;
  const probe = size > BINARY_PROBE ? bytes.subarray(0, BINARY_PROBE) : bytes;
  if (probe.indexOf(0) !== -1) return { path, bytes: size, category: "binary" };

  const detected = overrides?.language ?? detectLanguage(path, bytes);
  const info = detected ? reportedLanguage(detected) : undefined;
  const category = excludedCategory(path, overrides);
  if (!info) return { path, bytes: size, category: category ?? "unknown" };
  if (category) return { path, bytes: size, category, language: info.name };

  const lines = counterFor(detected as string, info.name)(bytes);
  const total = lines.code + lines.comments + lines.blanks;
  if (overrides?.generated !== false && looksGenerated(path, bytes, total)) {
    return { path, bytes: size, category: "generated", language: info.name, lines };
  }
  return { path, bytes: size, category: "source", language: info.name, lines };
}

/**
 * Measures the tracked files of a work tree: language, bytes and code/comment/blank lines per
 * language, with vendored, generated, documentation, binary and oversized files counted apart.
 *
 * @example
 * const scan = await scanTree("/sandbox/job-1/repo", { home: "/sandbox/job-1", maxFileBytes: 2e6 });
 * scan.languages[0]; // { name: "TypeScript", files: 120, code: 9000, ... }
 */
export async function scanTree(root: string, options: ScanOptions): Promise<ScanResult> {
  const { signal } = options;
  const entries = await listTracked(root, { home: options.home, signal });
  const overrides = await linguistOverrides(root, entries, { home: options.home, signal });
  const files: ScannedFile[] = [];
  const excluded = emptyExcluded();
  const byLanguage = new Map<string, LanguageTotals>();

  const rootPrefix = Buffer.from(root.endsWith(path.sep) ? root : root + path.sep);
  let sliceStart = performance.now();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as (typeof entries)[number];
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
      const read = readTracked(rootPrefix, entry.raw, options.maxFileBytes);
      if (read.kind === "file") file = classify(entry.path, read.bytes, overrides.get(entry.path));
      else if (read.kind === "too-large") {
        const language = detectLanguage(entry.path, new Uint8Array(0));
        const info = language ? reportedLanguage(language) : undefined;
        file = { path: entry.path, bytes: read.size, category: "too-large" };
        if (info) file.language = info.name;
      } else if (read.reason === "symlink")
        file = { path: entry.path, bytes: 0, category: "symlink" };
      else file = { path: entry.path, bytes: 0, category: "unreadable" };
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
    (a, b) => b.code - a.code || b.bytes - a.bytes || a.name.localeCompare(b.name),
  );
  const totals = { files: 0, bytes: 0, code: 0, comments: 0, blanks: 0 };
  for (const l of languages) {
    totals.files += l.files;
    totals.bytes += l.bytes;
    totals.code += l.code;
    totals.comments += l.comments;
    totals.blanks += l.blanks;
  }
  return { files, languages, totals, excluded };
}
