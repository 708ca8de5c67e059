import { XMLParser } from "fast-xml-parser";
import { parse as parseToml } from "smol-toml";

export type Scope = "runtime" | "dev" | "peer" | "optional" | "build";

export interface Dependency {
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
}

/** Reads a tracked file's text (bounded); undefined when it cannot be read. */
export type ReadText = (path: string) => string | undefined;

type Parser = (text: string, path: string) => Omit<Manifest, "path"> | undefined;

const MANIFEST_FILES: [RegExp, Parser][] = [
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
];

/**
 * Finds and parses the dependency manifests among the tracked paths. Vendored copies
 * (node_modules, vendor/) are not the project's own and are skipped by the caller's list.
 * A manifest that does not parse is reported in `problems`, never thrown.
 */
export function readManifests(
  paths: readonly string[],
  read: ReadText,
): { manifests: Manifest[]; problems: string[] } {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const parser = MANIFEST_FILES.find(([re]) => re.test(path))?.[1];
    if (!parser) continue;
    const text = read(path);
    if (text === undefined) continue;
    try {
      const parsed = parser(text, path);
      if (parsed) manifests.push({ ...parsed, path });
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message.slice(0, 200)}`);
    }
  }
  manifests.sort((a, b) => a.path.localeCompare(b.path));
  return { manifests, problems };
}

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

function parseRequirements(text: string, path: string): Omit<Manifest, "path"> {
  const scope: Scope = /dev|test|lint|doc/i.test(path.slice(path.lastIndexOf("/") + 1))
    ? "dev"
    : "runtime";
  const dependencies: Dependency[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
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

function parseGoMod(text: string): Omit<Manifest, "path"> {
  const name = /^module\s+(\S+)/m.exec(text)?.[1];
  const dependencies: Dependency[] = [];
  const add = (line: string) => {
    const m = /^\s*([^\s()]+)\s+(v[^\s]+)/.exec(line);
    if (m?.[1] && m[2]) dependencies.push({ name: m[1], constraint: m[2], scope: "runtime" });
  };
  for (const block of text.matchAll(/^require\s*\(([\s\S]*?)^\)/gm))
    for (const l of (block[1] ?? "").split("\n")) add(l);
  for (const single of text.matchAll(/^require\s+([^(\s].*)$/gm)) add(single[1] ?? "");
  return { ecosystem: "go", ...optional({ name }), dependencies };
}

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
    const group = /^group\s+(.+?)\s+do\b/.exec(line);
    if (group) {
      groupDepth++;
      inDevGroup = /:development|:test/.test(group[1] ?? "");
      continue;
    }
    if (/^end\b/.test(line) && groupDepth > 0) {
      groupDepth--;
      if (groupDepth === 0) inDevGroup = false;
      continue;
    }
    const gem = /^gem\s+["']([^"']+)["']((?:\s*,\s*["'][^"']*["'])*)(.*)$/.exec(line);
    if (!gem?.[1]) continue;
    const constraints = [...(gem[2] ?? "").matchAll(/["']([^"']*)["']/g)]
      .map((m) => m[1])
      .join(", ");
    const dev = inDevGroup || /group:\s*(?:\[[^\]]*)?:(?:development|test)/.test(gem[3] ?? "");
    dependencies.push({
      name: gem[1],
      constraint: constraints || "*",
      scope: dev ? "dev" : "runtime",
    });
  }
  return { ecosystem: "ruby", dependencies };
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
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

const GRADLE_DEP =
  /^\s*(implementation|api|compileOnly|runtimeOnly|annotationProcessor|kapt|ksp|testImplementation|testRuntimeOnly|testCompileOnly|androidTestImplementation|debugImplementation|classpath)\s*\(?\s*["']([^"':]+):([^"':]+)(?::([^"']+))?["']/gm;

function parseGradle(text: string): Omit<Manifest, "path"> {
  const dependencies: Dependency[] = [];
  for (const m of text.matchAll(GRADLE_DEP)) {
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
