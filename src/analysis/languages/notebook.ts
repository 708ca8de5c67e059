import { aliasLanguage } from "./catalog.ts";
import { countPlainLines, type LineCounts, withoutBom } from "./count.ts";

/**
 * Jupyter notebooks (nbformat 3 and 4, a JSON document): the lines people wrote are in its
 * cells. A code cell's source is counted with its language's syntax (a version 3 cell's own
 * `language`, else the kernel's, else `language_info.name`; Python when none is named, IPython
 * being Jupyter's first kernel; no comments for a name Linguist does not know), so its comment
 * and blank lines are told apart from its code (the body of an IPython cell magic such as
 * `%%sql` in the magic's language); a Markdown or raw cell's lines are prose beside
 * the code, counted as comments and blanks, as tokei counts a notebook. The JSON around the
 * cells (metadata, execution counts) and the cells' outputs (program output, base64 images)
 * are no one's lines and are not counted: before, every line of a notebook's JSON was code,
 * its outputs' included. cloc too counts only code cells' code as code, but calls every other
 * line of the file a comment. A file that is no notebook is counted as the JSON it is.
 */

type Counter = (bytes: Uint8Array) => LineCounts;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// A notebook nests about eight deep (cells, outputs, their data and metadata); JSON.parse took
// 0.76 s over 1 MB of brackets nested 500,000 deep, so a deeper file is not read as one.
const MAX_DEPTH = 64;

/** Whether no array or object in the JSON text nests deeper than `max`: one pass, strings skipped. */
function nestsWithin(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return true;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A cell's text: nbformat stores it as one string or as a list of lines. */
function textOf(source: unknown): string | undefined {
  if (typeof source === "string") return source;
  if (Array.isArray(source) && source.every((line) => typeof line === "string"))
    return source.join("");
  return undefined;
}

const NOTEBOOK = "Jupyter Notebook";

/**
 * The Linguist language a kernel's or cell's language name stands for: null for a name Linguist
 * does not know ("C++14"), whose code is then counted without comments, and for a notebook
 * (its cells' text is no notebook).
 */
function known(name: string): string | null {
  const language = aliasLanguage.get(name.toLowerCase());
  return language === undefined || language === NOTEBOOK ? null : language;
}

/** The notebook's language; Python where it names none (IPython's notebooks, the first, did not). */
function languageOf(metadata: unknown): string | null {
  if (!isRecord(metadata)) return "Python";
  const kernel = isRecord(metadata.kernelspec) ? metadata.kernelspec.language : undefined;
  const info = isRecord(metadata.language_info) ? metadata.language_info.name : undefined;
  if (typeof kernel === "string") return known(kernel);
  if (typeof info === "string") return known(info);
  return "Python";
}

interface Cell {
  code: boolean;
  text: string;
  /** A version 3 code cell's own language (null: one Linguist does not know). */
  language: string | null | undefined;
}

/** The notebook's cells and language, or undefined when the text is no notebook. */
function parseNotebook(bytes: Uint8Array): { cells: Cell[]; language: string | null } | undefined {
  if (!nestsWithin(bytes, MAX_DEPTH)) return undefined;
  let notebook: unknown;
  try {
    notebook = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString());
  } catch {
    return undefined;
  }
  if (!isRecord(notebook)) return undefined;
  const raw = Array.isArray(notebook.cells)
    ? notebook.cells
    : Array.isArray(notebook.worksheets)
      ? notebook.worksheets.flatMap((sheet) =>
          isRecord(sheet) && Array.isArray(sheet.cells) ? sheet.cells : [],
        )
      : undefined;
  if (raw === undefined) return undefined;
  const cells: Cell[] = [];
  for (const cell of raw) {
    if (!isRecord(cell) || typeof cell.cell_type !== "string") continue;
    const code = cell.cell_type === "code";
    const text = textOf(code ? (cell.source ?? cell.input) : cell.source);
    if (text === undefined) continue;
    const language = code && typeof cell.language === "string" ? known(cell.language) : undefined;
    cells.push({ code, text, language });
  }
  return { cells, language: languageOf(notebook.metadata) };
}

/** A prose cell's lines: comments and blanks. */
function prose(text: Uint8Array): LineCounts {
  const lines = countPlainLines(text);
  return { code: 0, comments: lines.code, blanks: lines.blanks };
}

// IPython's cell magics that hand a cell's body to another language (IPython's "Built-in magic
// commands"; %%sql and %%R from ipython-sql and rpy2, the common extensions): the `%%` line is
// code and the body that language's text, %%markdown's prose as a Markdown cell's is. Any other
// magic (%%time, %%capture) runs or keeps Python; %%writefile's body is the file it writes.
const MAGIC_LANGUAGES: Readonly<Record<string, string | null>> = {
  bash: "Shell",
  sh: "Shell",
  html: "HTML",
  javascript: "JavaScript",
  js: "JavaScript",
  latex: "TeX",
  markdown: null,
  perl: "Perl",
  ruby: "Ruby",
  sql: "SQL",
  svg: "SVG",
  R: "R",
};
const CELL_MAGIC = /^%%([A-Za-z]+)([^\n]*)\n?/;

/** The file of `%%writefile [-a] name` (alias `%%file`), given the rest of its line. */
function writtenFile(args: string): string | undefined {
  let name = args.trim();
  const append = /^(?:-a|--append)\s+/.exec(name);
  if (append) name = name.slice(append[0].length);
  const quote = name[0];
  if ((quote === '"' || quote === "'") && name.length > 1 && name.endsWith(quote))
    name = name.slice(1, -1);
  return name === "" ? undefined : name;
}

/** How the notebook counts code: by a Linguist language's name, or as a file of that name. */
export interface NotebookCounters {
  language: (language: string) => Counter;
  /** Counts text as the file `path` (its language detected as the scan detects it), if known. */
  file: (path: string, bytes: Uint8Array) => LineCounts | undefined;
}

/** The body of a cell after a magic's `%%` line, counted `as` given; that line is code. */
function afterMagic(text: string, magic: RegExpExecArray, as: (body: Buffer) => LineCounts) {
  const lines = as(Buffer.from(text.slice(magic[0].length)));
  return { ...lines, code: lines.code + 1 };
}

function codeLines(text: string, language: string | null, count: NotebookCounters): LineCounts {
  if (language === null) return countPlainLines(Buffer.from(text));
  const magic = language === "Python" ? CELL_MAGIC.exec(text) : null;
  const name = magic?.[1];
  if (magic && name !== undefined && Object.hasOwn(MAGIC_LANGUAGES, name)) {
    const target = MAGIC_LANGUAGES[name];
    return afterMagic(text, magic, (body) => (target ? count.language(target)(body) : prose(body)));
  }
  const path = name === "writefile" || name === "file" ? writtenFile(magic?.[2] ?? "") : undefined;
  if (magic && path !== undefined)
    return afterMagic(text, magic, (body) => count.file(path, body) ?? countPlainLines(body));
  return count.language(language)(Buffer.from(text));
}

/**
 * Counts a Jupyter notebook by its cells, with the scan's counters of a language and of a file
 * (scan/index.ts gives both; a file counter that knows no file leaves `%%writefile` bodies plain).
 *
 * @example
 * countNotebookLines(bytes, {
 *   language: (name) => syntaxCounter(name, name),
 *   file: () => undefined,
 * })
 * // {code: 2, comments: 3, blanks: 1, complexity: 0} for a Markdown cell of two lines and a
 * // code cell `# load\nimport os\n\nprint(os.name)`
 */
export function countNotebookLines(bytes: Uint8Array, count: NotebookCounters): LineCounts {
  const notebook = parseNotebook(withoutBom(bytes));
  if (!notebook) return countPlainLines(bytes);
  const total = { code: 0, comments: 0, blanks: 0, complexity: 0 };
  for (const cell of notebook.cells) {
    const language = cell.language === undefined ? notebook.language : cell.language;
    const lines = cell.code ? codeLines(cell.text, language, count) : prose(Buffer.from(cell.text));
    total.code += lines.code;
    total.comments += lines.comments;
    total.blanks += lines.blanks;
    total.complexity += lines.complexity ?? 0;
  }
  return total;
}
