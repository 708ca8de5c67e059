import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ManifestLimits, readManifests } from "../../src/analysis/facts/manifests.ts";
import { detectLicense } from "../../src/analysis/facts/tooling.ts";
import { MANIFEST_LIMITS } from "../../src/analysis/report-limits.ts";

/** readManifests over in-memory files, sizes measured and blob ids made as git makes them. */
function readAll(files: Record<string, string>, limits: ManifestLimits = MANIFEST_LIMITS) {
  const candidates = Object.entries(files).map(([path, text]) => ({
    path,
    bytes: Buffer.byteLength(text),
    oid: createHash("sha1")
      .update(`blob ${Buffer.byteLength(text)}\0${text}`)
      .digest("hex"),
  }));
  return readManifests(candidates, (p) => files[p], limits);
}

const FILES: Record<string, string> = {
  "pyproject.toml": `[project]
name = "svc"
version = "0.1.0"
dependencies = ["httpx>=0.27", "pydantic[email] (>=2,<3)"]
[project.optional-dependencies]
test = ["pytest"]
[dependency-groups]
lint = ["ruff==0.6"]
`,
  "go.mod": `module example.com/svc

go 1.22

require (
\tgithub.com/stretchr/testify v1.9.0
\tgolang.org/x/sync v0.7.0 // indirect
)
require github.com/spf13/cobra v1.8.0
`,
  "Cargo.toml": `[package]
name = "svc"
version = "0.2.0"
[dependencies]
serde = { version = "1", features = ["derive"] }
tokio = "1.38"
[dev-dependencies]
proptest = "1"
[build-dependencies]
cc = "1.0"
`,
  Gemfile: `source "https://rubygems.org"
gem "rails", "~> 7.1"
gem "pg"
group :development, :test do
  gem "rspec-rails", ">= 6"
end
`,
  "pom.xml": `<project><groupId>org.x</groupId><artifactId>svc</artifactId><version>1.0</version>
<dependencies>
<dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.10.0</version><scope>test</scope></dependency>
<dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>33.0-jre</version></dependency>
</dependencies></project>`,
  "app/build.gradle.kts": `dependencies {
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    testImplementation("junit:junit:4.13.2")
}`,
  "composer.json": JSON.stringify({
    name: "x/svc",
    require: { php: ">=8.2", "guzzlehttp/guzzle": "^7" },
    "require-dev": { "phpunit/phpunit": "^11" },
  }),
  "src/Svc.csproj": `<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>
<PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
<PackageReference Include="coverlet.collector" Version="6.0.0" PrivateAssets="all" />
</ItemGroup></Project>`,
  "broken/package.json": "{ not json",
};

const { manifests, problems } = await readAll(FILES);

describe("dependency manifests", () => {
  const deps = (path: string) => manifests.find((m) => m.path === path)?.dependencies;

  it("reads pyproject.toml: PEP 621 dependencies, extras and dependency groups", () => {
    expect(deps("pyproject.toml")).toEqual([
      { name: "httpx", constraint: ">=0.27", scope: "runtime" },
      { name: "pydantic", constraint: ">=2,<3", scope: "runtime" },
      { name: "pytest", constraint: "*", scope: "dev" },
      { name: "ruff", constraint: "==0.6", scope: "dev" },
    ]);
  });

  it("reads go.mod require blocks and single requires", () => {
    expect(deps("go.mod")?.map((d) => `${d.name}@${d.constraint}`)).toEqual([
      "github.com/stretchr/testify@v1.9.0",
      "golang.org/x/sync@v0.7.0",
      "github.com/spf13/cobra@v1.8.0",
    ]);
  });

  it("reads Cargo.toml with table and string versions and their scopes", () => {
    expect(deps("Cargo.toml")).toEqual([
      { name: "serde", constraint: "1", scope: "runtime" },
      { name: "tokio", constraint: "1.38", scope: "runtime" },
      { name: "proptest", constraint: "1", scope: "dev" },
      { name: "cc", constraint: "1.0", scope: "build" },
    ]);
  });

  it("reads Gemfile groups, pom.xml scopes, Gradle configurations, composer and csproj", () => {
    expect(deps("Gemfile")).toEqual([
      { name: "rails", constraint: "~> 7.1", scope: "runtime" },
      { name: "pg", constraint: "*", scope: "runtime" },
      { name: "rspec-rails", constraint: ">= 6", scope: "dev" },
    ]);
    expect(deps("pom.xml")).toEqual([
      { name: "org.junit.jupiter:junit-jupiter", constraint: "5.10.0", scope: "dev" },
      { name: "com.google.guava:guava", constraint: "33.0-jre", scope: "runtime" },
    ]);
    expect(deps("app/build.gradle.kts")).toEqual([
      { name: "com.squareup.okhttp3:okhttp", constraint: "4.12.0", scope: "runtime" },
      { name: "junit:junit", constraint: "4.13.2", scope: "dev" },
    ]);
    expect(deps("composer.json")?.map((d) => d.scope)).toEqual(["runtime", "runtime", "dev"]);
    expect(deps("src/Svc.csproj")).toEqual([
      { name: "Newtonsoft.Json", constraint: "13.0.3", scope: "runtime" },
      { name: "coverlet.collector", constraint: "6.0.0", scope: "dev" },
    ]);
  });

  it("reports a manifest that does not parse as a problem instead of failing", () => {
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("broken/package.json");
  });
});

describe("manifests from an untrusted repository", () => {
  const MB = 1024 * 1024;
  const fill = (unit: string, prefix = "", suffix = "") =>
    prefix +
    unit
      .repeat(Math.ceil((MB - prefix.length - suffix.length) / unit.length))
      .slice(0, MB - prefix.length - suffix.length) +
    suffix;

  // 1 MB of the text each parser used to backtrack on: the old patterns (/\s+#.*$/, ^\s* with
  // /m, a lazy scan for a `)` line) needed 21 s for 200 KB of spaces and minutes for 1 MB, far
  // past this test's timeout; a linear parser reads each in well under a second. No timing is
  // asserted: finishing within the timeout is the assertion.
  it.each([
    ["requirements.txt", fill(" ", "a")],
    ["requirements.txt", fill(" #")],
    ["requirements-dev.txt", fill(`${" ".repeat(200)}\n`)],
    ["build.gradle", fill("\n", "implementation(")],
    ["build.gradle", fill(" ", "implementation")],
    ["go.mod", fill("\n", "require (")],
    ["go.mod", fill(" ", "module")],
    ["Gemfile", fill(" ", "group ")],
    ["Gemfile", fill("gem '")],
    ["Gemfile", fill(" ", "gem 'a', group: [")],
    ["pyproject.toml", fill("[", "a = ")],
    ["pyproject.toml", fill("a.", "", " = 1")],
    ["Cargo.toml", fill("a\n", 'a = """')],
    ["package.json", fill("[")],
    ["composer.json", fill("a", '{"require":{"')],
    ["pom.xml", fill("<a>", "<project>")],
    ["App.csproj", fill("-", "<Project><!--")],
  ])("reads 1 MB of hostile %s to its end, with or without dependencies", async (path, text) => {
    const { manifests, problems } = await readAll({ [path]: text });
    expect(manifests.length + problems.length).toBe(1);
  });

  it("does not expand XML entities a pom.xml defines", async () => {
    const pom = `<!DOCTYPE p [<!ENTITY a "${"x".repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<project><dependencies>${"<dependency><groupId>&b;</groupId><artifactId>a</artifactId></dependency>".repeat(2000)}</dependencies></project>`;
    const { manifests } = await readAll(
      { "pom.xml": pom },
      { ...MANIFEST_LIMITS, maxDependencies: 10_000 },
    );
    const names = manifests[0]?.dependencies.map((d) => d.name) ?? [];
    expect(names).toHaveLength(2000);
    expect(names[0]).toBe("&b;:a");
  });

  it("skips a manifest over the size cap and says which one", async () => {
    const big = JSON.stringify({ dependencies: { a: "1" }, padding: "x".repeat(MB) });
    const { manifests, problems } = await readAll({
      "pkg/package.json": big,
      "package.json": "{}",
    });
    expect(manifests.map((m) => m.path)).toEqual(["package.json"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^pkg\/package\.json: \d+ bytes, over the 1048576-byte manifest limit/,
    );
  });

  it("describes the first twenty manifests that fail and counts the rest", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`p${String(i).padStart(2, "0")}/package.json`] = `{${i}`;
    const { problems } = await readAll(files);
    expect(problems).toHaveLength(21);
    expect(problems[0]).toMatch(/^p00\/package\.json: /);
    expect(problems[20]).toBe("10 more manifests were skipped");
  });

  it("lists identical manifests once, with how many copies and where", async () => {
    const pkg = JSON.stringify({ name: "same", dependencies: { left: "1" } });
    const files: Record<string, string> = { "package.json": JSON.stringify({ name: "root" }) };
    for (let i = 0; i < 30; i++) files[`p${String(i).padStart(2, "0")}/package.json`] = pkg;
    const { manifests } = await readAll(files);
    expect(manifests.map((m) => m.path)).toEqual(["p00/package.json", "package.json"]);
    expect(manifests[0]?.copies).toEqual({
      count: 29,
      paths: Array.from(
        { length: 10 },
        (_, i) => `p${String(i + 1).padStart(2, "0")}/package.json`,
      ),
    });
  });

  it("keeps the first dependencies and manifests of a huge tree and counts the rest", async () => {
    const deps = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`dep${i}`, "1"]));
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++)
      files[`p${String(i).padStart(2, "0")}/package.json`] = JSON.stringify({
        name: `p${i}`,
        dependencies: deps,
      });
    const limits = { ...MANIFEST_LIMITS, maxManifests: 5, maxDependencies: 25 };
    const { manifests, truncated } = await readAll(files, limits);
    expect(manifests).toHaveLength(5);
    expect(truncated).toEqual({ kept: 5, total: 12 });
    expect(manifests[0]?.dependencies).toHaveLength(25);
    expect(manifests[0]?.truncated).toEqual({ dependencies: { kept: 25, total: 40 } });
  });
});

describe("license detection", () => {
  it.each([
    ["Apache License\n  Version 2.0, January 2004", "Apache-2.0"],
    ["GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007", "GPL-3.0"],
    ["GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3", "AGPL-3.0"],
    [
      "Redistribution and use in source and binary forms, with or without\nmodification, are permitted... Neither the name of",
      "BSD-3-Clause",
    ],
    ["All rights reserved. Proprietary.", null],
  ])("names %j as %s", (text, spdx) => expect(detectLicense(text)).toBe(spdx));
});
