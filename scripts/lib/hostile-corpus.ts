import { writeFileSync } from "node:fs";
import path from "node:path";
import { createRepo, type FixtureFiles, git } from "../../test/analysis/fixtures.ts";

/**
 * Hostile repositories, as an attacker would push them (issue #13): each builder makes one git
 * repository in `dir` and returns its path. Deterministic (same bytes every run) and sized by
 * options, so `npm run bench:hostile` builds them at full size and a test can build the same
 * attack small, e.g. `emptyFileBomb(dir, { files: 2000 })`.
 */

/** The size the analysis reads a manifest up to (1 MiB): each bomb stays just under it. */
const MANIFEST_BYTES = 1_000_000;

/** A normal small project: the control that must complete. */
function controlRepo(dir: string): string {
  return createRepo(dir, {
    "package.json": JSON.stringify(
      { name: "control", version: "1.0.0", dependencies: { hono: "^4.0.0" } },
      null,
      2,
    ),
    "src/index.ts": "// entry\nexport const answer = 42;\n",
    "README.md": "# Control\n\nA small, ordinary repository.\n",
  });
}

/** A package.json of `dependencies` entries (2,000 make about 93 KB). */
function bigPackageJson(dependencies: number): string {
  const deps: Record<string, string> = {};
  for (let i = 0; i < dependencies; i++)
    deps[`dependency-package-number-${String(i).padStart(5, "0")}`] = `^${i % 20}.${i % 7}.0`;
  return JSON.stringify({ name: "bomb", version: "1.0.0", dependencies: deps }, null, 2);
}

/**
 * The report bomb: `folders` folders each holding the same big package.json. Git stores the
 * blob once (the repository stays small); a report listing every manifest does not.
 */
function reportBomb(
  dir: string,
  options: { folders?: number; dependencies?: number } = {},
): string {
  const manifest = bigPackageJson(options.dependencies ?? 2000);
  const files: FixtureFiles = {};
  for (let i = 0; i < (options.folders ?? 300); i++)
    files[`packages/p${String(i).padStart(4, "0")}/package.json`] = manifest;
  return createRepo(dir, files);
}

/** One manifest written to defeat one parser of src/analysis/facts/manifests.ts. */
interface ManifestBomb {
  file: string;
  what: string;
  text(bytes: number): string;
}

const fill = (unit: string, bytes: number) =>
  unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

/** Nesting that fits `bytes`: `open` k times, `middle`, `close` k times. */
const nest = (open: string, middle: string, close: string, bytes: number) => {
  const k = Math.max(1, Math.floor((bytes - middle.length) / (open.length + close.length)));
  return open.repeat(k) + middle + close.repeat(k);
};

const MANIFEST_BOMBS = {
  "requirements-spaces": {
    file: "requirements.txt",
    what: "requirements.txt: one line of spaces (`\\s+#.*$` backtracks)",
    text: (bytes) => fill(" ", bytes),
  },
  "requirements-a-spaces": {
    file: "requirements.txt",
    what: "requirements.txt: `a`, then spaces, no `#`",
    text: (bytes) => `a${fill(" ", bytes - 1)}`,
  },
  "gradle-newlines": {
    file: "build.gradle",
    what: "build.gradle: newlines only (`^\\s*` with /m backtracks)",
    text: (bytes) => fill("\n", bytes),
  },
  "gradle-implementation": {
    file: "build.gradle",
    what: "build.gradle: `implementation` then spaces (`\\s*\\(?\\s*` backtracks)",
    text: (bytes) => `implementation${fill(" ", bytes - 14)}`,
  },
  "gomod-require": {
    file: "go.mod",
    what: "go.mod: `require (` lines and no `)` (a lazy scan from each)",
    text: (bytes) => `module example.com/bomb\n\n${fill("require (\n", bytes - 25)}`,
  },
  "gemfile-group": {
    file: "Gemfile",
    what: "Gemfile: `group x` then spaces, no `do` (`(.+?)\\s+do` backtracks)",
    text: (bytes) => `group :x${fill(" ", bytes - 9)}x`,
  },
  "pom-nested": {
    file: "pom.xml",
    what: "pom.xml: elements nested ~140,000 deep",
    text: (bytes) => `<project>${nest("<a>", "x", "</a>", bytes - 19)}</project>`,
  },
  "cargo-toml": {
    file: "Cargo.toml",
    what: "Cargo.toml: an array nested ~500,000 deep",
    text: (bytes) =>
      `[package]\nname = "bomb"\n\n[dependencies]\nx = ${nest("[", "1", "]", bytes - 50)}\n`,
  },
  "pyproject-toml": {
    file: "pyproject.toml",
    what: "pyproject.toml: ~58,000 dependencies in one list",
    text: (bytes) => {
      const count = Math.max(1, Math.floor((bytes - 60) / 17));
      const specs = Array.from(
        { length: count },
        (_, i) => `"d${String(i).padStart(6, "0")}>=1.0",`,
      );
      return `[project]\nname = "bomb"\ndependencies = [\n${specs.join("\n")}\n]\n`;
    },
  },
  "composer-nested": {
    file: "composer.json",
    what: "composer.json: arrays nested ~500,000 deep",
    text: (bytes) => `{"require":${nest("[", "1", "]", bytes - 13)}}`,
  },
  "package-json-nested": {
    file: "package.json",
    what: "package.json: objects nested ~170,000 deep",
    text: (bytes) => `{"dependencies":${nest('{"a":', "1", "}", bytes - 18)}}`,
  },
  "csproj-entities": {
    file: "Bomb.csproj",
    what: "a .csproj with nested entities (billion laughs)",
    text: () => {
      const entities = ['<!ENTITY l0 "lol">'];
      for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
      return `<?xml version="1.0"?>\n<!DOCTYPE Project [\n${entities.join("\n")}\n]>\n<Project><ItemGroup><PackageReference Include="&l9;" Version="&l9;" /></ItemGroup></Project>\n`;
    },
  },
} satisfies Record<string, ManifestBomb>;

type ManifestBombName = keyof typeof MANIFEST_BOMBS;

/** A repository whose one manifest is the named bomb, `bytes` long (default just under 1 MiB). */
function manifestBomb(
  dir: string,
  name: ManifestBombName,
  options: { bytes?: number } = {},
): string {
  const bomb = MANIFEST_BOMBS[name];
  return createRepo(dir, { [bomb.file]: bomb.text(options.bytes ?? MANIFEST_BYTES) });
}

/**
 * The empty-file bomb: `files` empty files (git stores one empty blob; the count and the
 * scan see every path).
 */
function emptyFileBomb(dir: string, options: { files?: number } = {}): string {
  const files: FixtureFiles = {};
  for (let i = 0; i < (options.files ?? 50_000); i++)
    files[`e/${Math.floor(i / 1000)}/${i}.txt`] = "";
  return createRepo(dir, files);
}

/** A package.json whose strings (a key included) hold NUL characters, which Postgres refuses. */
function nulManifest(dir: string): string {
  return createRepo(dir, {
    "package.json":
      '{"name":"nul\\u0000name","version":"1.0.0\\u0000","dependencies":{"a\\u0000b":"^1.0.0\\u0000"}}\n',
  });
}

/** A file at the bottom of `depth` nested folders. */
export function deepTree(dir: string, options: { depth?: number } = {}): string {
  const folders = Array.from({ length: options.depth ?? 256 }, () => "d").join("/");
  return createRepo(dir, {
    [`${folders}/deep.ts`]: "export const deep = true;\n",
    [`${folders}/package.json`]: '{"name":"deep","dependencies":{"a":"1"}}\n',
  });
}

/** One source file of `bytes` bytes (default 50 MB) and no newline. */
export function longLine(dir: string, options: { bytes?: number } = {}): string {
  createRepo(dir, {});
  const unit = "let x = 1; /* one very long line */ ";
  writeFileSync(
    path.join(dir, "line.js"),
    unit.repeat(Math.ceil((options.bytes ?? 50_000_000) / unit.length)),
  );
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "one long line");
  return dir;
}

/** `manifests` distinct small package.json files, a hundred per folder. */
export function manyManifests(dir: string, options: { manifests?: number } = {}): string {
  const files: FixtureFiles = {};
  for (let i = 0; i < (options.manifests ?? 5000); i++)
    files[`pkgs/g${Math.floor(i / 100)}/p${i}/package.json`] = JSON.stringify({
      name: `p${i}`,
      version: "1.0.0",
      dependencies: { [`dep-${i}`]: "^1.0.0", [`dep-${i + 1}`]: "~2.0.0", shared: "*" },
    });
  return createRepo(dir, files);
}

/** One case of the hostile run: a name for `--only`, what it is, and its full-size builder. */
export interface HostileCase {
  name: string;
  what: string;
  build(dir: string): string;
}

/** Every case at full size, in the order the benchmark runs them (control first and last). */
export const HOSTILE_CASES: HostileCase[] = [
  { name: "control", what: "a small ordinary repository (must complete)", build: controlRepo },
  {
    name: "report-bomb",
    what: "300 folders with the same 93 KB package.json (2,000 dependencies)",
    build: (dir) => reportBomb(dir),
  },
  ...(Object.keys(MANIFEST_BOMBS) as ManifestBombName[]).map((name) => ({
    name,
    what: `${MANIFEST_BOMBS[name].what}, 1 MB`,
    build: (dir: string) => manifestBomb(dir, name),
  })),
  { name: "empty-files", what: "50,000 empty files", build: (dir) => emptyFileBomb(dir) },
  { name: "nul-manifest", what: "a package.json with \\u0000 in its strings", build: nulManifest },
  { name: "deep-tree", what: "a file 256 folders deep", build: (dir) => deepTree(dir) },
  { name: "long-line", what: "one 50 MB line of JavaScript", build: (dir) => longLine(dir) },
  {
    name: "many-manifests",
    what: "5,000 distinct small package.json files",
    build: (dir) => manyManifests(dir),
  },
  { name: "control-after", what: "the control again, after the hostile cases", build: controlRepo },
];
