import { type PathRules, pathRules } from "../path-rules.ts";
import type { Manifest, ReadText } from "./manifests.ts";

export interface Tooling {
  tests: { directories: string[]; files: number; frameworks: string[] };
  ci: string[];
  containers: { dockerfiles: string[]; compose: string[] };
  license: { spdx: string | null; path: string } | null;
  docs: {
    readme: string | null;
    contributing: string | null;
    security: string | null;
    changelog: string | null;
    codeOfConduct: string | null;
  };
  linters: string[];
  formatters: string[];
}

const TEST_DIR = /(?:^|\/)(?:tests?|__tests__|specs?|e2e|testing|integration-tests)(?=\/)/;
const TEST_FILE =
  /(?:^|\/)(?:test_[^/]+\.py|[^/]+_test\.(?:py|go|rb|exs?|dart|cc|cpp)|[^/]+\.(?:test|spec)\.[cm]?[jt]sx?|[^/]+_spec\.rb|[^/]+Tests?\.(?:java|kt|cs|swift|scala|php))$/;

const CI = pathRules<string>([
  [/^\.github\/workflows\/[^/]+\.ya?ml$/, "GitHub Actions"],
  [/^\.gitlab-ci\.ya?ml$/, "GitLab CI"],
  [/^\.circleci\/config\.ya?ml$/, "CircleCI"],
  [/^\.travis\.ya?ml$/, "Travis CI"],
  [/^azure-pipelines\.ya?ml$/, "Azure Pipelines"],
  [/^Jenkinsfile$/, "Jenkins"],
  [/^bitbucket-pipelines\.ya?ml$/, "Bitbucket Pipelines"],
  [/^\.drone\.ya?ml$/, "Drone"],
  [/^\.?appveyor\.ya?ml$/, "AppVeyor"],
  [/^\.buildkite\//, "Buildkite"],
  [/^\.woodpecker(?:\.ya?ml|\/)/, "Woodpecker"],
  [/^cloudbuild\.ya?ml$/, "Google Cloud Build"],
  [/^\.forgejo\/workflows\//, "Forgejo Actions"],
]);

// Framework by dependency name (any ecosystem) and by config file.
const FRAMEWORK_DEPS: [RegExp, string][] = [
  [/^jest$/, "Jest"],
  [/^vitest$/, "Vitest"],
  [/^mocha$/, "Mocha"],
  [/^ava$/, "AVA"],
  [/^@playwright\/test$/, "Playwright"],
  [/^cypress$/, "Cypress"],
  [/^jasmine(?:-core)?$/, "Jasmine"],
  [/^pytest$/, "pytest"],
  [/^(?:nose2?|tox)$/, "tox/nose"],
  [/^hypothesis$/, "Hypothesis"],
  [/^rspec(?:-core)?$/, "RSpec"],
  [/^minitest$/, "Minitest"],
  [/^junit:junit$|^org\.junit/, "JUnit"],
  [/^org\.testng/, "TestNG"],
  [/^xunit$/, "xUnit"],
  [/^nunit$/i, "NUnit"],
  [/^MSTest/, "MSTest"],
  [/^phpunit\/phpunit$/, "PHPUnit"],
  [/^pestphp\/pest$/, "Pest"],
  [/^github\.com\/stretchr\/testify$/, "testify"],
  [/^(?:criterion|proptest|rstest)$/, "Rust test crates"],
];
const FRAMEWORK_FILES = pathRules<string>([
  [/(?:^|\/)jest\.config\.[^/]+$/, "Jest"],
  [/(?:^|\/)vitest\.(?:config|workspace)\.[^/]+$/, "Vitest"],
  [/(?:^|\/)\.mocharc(?:\.[^/]+)?$/, "Mocha"],
  [/(?:^|\/)playwright\.config\.[^/]+$/, "Playwright"],
  [/(?:^|\/)cypress\.config\.[^/]+$/, "Cypress"],
  [/(?:^|\/)(?:pytest\.ini|conftest\.py)$/, "pytest"],
  [/(?:^|\/)\.rspec$/, "RSpec"],
  [/(?:^|\/)phpunit\.xml(?:\.dist)?$/, "PHPUnit"],
  [/(?:^|\/)karma\.conf\.[^/]+$/, "Karma"],
  [/_test\.go$/, "go test"],
  [/(?:^|\/)tests\/[^/]+\.rs$/, "cargo test"],
]);

const LINTERS = pathRules<string>([
  [/(?:^|\/)(?:\.eslintrc(?:\.[^/]+)?|eslint\.config\.[^/]+)$/, "ESLint"],
  [/(?:^|\/)biome\.jsonc?$/, "Biome"],
  [/(?:^|\/)\.stylelintrc(?:\.[^/]+)?$/, "Stylelint"],
  [/(?:^|\/)(?:ruff\.toml|\.ruff\.toml)$/, "Ruff"],
  [/(?:^|\/)\.flake8$/, "Flake8"],
  [/(?:^|\/)(?:\.pylintrc|pylintrc)$/, "Pylint"],
  [/(?:^|\/)mypy\.ini$/, "mypy"],
  [/(?:^|\/)\.rubocop\.ya?ml$/, "RuboCop"],
  [/(?:^|\/)\.golangci\.ya?ml$/, "golangci-lint"],
  [/(?:^|\/)clippy\.toml$/, "Clippy"],
  [/(?:^|\/)\.clang-tidy$/, "clang-tidy"],
  [/(?:^|\/)\.swiftlint\.ya?ml$/, "SwiftLint"],
  [/(?:^|\/)phpstan\.neon(?:\.dist)?$/, "PHPStan"],
  [/(?:^|\/)checkstyle[^/]*\.xml$/, "Checkstyle"],
  [/(?:^|\/)\.markdownlint[^/]*$/, "markdownlint"],
  [/(?:^|\/)\.pre-commit-config\.ya?ml$/, "pre-commit"],
  [/(?:^|\/)\.hadolint\.ya?ml$/, "Hadolint"],
  [/(?:^|\/)\.shellcheckrc$/, "ShellCheck"],
]);
const FORMATTERS = pathRules<string>([
  [/(?:^|\/)(?:\.prettierrc(?:\.[^/]+)?|prettier\.config\.[^/]+)$/, "Prettier"],
  [/(?:^|\/)biome\.jsonc?$/, "Biome"],
  [/(?:^|\/)\.editorconfig$/, "EditorConfig"],
  [/(?:^|\/)\.?rustfmt\.toml$/, "rustfmt"],
  [/(?:^|\/)\.clang-format$/, "clang-format"],
  [/(?:^|\/)\.php-cs-fixer(?:\.dist)?\.php$/, "PHP CS Fixer"],
  [/(?:^|\/)\.scalafmt\.conf$/, "scalafmt"],
  [/(?:^|\/)dprint\.jsonc?$/, "dprint"],
  [/(?:^|\/)\.swift-format$/, "swift-format"],
]);
// Tools configured inside pyproject.toml rather than in files of their own.
const PYPROJECT_TOOLS: [string, "linters" | "formatters", string][] = [
  ["ruff", "linters", "Ruff"],
  ["mypy", "linters", "mypy"],
  ["pylint", "linters", "Pylint"],
  ["black", "formatters", "Black"],
  ["isort", "formatters", "isort"],
];

const DOC = (name: string) => new RegExp(`^(?:\\.github/|docs/)?${name}(?:\\.[A-Za-z]+)?$`, "i");
const DOCS = {
  readme: DOC("README"),
  contributing: DOC("CONTRIBUTING"),
  security: DOC("SECURITY"),
  changelog: DOC("(?:CHANGELOG|CHANGES|HISTORY|NEWS)"),
  codeOfConduct: DOC("CODE_OF_CONDUCT"),
};
const LICENSE_FILE = /^(?:LICEN[CS]E|COPYING|UNLICENSE)(?:[.-][A-Za-z0-9.-]+)?$/i;

// Distinctive sentences of each license text, checked in order (AGPL before GPL, LGPL before GPL).
const LICENSES: [RegExp, string][] = [
  [/GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3/i, "AGPL-3.0"],
  [/GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3/i, "LGPL-3.0"],
  [
    /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1|GNU Library General Public License/i,
    "LGPL-2.1",
  ],
  [/GNU GENERAL PUBLIC LICENSE\s+Version 3/i, "GPL-3.0"],
  [/GNU GENERAL PUBLIC LICENSE\s+Version 2/i, "GPL-2.0"],
  [/Apache License,?\s+Version 2\.0/i, "Apache-2.0"],
  [/Mozilla Public License,?\s+(?:Version|v\.?)\s*2\.0/i, "MPL-2.0"],
  [/Eclipse Public License\s*-?\s*v(?:ersion)?\s*2\.0/i, "EPL-2.0"],
  [/Boost Software License/i, "BSL-1.0"],
  [/This is free and unencumbered software released into the public domain/i, "Unlicense"],
  [/CC0 1\.0 Universal|Creative Commons Zero/i, "CC0-1.0"],
  [/Permission is hereby granted, free of charge, to any person obtaining a copy/i, "MIT"],
  [
    /Permission to use, copy, modify, and(?:\/or)? distribute this software for any purpose with or without fee is hereby granted/i,
    "ISC",
  ],
  [/Neither the name of|3\.\s*(?:All advertising|The name)/i, "BSD-3-Clause"],
  [
    /Redistribution and use in source and binary forms, with or without\s+modification, are permitted/i,
    "BSD-2-Clause",
  ],
  [/This software is provided 'as-is', without any express or implied\s+warranty/i, "Zlib"],
];

/** The SPDX id of a license text, or null when it is none of the common licenses. */
export function detectLicense(text: string): string | null {
  const normalised = text.replace(/\s+/g, " ");
  return LICENSES.find(([re]) => re.test(normalised))?.[1] ?? null;
}

/**
 * What a repository uses to test, build, ship and keep itself tidy, from its tracked paths,
 * its manifests and a few file contents (license text, pyproject.toml).
 */
export async function detectTooling(
  paths: readonly string[],
  manifests: readonly Manifest[],
  read: ReadText,
): Promise<Tooling> {
  const found = (rules: PathRules<string>) => {
    const names = new Set<string>();
    for (const p of paths) for (const name of rules.all(p)) names.add(name);
    return names;
  };

  const testDirs = new Set<string>();
  let testFiles = 0;
  for (const p of paths) {
    const dir = TEST_DIR.exec(p);
    if (dir) testDirs.add(p.slice(0, dir.index + dir[0].length).replace(/^\//, ""));
    if (TEST_FILE.test(p) || dir) testFiles++;
  }
  const frameworks = found(FRAMEWORK_FILES);
  for (const m of manifests)
    for (const d of m.dependencies)
      for (const [re, name] of FRAMEWORK_DEPS) if (re.test(d.name)) frameworks.add(name);

  const linters = found(LINTERS);
  const formatters = found(FORMATTERS);
  for (const p of paths.filter((p) => p === "pyproject.toml" || p === "setup.cfg")) {
    const text = (await read(p)) ?? "";
    for (const [tool, kind, name] of PYPROJECT_TOOLS) {
      if (new RegExp(`^\\[(?:tool\\.)?${tool}\\b`, "m").test(text))
        (kind === "linters" ? linters : formatters).add(name);
    }
    if (/^\[(?:tool:)?pytest|^\[tool\.pytest/m.test(text)) frameworks.add("pytest");
  }

  const rootFiles = paths.filter((p) => !p.includes("/") || /^(?:\.github|docs)\/[^/]+$/.test(p));
  const doc = (re: RegExp) => rootFiles.find((p) => re.test(p)) ?? null;

  const licensePath = paths.find((p) => !p.includes("/") && LICENSE_FILE.test(p));
  let license: Tooling["license"] = null;
  if (licensePath)
    license = { spdx: detectLicense((await read(licensePath)) ?? ""), path: licensePath };
  else {
    const declared = manifests.find((m) => m.path === "package.json");
    const text = declared ? await read(declared.path) : undefined;
    const spdx = text ? /"license"\s*:\s*"([^"]+)"/.exec(text)?.[1] : undefined;
    if (spdx) license = { spdx, path: "package.json" };
  }

  const sorted = (s: Set<string>) => [...s].sort();
  return {
    tests: {
      directories: [...testDirs].sort(),
      files: testFiles,
      frameworks: sorted(frameworks),
    },
    ci: sorted(found(CI)),
    containers: {
      dockerfiles: paths.filter((p) =>
        /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|\.dockerfile$/i.test(p),
      ),
      compose: paths.filter((p) => /(?:^|\/)(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/.test(p)),
    },
    license,
    docs: {
      readme: doc(DOCS.readme),
      contributing: doc(DOCS.contributing),
      security: doc(DOCS.security),
      changelog: doc(DOCS.changelog),
      codeOfConduct: doc(DOCS.codeOfConduct),
    },
    linters: sorted(linters),
    formatters: sorted(formatters),
  };
}
