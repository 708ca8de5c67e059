import { XMLParser } from "fast-xml-parser";
import { parse as parseToml } from "smol-toml";
import { pathRules } from "../path-rules.ts";
import { clip } from "../report-limits.ts";

type Scope = "runtime" | "dev" | "peer" | "optional" | "build";

interface Dependency {
  name: string;
  /** The version constraint as written ("^1.2.0", ">=3.8", "1.0"); "*" when none is given. */
  constraint: string;
  scope: Scope;
}

export interface Manifest {
  ecosystem: "npm" | "python" | "go" | "cargo" | "ruby" | "maven" | "gradle" | "composer" | "nuget";
  path: string;
  name?: string;
  version?: string;
  /** Workspace members (npm workspaces, Cargo workspace). */
  workspaces?: string[];
  dependencies: Dependency[];
  /** Other tracked files with the same name and the same bytes, listed here instead. */
  copies?: { count: number; paths: string[] };
  /** Lists of this manifest that were cut to the report's limits. */
  truncated?: { dependencies?: Cut; workspaces?: Cut };
}

/** Reads a tracked file's text (bounded); undefined when it cannot be read. */
export type ReadText = (path: string) => Promise<string | undefined> | string | undefined;

type Parser = (text: string, path: string) => Omit<Manifest, "path"> | undefined;

const MANIFEST_FILES = pathRules<Parser>([
  [/(?:^|\/)package\.json$/, parsePackageJson],
  [/(?:^|\/)requirements[^/]*\.txt$/, parseRequirements],
  [/(?:^|\/)pyproject\.toml$/, parsePyproject],
  [/(?:^|\/)go\.mod$/, parseGoMod],
  [/(?:^|\/)Cargo\.toml$/, parseCargo],
  [/(?:^|\/)Gemfile$/, parseGemfile],
  [/(?:^|\/)pom\.xml$/, parsePom],
  [/(?:^|\/)build\.gradle(?:\.kts)?$/, parseGradle],
  [/(?:^|\/)composer\.json$/, parseComposer],
  [/\.csproj$/, parseCsproj],
]);

/** A manifest found among the tracked files, with its size as the scan measured it. */
export interface ManifestCandidate {
  path: string;
  bytes: number;
  /** The blob its bytes are in: the same blob is the same content. */
  oid: string;
}

export interface ManifestLimits {
  /** A manifest larger than this is skipped with a warning: no real manifest comes near 1 MB. */
  maxBytes: number;
  /** Distinct manifests parsed; the rest are counted. */
  maxManifests: number;
  /** Dependencies kept per manifest (and workspace members); the rest are counted. */
  maxDependencies: number;
  /** Paths listed per group of identical manifests; the rest are counted. */
  maxCopyPaths: number;
  /** Problems described one by one; the rest are counted in one more line. */
  maxProblems: number;
}

/** What a list held before it was cut. */
export interface Cut {
  kept: number;
  total: number;
}

export interface ManifestsRead {
  /** Distinct manifests, by path, at most `maxManifests`. */
  manifests: Manifest[];
  /** Set when distinct manifests past `maxManifests` were only counted. */
  truncated?: Cut;
  /** Each line says which manifest and why (not understood, over the size cap). */
  problems: string[];
}

// Same file name and same blob is the same manifest: the report bomb (300 folders with one
// 93 KB package.json) parses once. The name is part of the key because it decides the parser
// and, for requirements files, the scope. The blob's id is git's hash of the bytes, so none
// is computed here.
const contentKey = (path: string, oid: string) =>
  `${path.slice(path.lastIndexOf("/") + 1)}\0${oid}`;

/**
 * Finds and parses the dependency manifests among the tracked files. Vendored copies
 * (node_modules, vendor/) are not the project's own and are skipped by the caller's list.
 * Identical manifests are parsed once and listed once, with the paths of their copies; a
 * manifest over `maxBytes`, or one that does not parse, is reported in `problems`, never
 * thrown. Every parser runs in time linear in its input (see scripts/bench-parsers.ts).
 *
 * @example
 * const { manifests, problems } = await readManifests(files, read, limits);
 */
export async function readManifests(
  candidates: readonly ManifestCandidate[],
  read: ReadText,
  limits: ManifestLimits,
): Promise<ManifestsRead> {
  const byContent = new Map<string, Manifest | null>();
  const problems: string[] = [];
  let pastLimit = 0;
  const sorted = candidates
    .flatMap((c) => {
      const parser = MANIFEST_FILES.first(c.path);
      return parser ? [{ ...c, parser }] : [];
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let unlisted = 0;
  // An error message can quote the manifest (smol-toml shows the offending line) and keep its
  // whole text alive; the clone is a string of its own.
  const problem = (text: string) => {
    if (problems.length < limits.maxProblems) problems.push(structuredClone(clip(text, 300)));
    else unlisted++;
  };
  for (const { path, bytes, oid, parser } of sorted) {
    if (bytes > limits.maxBytes) {
      problem(`${path}: ${bytes} bytes, over the ${limits.maxBytes}-byte manifest limit`);
      continue;
    }
    const text = await read(path);
    if (text === undefined) continue;
    const key = contentKey(path, oid);
    const first = byContent.get(key);
    if (first !== undefined) {
      if (first) addCopy(first, path, limits.maxCopyPaths);
      continue;
    }
    // Past the limit a manifest is only counted (null), so its copies are not counted twice.
    if (byContent.size >= limits.maxManifests) {
      byContent.set(key, null);
      pastLimit++;
      continue;
    }
    try {
      const parsed = (parser as Parser)(text, path);
      byContent.set(key, parsed ? bounded({ ...parsed, path }, limits.maxDependencies) : null);
    } catch (error) {
      byContent.set(key, null);
      problem(`${path}: ${(error as Error).message}`);
    }
  }
  if (unlisted > 0) problems.push(`${unlisted} more manifests were skipped`);
  const manifests = [...byContent.values()].filter((m): m is Manifest => m !== null);
  if (pastLimit === 0) return { manifests, problems };
  return {
    manifests,
    truncated: { kept: manifests.length, total: manifests.length + pastLimit },
    problems,
  };
}

function addCopy(manifest: Manifest, path: string, maxPaths: number): void {
  const copies = manifest.copies ?? { count: 0, paths: [] };
  copies.count++;
  if (copies.paths.length < maxPaths) copies.paths.push(path);
  manifest.copies = copies;
}

// Parsed strings can be slices of the manifest's text, and V8 keeps the whole text alive for a
// 13-character slice; the clone owns its strings, so a 1 MB manifest is not held to the end of
// the analysis for a handful of names.
function bounded(manifest: Manifest, max: number): Manifest {
  const cut = <T>(list: T[]): [T[], Cut | undefined] =>
    list.length > max ? [list.slice(0, max), { kept: max, total: list.length }] : [list, undefined];
  const [dependencies, depsCut] = cut(manifest.dependencies);
  const [workspaces, wsCut] = manifest.workspaces
    ? cut(manifest.workspaces)
    : [undefined, undefined];
  const truncated = {
    ...(depsCut ? { dependencies: depsCut } : {}),
    ...(wsCut ? { workspaces: wsCut } : {}),
  };
  return structuredClone({
    ...manifest,
    ...(workspaces ? { workspaces: workspaces.map(short) } : {}),
    dependencies: dependencies.map((d) => ({
      ...d,
      name: short(d.name),
      constraint: short(d.constraint),
    })),
    ...(manifest.name !== undefined ? { name: short(manifest.name) } : {}),
    ...(manifest.version !== undefined ? { version: short(manifest.version) } : {}),
    ...(depsCut || wsCut ? { truncated } : {}),
  });
}

/** Longest name, constraint or version kept (npm's own limit on a package name is 214). */
const MAX_NAME_CHARS = 256;
const short = (s: string) => clip(s, MAX_NAME_CHARS);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function fromMap(map: unknown, scope: Scope): Dependency[] {
  if (!isObject(map)) return [];
  return Object.entries(map).map(([name, v]) => ({
    name,
    constraint: str(v) ?? (isObject(v) ? (str(v.version) ?? "*") : "*"),
    scope,
  }));
}

function optional<T extends object>(entries: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(entries).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function parsePackageJson(text: string): Omit<Manifest, "path"> {
  const pkg = JSON.parse(text) as Json;
  const ws = Array.isArray(pkg.workspaces)
    ? pkg.workspaces
    : isObject(pkg.workspaces) && Array.isArray(pkg.workspaces.packages)
      ? pkg.workspaces.packages
      : undefined;
  return {
    ecosystem: "npm",
    ...optional({ name: str(pkg.name), version: str(pkg.version) }),
    ...(ws ? { workspaces: ws.filter((w): w is string => typeof w === "string") } : {}),
    dependencies: [
      ...fromMap(pkg.dependencies, "runtime"),
      ...fromMap(pkg.devDependencies, "dev"),
      ...fromMap(pkg.peerDependencies, "peer"),
      ...fromMap(pkg.optionalDependencies, "optional"),
    ],
  };
}

// PEP 508: name, optional [extras], then the constraint up to a ";" marker.
const PEP508 = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;#]*)/;

function pep508(spec: string, scope: Scope): Dependency | undefined {
  const m = PEP508.exec(spec);
  if (!m?.[1]) return undefined;
  const constraint = (m[2] ?? "").trim().replace(/^\((.*)\)$/, "$1");
  return { name: m[1], constraint: constraint || "*", scope };
}

/** pip's comment rule: `#` at the start of a line or after whitespace starts a comment. */
function withoutComment(line: string): string {
  for (let i = line.indexOf("#"); i !== -1; i = line.indexOf("#", i + 1))
    if (i === 0 || isSpace(line.charCodeAt(i - 1))) return line.slice(0, i);
  return line;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;

function parseRequirements(text: string, path: string): Omit<Manifest, "path"> {
  const scope: Scope = /dev|test|lint|doc/i.test(path.slice(path.lastIndexOf("/") + 1))
    ? "dev"
    : "runtime";
  const dependencies: Dependency[] = [];
  for (const raw of text.split("\n")) {
    const line = withoutComment(raw).trim();
    // Options (-r other.txt, -e ., --hash) and URLs are not named dependencies.
    if (!line || line.startsWith("#") || line.startsWith("-") || line.includes("://")) continue;
    const dep = pep508(line, scope);
    if (dep) dependencies.push(dep);
  }
  return { ecosystem: "python", dependencies };
}

const DEV_GROUP = /^(?:dev|develop|development|test|tests|testing|lint|docs?|typing)$/i;

function parsePyproject(text: string): Omit<Manifest, "path"> {
  const doc = parseToml(text) as Json;
  const project = isObject(doc.project) ? doc.project : {};
  const tool = isObject(doc.tool) ? doc.tool : {};
  const poetry = isObject(tool.poetry) ? tool.poetry : {};
  const dependencies: Dependency[] = [];
  const specs = (list: unknown, scope: Scope) => {
    if (!Array.isArray(list)) return;
    for (const s of list)
      if (typeof s === "string") {
        const dep = pep508(s, scope);
        if (dep) dependencies.push(dep);
      }
  };
  specs(project.dependencies, "runtime");
  if (isObject(project["optional-dependencies"]))
    for (const [group, list] of Object.entries(project["optional-dependencies"]))
      specs(list, DEV_GROUP.test(group) ? "dev" : "optional");
  // PEP 735 dependency groups are development-only by definition.
  if (isObject(doc["dependency-groups"]))
    for (const list of Object.values(doc["dependency-groups"])) specs(list, "dev");
  const notPython = (d: Dependency) => d.name.toLowerCase() !== "python";
  dependencies.push(...fromMap(poetry.dependencies, "runtime").filter(notPython));
  dependencies.push(...fromMap(poetry["dev-dependencies"], "dev"));
  if (isObject(poetry.group))
    for (const [group, body] of Object.entries(poetry.group))
      if (isObject(body))
        dependencies.push(
          ...fromMap(body.dependencies, DEV_GROUP.test(group) ? "dev" : "optional"),
        );
  return {
    ecosystem: "python",
    ...optional({
      name: str(project.name) ?? str(poetry.name),
      version: str(project.version) ?? str(poetry.version),
    }),
    dependencies,
  };
}

// go.mod is line-based: `module path`, `require path version`, or a `require (` block of
// `path version` lines closed by `)` on a line of its own. Read line by line, never with a
// pattern that could scan ahead for a closer that is not there.
function parseGoMod(text: string): Omit<Manifest, "path"> {
  let name: string | undefined;
  const dependencies: Dependency[] = [];
  const add = (spec: string) => {
    const [path, version] = words(spec);
    if (path && version?.startsWith("v") && !path.includes("(") && !path.includes(")"))
      dependencies.push({ name: path, constraint: version, scope: "runtime" });
  };
  let inBlock = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.startsWith(")")) inBlock = false;
      else add(line);
      continue;
    }
    const [keyword, rest] = splitKeyword(line);
    if (keyword === "module" && name === undefined) name = words(rest)[0];
    else if (keyword === "require") {
      if (rest.startsWith("(")) inBlock = true;
      else add(rest);
    } else if (line.startsWith("require(")) inBlock = true;
  }
  return { ecosystem: "go", ...optional({ name }), dependencies };
}

/** The first word of a line and the rest, trimmed: `require  a v1` → ["require", "a v1"]. */
function splitKeyword(line: string): [string, string] {
  let end = 0;
  while (end < line.length && !isSpace(line.charCodeAt(end))) end++;
  return [line.slice(0, end), line.slice(end).trim()];
}

const words = (s: string) => s.split(/[ \t\r\f\v]+/).filter(Boolean);

function parseCargo(text: string): Omit<Manifest, "path"> {
  const doc = parseToml(text) as Json;
  const pkg = isObject(doc.package) ? doc.package : {};
  const workspace = isObject(doc.workspace) ? doc.workspace : {};
  const members = Array.isArray(workspace.members)
    ? workspace.members.filter((m): m is string => typeof m === "string")
    : undefined;
  return {
    ecosystem: "cargo",
    ...optional({ name: str(pkg.name), version: str(pkg.version) }),
    ...(members ? { workspaces: members } : {}),
    dependencies: [
      ...fromMap(doc.dependencies, "runtime"),
      ...fromMap(doc["dev-dependencies"], "dev"),
      ...fromMap(doc["build-dependencies"], "build"),
      ...fromMap(workspace.dependencies, "runtime"),
    ],
  };
}

function parseGemfile(text: string): Omit<Manifest, "path"> {
  const dependencies: Dependency[] = [];
  let groupDepth = 0;
  let inDevGroup = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const [keyword, rest] = splitKeyword(line);
    // `group :development, :test do`: the block's gems are development-only.
    if (keyword === "group" && words(rest).includes("do")) {
      groupDepth++;
      inDevGroup = DEV_GEM_GROUP.test(rest);
      continue;
    }
    if ((keyword === "end" || line.startsWith("end;")) && groupDepth > 0) {
      groupDepth--;
      if (groupDepth === 0) inDevGroup = false;
      continue;
    }
    if (keyword !== "gem") continue;
    const args = quotedArgs(rest);
    const [name, ...constraints] = args.strings;
    if (!name) continue;
    const options = rest.slice(args.end);
    const groupAt = options.indexOf("group:");
    const dev = inDevGroup || (groupAt !== -1 && DEV_GEM_GROUP.test(options.slice(groupAt)));
    dependencies.push({
      name,
      constraint: constraints.join(", ") || "*",
      scope: dev ? "dev" : "runtime",
    });
  }
  return { ecosystem: "ruby", dependencies };
}

const DEV_GEM_GROUP = /:development|:test/;

/**
 * The leading quoted, comma-separated arguments of a Ruby call (`"rails", "~> 7.1", ">= 7.1.2"`)
 * and where they end; a scan, so an unterminated quote costs one pass.
 */
function quotedArgs(s: string): { strings: string[]; end: number } {
  const strings: string[] = [];
  let end = 0;
  let i = 0;
  for (;;) {
    if (strings.length > 0) {
      while (isSpace(s.charCodeAt(i))) i++;
      if (s[i] !== ",") break;
      i++;
      while (isSpace(s.charCodeAt(i))) i++;
    }
    if (s[i] !== '"' && s[i] !== "'") break;
    let close = i + 1;
    while (close < s.length && s[close] !== '"' && s[close] !== "'") close++;
    if (close >= s.length) break;
    strings.push(s.slice(i + 1, close));
    i = close + 1;
    end = i;
  }
  return { strings, end };
}

// Entities off: a POM or project file names its dependencies without them, and a DOCTYPE's
// entity definitions are the classic way to make an XML parser's output explode.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  processEntities: false,
});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function parsePom(text: string): Omit<Manifest, "path"> {
  const doc = xml.parse(text) as Json;
  const project = isObject(doc.project) ? doc.project : {};
  const deps = isObject(project.dependencies) ? asArray(project.dependencies.dependency) : [];
  const modules = isObject(project.modules)
    ? asArray(project.modules.module).filter((m): m is string => typeof m === "string")
    : [];
  return {
    ecosystem: "maven",
    ...optional({
      name:
        str(project.groupId) && str(project.artifactId)
          ? `${project.groupId}:${project.artifactId}`
          : str(project.artifactId),
      version: str(project.version),
    }),
    ...(modules.length ? { workspaces: modules } : {}),
    dependencies: deps.filter(isObject).map((d) => ({
      name: `${str(d.groupId) ?? "?"}:${str(d.artifactId) ?? "?"}`,
      constraint: str(d.version) ?? "*",
      scope: d.scope === "test" ? "dev" : d.scope === "provided" ? "build" : "runtime",
    })),
  };
}

// One declaration per line: `implementation "g:a:v"`, `api("g:a")`, `testImplementation 'g:a:v'`.
// Anchored and applied to one trimmed line at a time; the optional "(" is one group with its
// spaces, so no two runs of \s* meet and backtracking stays within the line's first quote.
const GRADLE_DEP =
  /^(implementation|api|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|testImplementation|testRuntimeOnly|testCompileOnly|androidTestImplementation|debugImplementation|classpath)[ \t]*(?:\([ \t]*)?["']([^"':]+):([^"':]+)(?::([^"']+))?["']/;

function parseGradle(text: string): Omit<Manifest, "path"> {
  const dependencies: Dependency[] = [];
  for (const raw of text.split("\n")) {
    const m = GRADLE_DEP.exec(raw.trim());
    if (!m) continue;
    const conf = m[1] ?? "";
    const scope: Scope = /^test|^androidTest|^debug/.test(conf)
      ? "dev"
      : /compileOnly|annotationProcessor|kapt|ksp|classpath/.test(conf)
        ? "build"
        : "runtime";
    dependencies.push({ name: `${m[2]}:${m[3]}`, constraint: m[4] ?? "*", scope });
  }
  return { ecosystem: "gradle", dependencies };
}

function parseComposer(text: string): Omit<Manifest, "path"> {
  const doc = JSON.parse(text) as Json;
  return {
    ecosystem: "composer",
    ...optional({ name: str(doc.name), version: str(doc.version) }),
    dependencies: [...fromMap(doc.require, "runtime"), ...fromMap(doc["require-dev"], "dev")],
  };
}

function parseCsproj(text: string): Omit<Manifest, "path"> {
  const doc = xml.parse(text) as Json;
  const project = isObject(doc.Project) ? doc.Project : {};
  const dependencies: Dependency[] = [];
  for (const group of asArray(project.ItemGroup).filter(isObject)) {
    for (const ref of asArray(group.PackageReference).filter(isObject)) {
      const name = str(ref["@Include"]) ?? str(ref["@Update"]);
      if (!name) continue;
      const version = str(ref["@Version"]) ?? str(ref.Version) ?? "*";
      const dev =
        isObject(ref) && (str(ref["@PrivateAssets"]) === "all" || str(ref.PrivateAssets) === "all");
      dependencies.push({ name, constraint: version, scope: dev ? "dev" : "runtime" });
    }
  }
  return { ecosystem: "nuget", dependencies };
}
