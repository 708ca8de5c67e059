import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transportConfig } from "../../src/analysis/clone.ts";
import { readChanges } from "../../src/analysis/facts/changes.ts";
import { gitFacts } from "../../src/analysis/facts/history.ts";
import { OFFLINE_CONFIG, runGit } from "../../src/analysis/git.ts";
import { type AnalysisOptions, analyze } from "../../src/analysis/index.ts";
import { cloneClosed, createRepo, git, type TempDir, tempDir, writeFiles } from "./fixtures.ts";
import { type GitHttpsServer, startGitHttpsServer } from "./git-https-server.ts";

/**
 * Hotspots come from the blob-less clone: commits and trees, no file contents but the tip's. Rename
 * detection compares contents, so in a partial clone git would fetch the blobs it lacks from
 * the host by itself ("lazy fetch"), one round trip at a time. This suite counts what a real
 * HTTPS git host is asked, and shows both that the churn log asks nothing and that the same
 * clone does reach the host when rename detection is on (so the count can see a lazy fetch).
 */

const HOST = "churn.repolens.test";
const REPO = `https://${HOST}/acme/moved`;
const NOT_ROOT =
  process.getuid?.() === 0 ? "" : " (skipped: listening on port 443 needs root; CI runs as root)";

const body = (n: number) =>
  Array.from({ length: 40 }, (_, i) => `if x == ${i + n}:\n    y = ${i}\n`).join("");

const fetchesOf = (server: GitHttpsServer, from: number) =>
  server.requests.slice(from).filter((r) => r.lines.includes("command=fetch"));

describe.skipIf(NOT_ROOT !== "")(`churn over https without a lazy fetch${NOT_ROOT}`, () => {
  let dir: TempDir;
  let server: GitHttpsServer;
  let options: AnalysisOptions;

  beforeAll(async () => {
    dir = tempDir("churn-https");
    const work = createRepo(path.join(dir.path, "work"), {
      "src/app.py": "if a:\n    pass\n",
      "src/old_name.py": body(0),
    });
    const commit = (files: Record<string, string>) => {
      writeFiles(work, files);
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", "change");
    };
    commit({ "src/app.py": "if a:\n    pass\nif b:\n    pass\n" });
    // A rename with an edit: only a comparison of contents can pair the two paths.
    git(work, "mv", "src/old_name.py", "src/new_name.py");
    commit({ "src/new_name.py": `${body(0)}if z:\n    pass\n` });
    commit({ "src/app.py": "if a:\n    pass\nif b and c:\n    pass\n" });

    const root = path.join(dir.path, "served");
    mkdirSync(path.join(root, "acme"), { recursive: true });
    const bare = path.join(root, "acme/moved.git");
    git(root, "clone", "-q", "--bare", work, bare);
    git(bare, "config", "uploadpack.allowFilter", "true");
    git(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
    server = await startGitHttpsServer({ root, dir: dir.path, host: HOST });
    options = {
      sandboxDir: path.join(dir.path, "sandbox"),
      allowedHosts: [HOST],
      allowLocal: false,
      maxRepoBytes: 50 * 1024 * 1024,
      cloneTimeoutMs: 20_000,
      historyTimeoutMs: 20_000,
      resolveHost: async () => [server.address],
      caFile: server.caFile,
    };
    mkdirSync(options.sandboxDir);
  });

  afterAll(async () => {
    await server?.close();
    dir?.remove();
  });

  it("ranks hotspots from the one clone, asking the host for nothing more", async () => {
    const before = server.requests.length;
    const report = await analyze({ url: REPO }, options);
    expect(report.hotspots?.map((h) => [h.path, h.commits, h.complexity])).toEqual([
      ["src/new_name.py", 1, 41],
      ["src/app.py", 3, 3],
    ]);
    expect(report.git.churn).toEqual({ available: true, commits: 4 });
    // The blob-less window, then the tip's two blobs for the checkout, in one batch: nothing
    // else, however many files changed.
    const fetches = fetchesOf(server, before);
    expect(fetches).toHaveLength(2);
    expect(fetches[0]?.lines).toContain("filter blob:none");
    expect(fetches[1]?.lines.filter((l) => l.startsWith("want "))).toHaveLength(2);
  });

  it("reads the changes of the clone offline, where rename detection would fetch blobs", async () => {
    const work = path.join(dir.path, "probe");
    const home = path.join(dir.path, "probe-home");
    mkdirSync(home);
    const pin = { host: HOST, addresses: [server.address] };
    await cloneClosed({
      url: REPO,
      ref: null,
      dest: work,
      home,
      timeoutMs: 20_000,
      maxBytes: 50 * 1024 * 1024,
      maxFiles: 1000,
      depth: 1000,
      allowLocal: false,
      pin,
      tls: { caFile: server.caFile },
    });
    const before = server.requests.length;
    const facts = await gitFacts(work, {
      home,
      allowFile: false,
      maxCommits: 1000,
      timeoutMs: 20_000,
    });
    expect(facts.history).toMatchObject({ available: true, commits: 4 });
    const changes = await readChanges(work, {
      home,
      allowFile: false,
      maxCommits: 1000,
      timeoutMs: 20_000,
      paths: new Set(["src/app.py", "src/new_name.py"]),
    });
    expect(changes.files.get("src/app.py")?.commits).toBe(3);
    expect(server.requests.length).toBe(before);

    // The clone is cut off from its remote: asked to detect renames, even with the host's
    // pin and CAs and no offline settings, git fails rather than fetch.
    const config = transportConfig(pin, { caFile: server.caFile });
    const renames = ["log", "-M", "--name-status", "--format=%H", "HEAD"];
    await expect(runGit(renames, { cwd: work, home, config, timeoutMs: 20_000 })).rejects.toThrow(
      /unable to read|bad object|missing/,
    );
    // The offline settings, the second line of defence, refuse the fetch on their own.
    const promisor = () => {
      git(work, "remote", "add", "origin", REPO);
      git(work, "config", "remote.origin.promisor", "true");
    };
    promisor();
    await expect(
      runGit(renames, {
        cwd: work,
        home,
        config: [...config, ...OFFLINE_CONFIG],
        timeoutMs: 20_000,
      }),
    ).rejects.toThrow(/not allowed/);
    expect(server.requests.length).toBe(before);

    // The control: the same clone, its remote given back, goes to the host for the blobs.
    const detected = await runGit(renames, { cwd: work, home, config, timeoutMs: 20_000 });
    expect(detected.toString("utf8")).toMatch(/^R\d+\tsrc\/old_name\.py\tsrc\/new_name\.py$/m);
    expect(fetchesOf(server, before).length).toBeGreaterThan(0);
  });
});
