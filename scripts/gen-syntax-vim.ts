/**
 * The second source of scripts/gen-syntax.ts: Vim's runtime files (Debian package vim-runtime,
 * under the Vim licence), for languages GtkSourceView has no definition of. Per file type:
 * - comments from the ftplugin's 'comments' option (`s1:/*,mb:*,ex:*\/,://`: a three-part
 *   block and a line marker) and 'commentstring' (`#\ %s`, `/*%s*\/`);
 * - else from the syntax file's comment groups (`syn region fooComment start=+/\*+ end=+\*\/+`,
 *   `syn match fooComment "#.*$"`) whose patterns are literals;
 * - complexity from the syntax file's keywords (`syn keyword fooConditional if else`).
 * Strings are not taken: Vim writes them as patterns the counter cannot use safely.
 */
import fs from "node:fs";
import path from "node:path";

export interface VimSyntax {
  filetype: string;
  /** Extensions Vim's filetype.vim gives this file type (".foo"). */
  extensions: string[];
  line: string[];
  /** Markers that start a comment only as a line's first text (`^\s*;.*$` in Vim's syntax). */
  lineStart: string[];
  block: [string, string][];
  keywords: string[];
}

/** A Vim pattern that matches one literal string, unescaped; undefined for a real pattern. */
function vimLiteral(pattern: string): string | undefined {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === undefined || /[\w<>(){}%=?+|@]/.test(next)) return undefined;
      out += next;
      i++;
    } else if ("[*.^$~".includes(c)) return undefined;
    else out += c;
  }
  // `^^A` is TeX's notation for a control character, not text a file contains.
  return out.length > 0 && out.length <= 8 && !/\s/.test(out) && !out.includes("^^")
    ? out
    : undefined;
}

/** Options of one `setlocal` line, with Vim's backslash-escaped spaces kept in the values. */
function options(line: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of line.matchAll(/\b(comments|commentstring|com|cms)=((?:\\.|\S)*)/g))
    found.set(
      m[1] === "com" ? "comments" : m[1] === "cms" ? "commentstring" : (m[1] as string),
      m[2] as string,
    );
  return found;
}

function fromOptions(text: string): { line: string[]; block: [string, string][] } {
  const line: string[] = [];
  const block: [string, string][] = [];
  for (const raw of text.split("\n")) {
    if (!/^\s*(setl|setlocal|set)\s/.test(raw)) continue;
    const opts = options(raw);
    const comments = opts.get("comments");
    if (comments) {
      let open: string | undefined;
      for (const part of comments.split(/(?<!\\),/)) {
        const colon = part.indexOf(":");
        if (colon === -1) continue;
        const flags = part.slice(0, colon);
        const marker = part
          .slice(colon + 1)
          .replace(/\\(.)/g, "$1")
          .trim();
        // `^^A` is TeX's notation for a control character, not text a file contains.
        if (!marker || /\s/.test(marker) || marker.includes("^^")) continue;
        // s, m and e mark the three parts of a block comment (a start with a space in it,
        // such as `* -`, is skipped above, and its end with it); f marks a list bullet.
        if (flags.includes("s")) open = marker;
        else if (flags.includes("e")) {
          if (open && !block.some(([o]) => o === open)) block.push([open, marker]);
          open = undefined;
        } else if (!/[mf]/.test(flags) && !line.includes(marker)) line.push(marker);
      }
    }
    const cms = opts.get("commentstring")?.replace(/\\(.)/g, "$1");
    if (cms?.includes("%s")) {
      const [before, after] = cms.split("%s") as [string, string];
      const open = before.trim();
      const close = after.trim();
      if (open && !/\s/.test(open)) {
        if (close && !block.some(([o]) => o === open)) block.push([open, close]);
        else if (!close && !line.includes(open)) line.push(open);
      }
    }
  }
  return { line, block };
}

function fromSyntaxFile(text: string): {
  line: string[];
  lineStart: string[];
  block: [string, string][];
  keywords: string[];
} {
  const line: string[] = [];
  const lineStart: string[] = [];
  const block: [string, string][] = [];
  const keywords: string[] = [];
  for (const raw of text.split("\n")) {
    const region =
      /^\s*syn(?:tax)?\s+region\s+\w*Comment\w*\s.*?\bstart=(\S)(.*?)\1.*?\bend=(\S)(.*?)\3/.exec(
        raw,
      );
    if (region) {
      const open = vimLiteral(region[2] as string);
      const close = vimLiteral(region[4] as string);
      if (open && close && !block.some(([o]) => o === open)) block.push([open, close]);
      else if (open && (region[4] === "$" || region[4] === "\\n") && !line.includes(open))
        line.push(open);
      continue;
    }
    const match = /^\s*syn(?:tax)?\s+match\s+\w*Comment\w*\s+(\S)(.*?)\.\*\$?\1/.exec(raw);
    if (match) {
      // `^\s*;.*$` and `^;.*$`: a comment only at the start of a line.
      const anchored = /^\^(?:\\s\*)?(.*)$/.exec(match[2] as string);
      const open = vimLiteral(anchored ? (anchored[1] as string) : (match[2] as string));
      const list = anchored ? lineStart : line;
      if (open && !list.includes(open)) list.push(open);
      continue;
    }
    const keyword =
      /^\s*syn(?:tax)?\s+keyword\s+\w*(?:Conditional|Repeat|Exception|Label|Statement)\s+(.*)$/.exec(
        raw,
      );
    if (keyword) {
      for (const w of (keyword[1] as string).split(/\s+/))
        if (/^[A-Za-z]+$/.test(w)) keywords.push(w.toLowerCase());
    }
  }
  return { line, lineStart, block, keywords };
}

/** Extension → file type, from filetype.vim's plain `au BufNewFile,BufRead *.x setf ft` lines. */
function extensionsByFiletype(filetypeVim: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const m of filetypeVim.matchAll(/^au BufNewFile,BufRead\s+(\S+)\s+setf\s+(\w+)\s*$/gm)) {
    const ft = m[2] as string;
    for (const glob of (m[1] as string).split(",")) {
      if (!/^\*\.[\w+-]+$/.test(glob)) continue;
      const list = map.get(ft) ?? [];
      list.push(glob.slice(1).toLowerCase());
      map.set(ft, list);
    }
  }
  return map;
}

/** Every file type of a Vim runtime directory that has comments or branch keywords. */
export function readVimRuntime(runtime: string): VimSyntax[] {
  const read = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, "latin1") : "");
  const extensions = extensionsByFiletype(read(path.join(runtime, "filetype.vim")));
  const types = new Set<string>();
  for (const dir of ["ftplugin", "syntax"])
    for (const f of fs.readdirSync(path.join(runtime, dir)))
      if (f.endsWith(".vim")) types.add(f.slice(0, -4));
  const own = new Map<string, Omit<VimSyntax, "extensions">>();
  const includes = new Map<string, string>();
  for (const ft of [...types].sort()) {
    const ftplugin = read(path.join(runtime, "ftplugin", `${ft}.vim`));
    const syntax = read(path.join(runtime, "syntax", `${ft}.vim`));
    const fromFt = fromOptions(ftplugin);
    const fromSyn = fromSyntaxFile(syntax);
    const useFt = fromFt.line.length + fromFt.block.length > 0;
    own.set(ft, {
      filetype: ft,
      line: useFt ? fromFt.line : fromSyn.line,
      lineStart: useFt ? [] : fromSyn.lineStart,
      block: useFt ? fromFt.block : fromSyn.block,
      keywords: fromSyn.keywords,
    });
    // `runtime! syntax/java.vim`, `source <sfile>:p:h/java.vim`: a file type built on another.
    const base =
      /^\s*(?:runtime!?\s+(?:syntax|ftplugin)\/|so(?:urce)?\s+<sfile>:p:h\/)(\w+)\.vim\s*$/m.exec(
        `${syntax}\n${ftplugin}`,
      );
    if (base && base[1] !== ft) includes.set(ft, base[1] as string);
  }
  const out: VimSyntax[] = [];
  for (const [ft, mine] of own) {
    let found = mine;
    const seen = new Set([ft]);
    for (
      let next = includes.get(ft);
      found.line.length + found.lineStart.length + found.block.length === 0 &&
      next &&
      !seen.has(next);
      next = includes.get(next)
    ) {
      seen.add(next);
      const base = own.get(next);
      if (base) found = { ...base, filetype: ft, keywords: [...mine.keywords, ...base.keywords] };
    }
    if (found.line.length + found.lineStart.length + found.block.length === 0) continue;
    out.push({ ...found, extensions: extensions.get(ft) ?? [] });
  }
  return out;
}
