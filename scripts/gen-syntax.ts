/**
 * npm run gen:syntax [-- --specs <dir with *.lang>] [--vim <vimNN dir>] [--pygments <dir>]
 *                     [--textmate <tm-grammars dir>] [--prism <prismjs dir>]
 *                     [--hljs <highlight.js dir>] [--starry-night <starry-night dir>]
 *
 * Writes src/analysis/languages/syntax-data.json, the comment and string syntax of every
 * Linguist language the data covers, from GtkSourceView's language definitions (GNOME,
 * LGPL-2.1-or-later; Debian package libgtksourceview-5-common), then Vim's runtime files
 * (gen-syntax-vim.ts), then Pygments' lexers (gen-syntax-pygments.ts), then TextMate grammars
 * (gen-syntax-textmate.ts), then Prism's components (gen-syntax-prism.ts), then highlight.js's
 * grammars (gen-syntax-hljs.ts), then GitHub Linguist's own TextMate grammars as the npm package
 * @wooorm/starry-night ships them (a module per scope, `lang/<scopeName>.js`, read by
 * gen-syntax-textmate.ts too; only those whose header records a permissive licence), each only
 * for what the ones before leave out. Without a flag for one of the first three sources the
 * script fetches its Debian package with `apt-get download` and unpacks it with `dpkg -x` into a
 * temporary directory; the grammars and the components are the tm-grammars, prismjs,
 * highlight.js and @wooorm/starry-night packages in node_modules (and the grammar packages
 * gen-syntax-hljs.ts names, always from there).
 *
 * What it takes from each definition:
 * - comments: the `line-comment-start`, `block-comment-start` and `block-comment-end` metadata
 *   that GtkSourceView itself uses to comment code out; a block comment nests when its context
 *   includes itself;
 * - strings: contexts of class "string" whose start and end patterns are literals (after
 *   dropping optional prefixes such as `(L|u8)?` or Python's `\%{string-prefix}`), with
 *   `end-at-line-end` deciding whether they span lines and an escape context deciding whether a
 *   backslash escapes; `'x'` character literals come from match contexts;
 * - complexity: the branch keywords (if, for, while, case, catch...) among the language's
 *   keyword lists, for the report's complexity figure.
 *
 * Names: a definition is filed under the Linguist language whose name or alias equals its
 * name or id, else under the one Linguist language that claims its file globs. A Linguist
 * language that no definition covers inherits the syntax of a covered language that Linguist
 * highlights the same way (same CodeMirror MIME type, else same Ace mode), which is how
 * Linguist's own data says the two are written alike.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as linguist from "linguist-languages";
import { type CatalogSource, catalogOf } from "./gen-syntax-catalog.ts";
import { readHeuristics } from "./gen-syntax-heuristics.ts";
import { HLJS_LANGUAGES, hljsPackages, readHljs } from "./gen-syntax-hljs.ts";
import { PRISM_COMPONENTS, prismPackage, readPrism } from "./gen-syntax-prism.ts";
import type { ProbedSyntax } from "./gen-syntax-probe.ts";
import { readPygments } from "./gen-syntax-pygments.ts";
import {
  PERMISSIVE_LICENCES,
  readTextMate,
  STARRY_NIGHT_LEFT_OUT,
  STARRY_NIGHT_LICENCES,
  starryNightGrammars,
  textMateGrammars,
} from "./gen-syntax-textmate.ts";
import { readVimRuntime } from "./gen-syntax-vim.ts";

const PACKAGE = "libgtksourceview-5-common";
const VIM_PACKAGE = "vim-runtime";
const PYGMENTS_PACKAGE = "python3-pygments";
const LANGUAGES_DIR = path.join(import.meta.dirname, "../src/analysis/languages");
const SYNTAX_OUT = path.join(LANGUAGES_DIR, "syntax-data.json");
const CATALOG_OUT = path.join(LANGUAGES_DIR, "catalog-data.json");
const HEURISTICS_OUT = path.join(LANGUAGES_DIR, "heuristics-data.json");
const TM_GRAMMARS = path.join(import.meta.dirname, "../node_modules/tm-grammars");
const STARRY_NIGHT = path.join(import.meta.dirname, "../node_modules/@wooorm/starry-night");
const PRISM = path.dirname(fileURLToPath(import.meta.resolve("prismjs/package.json")));
const HLJS = path.dirname(fileURLToPath(import.meta.resolve("highlight.js/package.json")));

// Words that open a branch in the languages that use them; the report counts them in code.
const BRANCH_WORDS = new Set([
  "if",
  "elif",
  "elsif",
  "elseif",
  "else",
  "for",
  "foreach",
  "while",
  "until",
  "loop",
  "case",
  "when",
  "switch",
  "catch",
  "except",
  "rescue",
  "unless",
  "guard",
]);

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[\da-f]+);/gi, (_, e: string) =>
    e[0] === "#"
      ? String.fromCodePoint(e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] as string),
  );

/** Just enough XML for GtkSourceView's files: elements, attributes, text, comments, CDATA. */
function parseXml(src: string): XmlNode {
  const root: XmlNode = { name: "#root", attrs: {}, children: [], text: "" };
  const stack = [root];
  const tag =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([\w:-]+)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of src.matchAll(tag)) {
    const top = stack[stack.length - 1] as XmlNode;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[3] !== undefined) {
      if (m[2] === "/") {
        stack.pop();
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? "").matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attrs[a[1] as string] = decode(a[2] ?? a[3] ?? "");
      const node: XmlNode = { name: m[3], attrs, children: [], text: "" };
      top.children.push(node);
      if (m[5] !== "/") stack.push(node);
    }
  }
  return root;
}

function* walk(node: XmlNode): Generator<XmlNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);

/**
 * The literal a GtkSourceView pattern matches, or undefined when it is a real regex. Optional
 * prefixes and named sub-patterns in front are dropped: `(L|u8|u|U)?"` → `"`,
 * `\%{string-prefix}'''` → `'''`.
 */
export function literalOf(pattern: string): string | undefined {
  let p = pattern.trim();
  for (;;) {
    const before = p;
    p = p
      .replace(/^\\%\{[\w:-]+\}[?*]?/, "")
      .replace(/^\\[bB<]/, "")
      .replace(/^\((?:\?:)?[^()]*\)[?*]/, "")
      .replace(/^\[[^\]]*\][?*]/, "")
      .replace(/^\^/, "");
    if (p === before) break;
  }
  if (/^\(([^()]*)\)$/.test(p)) p = p.slice(1, -1);
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === "\\") {
      const next = p[i + 1];
      if (next === undefined || /[\w%]/.test(next)) return undefined;
      out += next;
      i++;
    } else if ("[](){}*+?|^$.".includes(c)) return undefined;
    else out += c;
  }
  return out.length > 0 && out.length <= 8 && !/\s/.test(out) ? out : undefined;
}

interface StringOut {
  open: string;
  close: string;
  escape: boolean;
  multiline: boolean;
  charLiteral?: true;
}

interface Extracted {
  /** A part of another language's definition (javascript-literals.lang), not a language. */
  hidden: boolean;
  id: string;
  name: string;
  file: string;
  globs: string[];
  line: string[];
  lineStart?: string[];
  block: [string, string][];
  nested: boolean;
  strings: StringOut[];
  complexity: string[];
  /** Languages whose contexts this one includes (C++ includes C's). */
  borrowed: string[];
}

function extract(file: string, xml: string): Extracted | undefined {
  const root = parseXml(xml);
  const lang = root.children.find((n) => n.name === "language");
  if (!lang) return undefined;
  const props: Record<string, string> = {};
  for (const p of child(lang, "metadata")?.children ?? [])
    if (p.name === "property" && p.attrs.name) props[p.attrs.name] = p.text.trim();
  // A few files write these as patterns (Common Lisp's `#\|`): drop the escapes.
  const prop = (key: string) =>
    props[key]
      ?.replace(/\\u([\da-fA-F]{4})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      )
      .replace(/\\(?=[^\w])/g, "");
  const lineStart = prop("line-comment-start");
  const blockStart = prop("block-comment-start");
  const blockEnd = prop("block-comment-end");
  const line = lineStart ? [lineStart] : [];
  const block: [string, string][] = blockStart && blockEnd ? [[blockStart, blockEnd]] : [];

  let nested = false;
  const strings: StringOut[] = [];
  const keywords = new Set<string>();
  for (const n of walk(lang)) {
    if (n.name === "keyword") keywords.add(n.text.trim());
    if (n.name !== "context") continue;
    const start = child(n, "start")?.text;
    const end = child(n, "end")?.text;
    const include = child(n, "include")?.children ?? [];
    const refs = include.filter((c) => c.attrs.ref).map((c) => c.attrs.ref as string);
    const selfRef = n.attrs.id !== undefined && refs.includes(n.attrs.id);
    const classes = (n.attrs.class ?? "").split(/\s+/);
    const open = start === undefined ? undefined : literalOf(start);
    const close = end === undefined ? undefined : literalOf(end);
    // Comment contexts the metadata leaves out (Haskell's `{- -}`, Lua's `--[[ ]]`).
    if (classes.includes("comment") && open && !line.includes(open)) {
      if (n.attrs["end-at-line-end"] === "true") line.push(open);
      else if (close && !block.some(([o]) => o === open)) block.push([open, close]);
    }
    if (selfRef && open && close && block.some(([o, c]) => o === open && c === close))
      nested = true;
    if (classes.includes("string") || /(^|[:-])string$/.test(n.attrs["style-ref"] ?? "")) {
      const escapes =
        refs.some((r) => /escape|line-continue/.test(r)) ||
        include.some(
          (c) => /escape/.test(c.attrs.id ?? "") || /\\\\/.test(child(c, "match")?.text ?? ""),
        );
      const multiline = n.attrs["end-at-line-end"] !== "true";
      // `["']` closed by `\%{0@start}`: one string per quote character.
      const quotes = /^\[([^\]\\]+)\]$/.exec(start ?? "");
      const pairs: [string, string][] =
        quotes && end === "\\%{0@start}"
          ? [...(quotes[1] as string)].map((q) => [q, q])
          : open && close
            ? [[open, close]]
            : [];
      for (const [o, c] of pairs)
        if (!line.includes(o) && !strings.some((s) => s.open === o))
          strings.push({ open: o, close: c, escape: escapes, multiline });
      const match = child(n, "match")?.text ?? "";
      if (/^(?:\([^()]*\)\?)?'/.test(match) && !strings.some((s) => s.open === "'"))
        strings.push({ open: "'", close: "'", escape: true, multiline: false, charLiteral: true });
    }
  }
  const borrowed = new Set<string>();
  for (const n of walk(lang)) {
    const ref = n.name === "context" ? n.attrs.ref : undefined;
    const owner = ref?.includes(":") ? ref.slice(0, ref.indexOf(":")) : undefined;
    if (owner && owner !== "def" && owner !== lang.attrs.id) borrowed.add(owner);
  }
  const complexity = [...keywords].filter((k) => BRANCH_WORDS.has(k)).sort();
  if (lang.attrs.hidden !== "true" && line.length + block.length === 0 && complexity.length === 0)
    return undefined;
  return {
    hidden: lang.attrs.hidden === "true",
    id: lang.attrs.id as string,
    name: lang.attrs.name ?? lang.attrs._name ?? (lang.attrs.id as string),
    file,
    globs: (props.globs ?? "").split(";").filter(Boolean),
    line,
    block,
    nested,
    strings,
    complexity,
    borrowed: [...borrowed],
  };
}

interface LinguistEntry {
  name: string;
  type: string;
  aliases?: string[];
  extensions?: string[];
  filenames?: string[];
  aceMode?: string;
  codemirrorMimeType?: string;
  tmScope?: string;
}

/** A Debian package's files, fetched with apt-get and unpacked with dpkg, and its version. */
function unpack(pkg: string, tmp: string): { root: string; version: string } {
  const dir = path.join(tmp, pkg);
  fs.mkdirSync(dir);
  execFileSync("apt-get", ["download", pkg], { cwd: dir, stdio: "inherit" });
  const deb = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith(".deb")) as string);
  const version = execFileSync("dpkg-deb", ["-f", deb, "Version"], { encoding: "utf8" }).trim();
  execFileSync("dpkg", ["-x", deb, path.join(dir, "x")]);
  return { root: path.join(dir, "x"), version };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      specs: { type: "string" },
      vim: { type: "string" },
      pygments: { type: "string" },
      textmate: { type: "string", default: TM_GRAMMARS },
      prism: { type: "string", default: PRISM },
      hljs: { type: "string", default: HLJS },
      "starry-night": { type: "string", default: STARRY_NIGHT },
    },
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gen-syntax-"));
  /** A source's files: the unpacked copy its flag names, or its Debian package, fetched. */
  const source = (given: string | undefined, flag: string, pkg: string, under: string) => {
    if (given) return { dir: given, version: `unknown (--${flag})` };
    const { root, version } = unpack(pkg, tmp);
    return { dir: path.join(root, under), version };
  };
  const gtk = source(values.specs, "specs", PACKAGE, "usr/share/gtksourceview-5/language-specs");
  const vim = source(values.vim, "vim", VIM_PACKAGE, "usr/share/vim");
  // The package keeps its files under usr/share/vim/vimNN; an unpacked copy is given as vimNN.
  const vimDir = values.vim
    ? vim.dir
    : path.join(vim.dir, fs.readdirSync(vim.dir).find((d) => /^vim\d+$/.test(d)) as string);
  const pygmentsSource = source(
    values.pygments,
    "pygments",
    PYGMENTS_PACKAGE,
    "usr/lib/python3/dist-packages",
  );
  const entries = Object.values(linguist) as unknown as LinguistEntry[];
  const byAlias = new Map<string, string>();
  const byExtension = new Map<string, string[]>();
  for (const e of entries) {
    for (const a of [e.name, ...(e.aliases ?? [])]) byAlias.set(a.toLowerCase(), e.name);
    for (const x of e.extensions ?? []) {
      const list = byExtension.get(x.toLowerCase()) ?? [];
      list.push(e.name);
      byExtension.set(x.toLowerCase(), list);
    }
    for (const f of e.filenames ?? []) byExtension.set(f, [...(byExtension.get(f) ?? []), e.name]);
  }

  const extracted = fs
    .readdirSync(gtk.dir)
    .filter((f) => f.endsWith(".lang"))
    .sort()
    .map((f) => extract(f, fs.readFileSync(path.join(gtk.dir, f), "utf8")))
    .filter((x): x is Extracted => x !== undefined);

  // A dialect that includes its base language's contexts (C++ → C, Objective-C → C) gets the
  // base's strings and keywords, when both write comments alike (HTML includes CSS and
  // JavaScript for its <style> and <script>, and takes nothing from them).
  const byId = new Map(extracted.map((x) => [x.id, x]));
  const sameComments = (a: Extracted, b: Extracted) =>
    JSON.stringify([a.line, a.block]) === JSON.stringify([b.line, b.block]);
  for (const x of extracted) {
    for (const id of x.borrowed) {
      const base = byId.get(id);
      if (!base || !(base.hidden || sameComments(x, base))) continue;
      for (const s of base.strings)
        if (!x.strings.some((t) => t.open === s.open)) x.strings.push(s);
      x.complexity = [...new Set([...x.complexity, ...base.complexity])].sort();
      x.nested ||= base.nested;
    }
  }

  const table = new Map<string, { data: Extracted; via: string }>();
  const byGlob: Extracted[] = [];
  for (const x of extracted) {
    if (x.hidden) continue;
    const name = byAlias.get(x.name.toLowerCase()) ?? byAlias.get(x.id.toLowerCase());
    if (name && !table.has(name)) table.set(name, { data: x, via: x.file });
    else byGlob.push(x);
  }
  for (const x of byGlob) {
    const claimed = new Set<string>();
    for (const g of x.globs) {
      const key = g.startsWith("*.") ? g.slice(1).toLowerCase() : g;
      const names = byExtension.get(key);
      if (names?.length === 1) claimed.add(names[0] as string);
    }
    for (const name of claimed)
      if (!table.has(name)) table.set(name, { data: x, via: `${x.file} (by file globs)` });
  }

  // Vim's file types, for the languages GtkSourceView has no definition of.
  // By extension only when Vim claims the language's primary extension and the names look
  // alike: Vim's smaller file types share extensions with unrelated Linguist languages (Vim's
  // spice and SourcePawn both claim .sp, modula2 and Macaulay2 both .m2).
  const entryByName = new Map(entries.map((e) => [e.name, e]));
  // Vim's file type names drop punctuation: modula2 is Linguist's Modula-2.
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const bySquashed = new Map<string, string>();
  for (const e of entries)
    for (const a of [e.name, ...(e.aliases ?? [])])
      if (!bySquashed.has(squash(a))) bySquashed.set(squash(a), e.name);
  /**
   * The one Linguist language that claims these extensions (".foo"), when among them is its
   * primary extension; undefined when none or several do.
   */
  const soleClaimant = (extensions: readonly string[]): string | undefined => {
    const claimed = new Set(
      extensions.flatMap((x) => {
        const names = byExtension.get(x);
        return names?.length === 1 ? names : [];
      }),
    );
    const only = claimed.size === 1 ? ([...claimed][0] as string) : undefined;
    const primary = only ? entryByName.get(only)?.extensions?.[0]?.toLowerCase() : undefined;
    return primary && extensions.includes(primary) ? only : undefined;
  };
  for (const v of readVimRuntime(vimDir)) {
    let name = byAlias.get(v.filetype) ?? bySquashed.get(v.filetype);
    if (!name) {
      const only = soleClaimant(v.extensions);
      const scope = only ? (entryByName.get(only)?.tmScope ?? "").split(".").pop() : undefined;
      const alike = (a: string) => a.replace(/[^a-z]/g, "").slice(0, 3) === v.filetype.slice(0, 3);
      if (only && (alike(only.toLowerCase()) || alike(scope ?? ""))) name = only;
    }
    // Prose has no comments; Vim sets a commentstring for its own convenience there.
    if (!name || table.has(name) || entryByName.get(name)?.type === "prose") continue;
    const data: Extracted = {
      hidden: false,
      id: v.filetype,
      name,
      file: `vim ${v.filetype}`,
      globs: [],
      line: v.line,
      lineStart: v.lineStart,
      block: v.block,
      nested: false,
      strings: [],
      complexity: [...new Set(v.keywords.filter((k) => BRANCH_WORDS.has(k)))].sort(),
      borrowed: [],
    };
    table.set(name, { data, via: `vim ${v.filetype}` });
  }

  // A Linguist language that no definition covers inherits the syntax of one that Linguist
  // highlights the same way; a definition of its own it only has when none does.
  const entryOf = new Map(entries.map((e) => [e.name, e]));
  const own = [...table.keys()];
  const inherit = () => {
    for (const key of ["codemirrorMimeType", "tmScope", "aceMode"] as const) {
      const donor = new Map<string, string>();
      for (const name of own) {
        const mode = entryOf.get(name)?.[key];
        if (mode && !["text", "text/plain", "none"].includes(mode) && !donor.has(mode))
          donor.set(mode, name);
      }
      for (const e of entries) {
        const mode = e[key];
        const from = mode ? donor.get(mode) : undefined;
        if (from && !table.has(e.name) && e.type !== "data" && e.type !== "prose") {
          const donorEntry = table.get(from) as { data: Extracted };
          table.set(e.name, { data: donorEntry.data, via: `${from}, same ${key} "${mode}"` });
        }
      }
    }
  };
  inherit();

  /** Files what the probe found in lexer or grammar `id` as `name`'s own syntax. */
  const ownProbed = (name: string, id: string, via: string, found: ProbedSyntax) => {
    const { line, lineStart, block, nested, strings, complexity } = found;
    table.set(name, {
      data: {
        hidden: false,
        id,
        name,
        file: via,
        globs: [],
        borrowed: [],
        line,
        lineStart,
        block,
        nested,
        strings,
        complexity,
      },
      via,
    });
    own.push(name);
  };

  // A language still without syntax that a later source may fill. Logs and disassembly are
  // outputs, not sources: what their lexers colour as comments (an IRC log's `****` lines,
  // objdump's interleaved C) is not; prose has no comments.
  const wantsSyntax = (name: string) =>
    !table.has(name) &&
    !/-ObjDump$|^IRC log$/.test(name) &&
    entryByName.get(name)?.type !== "prose";

  // Pygments' lexers, for the languages still without syntax (a lexer can be wrong where a
  // language Linguist highlights alike is not: Pygments 2.14's T-SQL misses `--`). By name or
  // alias when the lexer's globs and Linguist's extensions (if both have any) share one:
  // Pygments' Teal is Algorand's, Linguist's is typed Lua. Else by the one Linguist language
  // whose primary extension the globs claim, with a name alike (.ttl: Turtle, TeraTerm).
  const pygments = readPygments(pygmentsSource.dir, [...BRANCH_WORDS]);
  for (const p of pygments.lexers) {
    const extensions = p.filenames
      .filter((g) => g.startsWith("*."))
      .map((g) => g.slice(1).toLowerCase());
    const sharesExtension = (name: string) => {
      const theirs = entryByName.get(name)?.extensions ?? [];
      return (
        extensions.length === 0 ||
        theirs.length === 0 ||
        theirs.some((x) => extensions.includes(x.toLowerCase()))
      );
    };
    const byName = [p.name, ...p.aliases]
      .map((a) => byAlias.get(a.toLowerCase()) ?? bySquashed.get(squash(a)))
      .find((n) => n !== undefined);
    const claimant = soleClaimant(extensions);
    const name =
      byName && sharesExtension(byName)
        ? byName
        : claimant && squash(claimant).slice(0, 3) === squash(p.name).slice(0, 3)
          ? claimant
          : undefined;
    if (name && wantsSyntax(name)) ownProbed(name, p.lexer, `pygments ${p.lexer}`, p);
  }
  inherit();

  // TextMate grammars, for the languages still without syntax, by Linguist's own word: the
  // grammar whose scope its tmScope names (a grammar named alike can be another language's:
  // tm-grammars' fluent is not FreeMarker, its cypher not Clinical Quality Language).
  const textmate = await textMateGrammars(values.textmate);
  const grammarOf = new Map(textmate.grammars.map((g) => [g.scopeName, g]));
  // A data language whose grammar is another Linguist language's too (X BitMap's is C's,
  // OASv2-json's is JSON's) would be inheriting, which the step above refuses data.
  const sharesGrammar = (e: LinguistEntry) =>
    entries.some((o) => o !== e && o.tmScope === e.tmScope);
  /** The languages still without syntax whose tmScope names one of `scopes`' grammars. */
  const wantedByScope = (scopes: { has(scope: string): boolean }) =>
    entries.filter(
      (e) =>
        e.tmScope &&
        scopes.has(e.tmScope) &&
        wantsSyntax(e.name) &&
        !(e.type === "data" && sharesGrammar(e)),
    );
  const wanted = wantedByScope(grammarOf);
  const probed = readTextMate(
    values.textmate,
    [...BRANCH_WORDS],
    [...new Set(wanted.map((e) => e.tmScope as string))],
  );
  for (const e of wanted) {
    const found = probed.get(e.tmScope as string);
    const grammar = grammarOf.get(e.tmScope as string);
    if (!found || !grammar) continue;
    ownProbed(e.name, grammar.name, `textmate ${grammar.name} (${grammar.license})`, found);
  }
  inherit();

  /**
   * Files what a source whose names are not Linguist's finds for the languages still without
   * syntax, by its map of pairs checked by hand (`map`, named `mapName`: Linguist's name → the
   * source's id), read by `read` and filed with what `via` says of an id.
   */
  const ownByMap = (
    mapName: string,
    map: Readonly<Record<string, string>>,
    read: (ids: string[]) => Map<string, ProbedSyntax>,
    via: (id: string) => string,
  ) => {
    for (const name of Object.keys(map))
      if (!entryByName.has(name)) throw new Error(`${mapName}: no Linguist language ${name}`);
    const wanted = Object.entries(map).filter(([name]) => wantsSyntax(name));
    const found = read([...new Set(wanted.map(([, id]) => id))]);
    for (const [name, id] of wanted) {
      const syntax = found.get(id);
      if (syntax) ownProbed(name, id, via(id), syntax);
    }
    inherit();
  };

  // Prism's components (Prism's names are not Linguist's: its q is kdb+'s, not Q#).
  const prism = await prismPackage(values.prism);
  ownByMap(
    "PRISM_COMPONENTS",
    PRISM_COMPONENTS,
    (ids) => readPrism(values.prism, [...BRANCH_WORDS], ids),
    (id) => `prism ${id} (${prism.license})`,
  );

  // highlight.js's grammars, the same way (its ObjectScript is cos), some from packages of their
  // own, each entry naming its package and licence.
  const hljs = await hljsPackages(values.hljs);
  ownByMap(
    "HLJS_LANGUAGES",
    HLJS_LANGUAGES,
    (ids) => readHljs(values.hljs, [...BRANCH_WORDS], ids, hljs.grammars),
    hljs.from,
  );

  // GitHub Linguist's own grammars, as starry-night ships them, for the languages still without
  // syntax, by tmScope as the TextMate step above: these are the grammars GitHub highlights with,
  // one module per scope, each read only under a permissive licence its header records. Not read
  // for the languages STARRY_NIGHT_LEFT_OUT names, each for its reason.
  for (const name of Object.keys(STARRY_NIGHT_LEFT_OUT))
    if (!entryByName.has(name))
      throw new Error(`STARRY_NIGHT_LEFT_OUT: no Linguist language ${name}`);
  const starryNightDir = values["starry-night"];
  const starryNight = starryNightGrammars(starryNightDir);
  const wantedOfStarryNight = wantedByScope(starryNight.grammars).filter(
    (e) => !(e.name in STARRY_NIGHT_LEFT_OUT),
  );
  const probedOfStarryNight = readTextMate(
    starryNightDir,
    [...BRANCH_WORDS],
    [...new Set(wantedOfStarryNight.map((e) => e.tmScope as string))],
    "starry-night",
  );
  for (const e of wantedOfStarryNight) {
    const scope = e.tmScope as string;
    const found = probedOfStarryNight.get(scope);
    const grammar = starryNight.grammars.get(scope);
    if (found && grammar)
      ownProbed(e.name, scope, `starry-night ${scope} (${grammar.license})`, found);
  }
  inherit();

  const rows = [...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const languages: Record<string, object> = {};
  for (const [name, { data, via }] of rows) {
    // In markup the data's strings are attribute values inside tags; in running text (and
    // prose) a quote is an apostrophe, and would hide every comment after it.
    const type = entryOf.get(name)?.type;
    const strings = type === "markup" || type === "prose" ? [] : data.strings;
    // A word as a marker (REM, dnl) would also open a comment inside `remove()`: it counts
    // only as a line's first word, and as a word (Syntax.words), which a blank, the line's end
    // or any other byte than a letter, digit or _ ends (AFM's bare `Comment` line is a comment).
    const isWord = (m: string) => /^[A-Za-z]+$/.test(m);
    const line = data.line.filter((m) => !isWord(m));
    const lineStart = [...(data.lineStart ?? []), ...data.line.filter(isWord)];
    languages[name] = {
      from: via,
      ...(line.length ? { line } : {}),
      ...(lineStart.length ? { lineStart } : {}),
      ...(lineStart.some(isWord) ? { words: true } : {}),
      ...(data.block.length ? { block: data.block } : {}),
      ...(data.nested ? { nested: true } : {}),
      ...(strings.length ? { strings } : {}),
      complexity: data.complexity,
    };
  }
  const header = [
    "GENERATED by scripts/gen-syntax.ts (npm run gen:syntax); do not edit by hand.",
    `Sources: GtkSourceView's language definitions, Debian package ${PACKAGE} ${gtk.version} (https://gitlab.gnome.org/GNOME/gtksourceview, data/language-specs, LGPL-2.1-or-later), for languages it lacks, Vim's runtime files, Debian package ${VIM_PACKAGE} ${vim.version} (https://github.com/vim/vim, runtime/, Vim licence), and for languages both lack, Pygments ${pygments.version}'s lexers, Debian package ${PYGMENTS_PACKAGE} ${pygmentsSource.version} (https://github.com/pygments/pygments, BSD-2-Clause), and for languages all three lack, TextMate grammars, npm package tm-grammars ${textmate.version} (https://github.com/shikijs/textmate-grammars-themes, only grammars under ${[...PERMISSIVE_LICENCES].join(", ")}; each entry names its grammar's licence), and for languages all four lack, Prism's language components, npm package prismjs ${prism.version} (https://github.com/PrismJS/prism, ${prism.license}; each paired with its Linguist language by hand), and for languages all five lack, highlight.js's grammars, npm package highlight.js ${hljs.core.version} (https://github.com/highlightjs/highlight.js, ${hljs.core.license}), and ${hljs.grammars.map((g) => `${g.name} ${g.version} (${g.license})`).join(" and ")} for languages it lacks (each paired with its Linguist language by hand; each entry names its package's licence), and for languages all six lack, GitHub Linguist's own TextMate grammars, npm package @wooorm/starry-night ${starryNight.version} (https://github.com/wooorm/starry-night, lang/, only grammars whose header records ${[...STARRY_NIGHT_LICENCES].join(", ")}; each entry names its grammar's licence), the last five asked by scripts/gen-syntax-probe.py.`,
    "Comment markers, string delimiters and branch keywords are taken from them, nothing else; names are GitHub Linguist's.",
    `${rows.length} languages: ${own.length} from a definition of their own, the rest inherited from the language Linguist highlights them like ("from" says which).`,
  ];
  writeJson(SYNTAX_OUT, { $comment: header, languages });
  writeJson(CATALOG_OUT, catalogOf(entries as unknown as CatalogSource[]));
  const heuristics = readHeuristics(new Set(entries.map((e) => e.name)));
  writeJson(HEURISTICS_OUT, { ...heuristics });
  fs.rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), SYNTAX_OUT)}: ${rows.length} languages (${own.length} from their own definition) from ${PACKAGE} ${gtk.version}, ${VIM_PACKAGE} ${vim.version}, ${PYGMENTS_PACKAGE} ${pygmentsSource.version}, tm-grammars ${textmate.version}, prismjs ${prism.version}, highlight.js ${hljs.core.version} and @wooorm/starry-night ${starryNight.version}\n` +
      `wrote ${path.relative(process.cwd(), CATALOG_OUT)}: ${entries.length} Linguist languages\n` +
      `wrote ${path.relative(process.cwd(), HEURISTICS_OUT)}: ${Object.keys(heuristics.extensions).length} extensions, ${heuristics.patterns.length} patterns\n`,
  );
}

/** Written as JSON and laid out by the repository's formatter, so that diffs stay readable. */
function writeJson(file: string, value: Record<string, unknown>): void {
  fs.writeFileSync(file, JSON.stringify(value));
  execFileSync("npx", ["biome", "format", "--write", file], { stdio: "ignore" });
}

await main();
