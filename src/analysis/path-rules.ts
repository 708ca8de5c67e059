/**
 * A subject this long makes V8 compile a regex to native code on its first run (its
 * `kTierUpForSubjectLengthValue`), where a short one is first run by its interpreter, whose
 * bytecode for an alternation of a hundred patterns costs more than the native code: Linguist's
 * three path lists took 6-9 ms to their first 203 paths, 3 ms so (docs/PERFORMANCE.md, §6).
 */
const NATIVE_AT_ONCE = "\0".repeat(1000);

/**
 * One regex for a list of patterns: matches where any of them matches, and nowhere for none
 * (where an empty source would match everywhere). The patterns must share their flags (none,
 * here): an alternation has one set. It is compiled to native code before it is returned.
 */
export function anyOf(patterns: readonly RegExp[]): RegExp {
  if (patterns.length === 0) return /(?!)/;
  const flags = new Set(patterns.map((p) => p.flags));
  if (flags.size > 1) throw new Error(`anyOf: patterns with different flags (${[...flags]})`);
  const any = new RegExp(patterns.map((p) => `(?:${p.source})`).join("|"), patterns[0]?.flags);
  any.test(NATIVE_AT_ONCE);
  return any;
}

export interface PathRules<T> {
  /** What the first rule that matches `path` says. */
  first(path: string): T | undefined;
  /** What every rule that matches `path` says, in the rules' order. */
  all(path: string): T[];
}

/**
 * Rules that say what a path is (a manifest's parser, a tool's name), tried on every path of
 * a tree. Their alternation rules out first the paths that match none of them, nearly all of
 * a tree: a path costs one regex run rather than one per rule (the tooling's 51 rules made
 * some 300,000 runs on a 6,000-file tree), and the few paths it lets through are tried rule
 * by rule, so the answers are the rules' own.
 */
export function pathRules<T>(rules: readonly (readonly [RegExp, T])[]): PathRules<T> {
  const any = anyOf(rules.map(([re]) => re));
  return {
    first: (path) => (any.test(path) ? rules.find(([re]) => re.test(path))?.[1] : undefined),
    all: (path) =>
      any.test(path) ? rules.filter(([re]) => re.test(path)).map(([, value]) => value) : [],
  };
}
