import { X509Certificate } from "node:crypto";
import { lookup } from "node:dns/promises";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pino, { type Logger } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GitTls, gitTls } from "../../src/analysis/git-tls.ts";
import {
  type AnalysisOptions,
  analysisOptionsFromEnv,
  analyze,
  checkRemote,
  resolveCommit,
  resolvePublicHost,
} from "../../src/analysis/index.ts";
import { followRedirects } from "../../src/analysis/redirects.ts";
import { redirectOptions } from "../../src/analysis/resolve.ts";
import { loadConfig } from "../../src/config/index.ts";
import { cloneClosed, createRepo, git, type TempDir, tempDir, writeFiles } from "./fixtures.ts";
import { type GitHttpsServer, startGitHttpsServer } from "./git-https-server.ts";

/**
 * The path production takes, which file:// clones never exercise: URL rules, the DNS guard and
 * its pin (`http.curloptResolve`), TLS verification, a blob-less shallow clone over smart HTTP
 * and the checkout's fetch of the tip's blobs, and ls-remote, against `git http-backend` behind a real HTTPS server.
 * The host name does not exist in DNS, so every git command that reaches the server proves it
 * used the pinned address rather than a lookup of its own.
 */

const HOST = "git.repolens.test";
// A second host name, served by a second server, that redirects may point at.
const OTHER = "elsewhere.repolens.test";
const REPO = `https://${HOST}/acme/widget`;
const NOT_ROOT =
  process.getuid?.() === 0 ? "" : " (skipped: listening on port 443 needs root; CI runs as root)";

// Three authors over five commits on main; a tag on the second, a branch off the third.
const AUTHORS = ["Ada <ada@example.com>", "Grace <grace@example.com>", "Linus <linus@example.com>"];
// Python: code 2, comment 1, blank 1.
const APP = "# entry point\n\nimport sys\nprint(sys.argv)\n";

interface Inventory {
  commits: number;
  blobs: string[];
}

/**
 * The objects a repository holds, without fetching any a partial clone lacks. Synchronous git is
 * safe here only because it reads local files: the server lives in this process.
 */
function inventory(repo: string): Inventory {
  const lines = git(
    repo,
    "cat-file",
    "--batch-all-objects",
    "--batch-check=%(objecttype) %(objectname)",
  ).split("\n");
  return {
    commits: lines.filter((l) => l.startsWith("commit ")).length,
    blobs: lines.filter((l) => l.startsWith("blob ")).map((l) => l.slice(5)),
  };
}

describe.skipIf(NOT_ROOT !== "")(`analysis over https${NOT_ROOT}`, () => {
  let dir: TempDir;
  let server: GitHttpsServer;
  let elsewhere: GitHttpsServer;
  /** Both servers' certificate authorities, for a redirect from one to the other. */
  let bothCas: string;
  let sandbox: string;
  let options: AnalysisOptions;
  const commits: string[] = [];
  let feature: string;
  let firstAppBlob: string;

  beforeAll(async () => {
    // Without this the test would prove nothing about the pin: git could find the host itself.
    await expect(lookup(HOST)).rejects.toThrow();

    dir = tempDir("https");
    const work = createRepo(path.join(dir.path, "work"), {
      "src/app.py": "print('v1')\n",
      "notes/old.txt": "first notes\n",
    });
    git(work, "commit", "-q", "--amend", "--no-edit", "--author", AUTHORS[0] as string);
    commits.push(git(work, "rev-parse", "HEAD"));
    const commit = (author: number, files: Record<string, string>, remove: string[] = []) => {
      writeFiles(work, files);
      if (remove.length > 0) git(work, "rm", "-q", ...remove);
      git(work, "add", "-A");
      git(work, "commit", "-q", "-m", "change", "--author", AUTHORS[author] as string);
      return git(work, "rev-parse", "HEAD");
    };
    commits.push(commit(1, { "src/app.py": "print('v2')\n" }));
    git(work, "tag", "-a", "v1.0", "-m", "first release");
    commits.push(commit(2, { "src/app.py": "print('v3')\n" }, ["notes/old.txt"]));
    git(work, "checkout", "-q", "-b", "feature");
    feature = commit(0, { "src/feature.py": "x = 1\n" });
    git(work, "checkout", "-q", "main");
    commits.push(commit(0, { "README.md": "# Widget\n" }));
    commits.push(commit(1, { "src/app.py": APP }));
    firstAppBlob = git(work, "rev-parse", `${commits[0]}:src/app.py`);

    const root = path.join(dir.path, "served");
    mkdirSync(path.join(root, "acme"), { recursive: true });
    const bare = path.join(root, "acme/widget.git");
    git(root, "clone", "-q", "--bare", work, bare);
    // As on GitHub: partial clones and fetching a commit by its sha are allowed.
    git(bare, "config", "uploadpack.allowFilter", "true");
    git(bare, "config", "uploadpack.allowAnySHA1InWant", "true");
    git(root, "init", "-q", "--bare", path.join(root, "acme/empty.git"));
    // Served by a host that knows no partial clone (uploadpack.allowFilter unset).
    git(root, "clone", "-q", "--bare", work, path.join(root, "acme/plain.git"));
    // Served, but its transfers are cut (see the failure classification test).
    git(root, "clone", "-q", "--bare", work, path.join(root, "acme/fragile.git"));

    server = await startGitHttpsServer({ root, dir: dir.path, host: HOST });
    mkdirSync(path.join(dir.path, "elsewhere"));
    elsewhere = await startGitHttpsServer({
      root,
      dir: path.join(dir.path, "elsewhere"),
      host: OTHER,
    });
    bothCas = path.join(dir.path, "both-cas.pem");
    writeFileSync(
      bothCas,
      readFileSync(server.caFile, "utf8") + readFileSync(elsewhere.caFile, "utf8"),
    );
    sandbox = path.join(dir.path, "sandbox");
    mkdirSync(sandbox);
    options = {
      sandboxDir: sandbox,
      allowedHosts: [HOST],
      allowLocal: false,
      maxRepoBytes: 50 * 1024 * 1024,
      cloneTimeoutMs: 20_000,
      historyTimeoutMs: 20_000,
      resolveHost: async (host) => {
        expect(host).toBe(HOST);
        return [server.address];
      },
      caFile: server.caFile,
    };
  });

  afterAll(async () => {
    await server?.close();
    await elsewhere?.close();
    dir?.remove();
  });

  afterEach(() => {
    expect(readdirSync(sandbox)).toEqual([]);
  });

  it("analyses an https repository: default branch, its commit, the scan and its history", async () => {
    const before = server.requests.length;
    let cloned: Inventory | undefined;
    const report = await analyze({ url: `${REPO}.git` }, options, {
      // The clone is still in the sandbox when the git step ends: look at what it holds.
      onProgress: (step, pct) => {
        if (step !== "git" || pct !== 100) return;
        const [job] = readdirSync(sandbox);
        cloned = inventory(path.join(sandbox, job as string, "repo"));
      },
    });

    expect(report.repo).toMatchObject({
      url: REPO,
      source: "remote",
      ref: null,
      commit: commits[4],
      branch: "main",
    });
    expect(report.languages.find((l) => l.name === "Python")).toMatchObject({
      files: 1,
      code: 2,
      comments: 1,
      blanks: 1,
    });
    expect(report.git.history).toMatchObject({
      available: true,
      commits: 5,
      contributors: 3,
      complete: true,
    });
    expect(report.warnings).toEqual([]);

    // Every commit of the window, but only the blobs of the checked-out tree (README, app.py):
    // the clone brought commits and trees, and file contents for the checkout only.
    expect(cloned?.commits).toBe(5);
    expect(cloned?.blobs).toHaveLength(2);
    expect(cloned?.blobs).not.toContain(firstAppBlob);

    // And the server was asked for exactly that: the blob-less window in one clone, then the
    // checkout's two blobs in one batch.
    const fetches = server.requests.slice(before).filter((r) => r.lines.includes("command=fetch"));
    expect(fetches).toHaveLength(2);
    expect(fetches[0]?.lines).toContain("filter blob:none");
    expect(fetches[0]?.lines).toContain("deepen 1000");
    expect(fetches[1]?.lines.filter((l) => l.startsWith("want ")).sort()).toEqual(
      cloned?.blobs.map((b) => `want ${b}`).sort(),
    );
    expect(fetches[1]?.lines.some((l) => l.startsWith("deepen"))).toBe(false);
    expect(fetches.every((r) => r.status === 200)).toBe(true);
  });

  it("takes the tip alone from a host that serves no partial clone, and says history is missing", async () => {
    const before = server.requests.length;
    const report = await analyze({ url: `https://${HOST}/acme/plain` }, options);
    expect(report.repo).toMatchObject({ commit: commits[4], branch: "main" });
    expect(report.languages.find((l) => l.name === "Python")?.files).toBe(1);
    expect(report.git.history).toEqual({
      available: false,
      reason: expect.stringMatching(/does not serve partial clones/),
    });
    expect(report.hotspots).toBeNull();
    expect(report.warnings).toContainEqual(expect.stringMatching(/does not serve partial clones/));
    // Stopped before its pack of every blob of the window: the one pack fetched is the tip's.
    // The server records a request when its http-backend ends, and the one for the stopped clone
    // may still be packing blobs after the tip's fetch is done: the order says nothing.
    const fetches = server.requests.slice(before).filter((r) => r.lines.includes("command=fetch"));
    expect(fetches.filter((r) => r.lines.includes("deepen 1"))).toHaveLength(1);
    expect(fetches.filter((r) => r.lines.includes("deepen 1000")).length).toBeLessThanOrEqual(1);
  });

  it("clones a branch, an annotated tag and a commit sha over https", async () => {
    const branch = await analyze({ url: REPO, ref: "feature" }, options);
    expect(branch.repo).toMatchObject({ ref: "feature", commit: feature, branch: "feature" });
    expect(branch.languages.find((l) => l.name === "Python")?.files).toBe(2);
    expect(branch.git.history).toMatchObject({ available: true, commits: 4, contributors: 3 });

    const tag = await analyze({ url: REPO, ref: "v1.0" }, options);
    expect(tag.repo).toMatchObject({ ref: "v1.0", commit: commits[1], branch: null });
    expect(tag.git.history).toMatchObject({ available: true, commits: 2, contributors: 2 });

    // Not the tip of any branch: fetched by its sha, as GitHub allows.
    const sha = await analyze({ url: REPO, ref: commits[0] as string }, options);
    expect(sha.repo).toMatchObject({ commit: commits[0], branch: null });
    expect(sha.git.history).toMatchObject({ available: true, commits: 1, contributors: 1 });
  });

  it("resolves the default branch from the redirect check's answer, a branch and a tag with ls-remote", async () => {
    // HEAD's commit comes with the advertisement the redirect check asks for: one request.
    const before = server.requests.length;
    expect(await resolveCommit({ url: REPO }, options)).toMatchObject({ commit: commits[4] });
    expect(server.requests.slice(before)).toEqual([
      expect.objectContaining({
        method: "GET",
        url: "/acme/widget/info/refs?service=git-upload-pack",
      }),
    ]);
    expect(await resolveCommit({ url: REPO, ref: "feature" }, options)).toMatchObject({
      commit: feature,
    });
    expect(await resolveCommit({ url: REPO, ref: "v1.0" }, options)).toMatchObject({
      commit: commits[1],
    });
    // Each one asked the server (nothing was answered from a cache or a local guess).
    const lsRefs = server.requests.slice(before).filter((r) => r.lines.includes("command=ls-refs"));
    expect(lsRefs).toHaveLength(2);
    await expect(resolveCommit({ url: REPO, ref: "nope" }, options)).rejects.toMatchObject({
      code: "REF_NOT_FOUND",
    });
  });

  it("fails with REPO_NOT_FOUND, REF_NOT_FOUND and EMPTY_REPOSITORY, permanently", async () => {
    const missing = `https://${HOST}/acme/missing`;
    await expect(analyze({ url: missing }, options)).rejects.toMatchObject({
      code: "REPO_NOT_FOUND",
      permanent: true,
    });
    expect(server.requests.at(-1)).toMatchObject({
      url: expect.stringMatching(/^\/acme\/missing\//),
      status: 404,
    });
    await expect(resolveCommit({ url: missing }, options)).rejects.toMatchObject({
      code: "REPO_NOT_FOUND",
    });
    await expect(analyze({ url: REPO, ref: "no-such-branch" }, options)).rejects.toMatchObject({
      code: "REF_NOT_FOUND",
      permanent: true,
    });
    await expect(analyze({ url: `https://${HOST}/acme/empty` }, options)).rejects.toMatchObject({
      code: "EMPTY_REPOSITORY",
      permanent: true,
    });
  });

  it.each([
    ["private", { status: 401 }, "AUTH_REQUIRED", true, /asks for credentials/],
    ["forbidden", { status: 403 }, "AUTH_REQUIRED", true, /private/],
    ["busy", { status: 503 }, "HOST_UNAVAILABLE", false, /HTTP 503.*try again later/],
    ["huge", { status: 413 }, "REPO_TOO_LARGE", true, /refused to serve/],
    ["fragile/git-upload-pack", "cut" as const, "NETWORK_FAILED", false, /broke off/],
  ])(
    "tells a host's answer to /acme/%s apart: %s becomes %s, in RepoLens' words",
    async (name, answer, code, permanent, says) => {
      server.answer(`/acme/${name}`, answer);
      const failure = analyze({ url: `https://${HOST}/acme/${name.split("/")[0]}` }, options);
      await expect(failure).rejects.toMatchObject({
        code,
        permanent,
        message: expect.stringMatching(says),
      });
      // The server's body and git's own lines reach the log only.
      await expect(failure).rejects.not.toThrow(/test server|fatal|unable to access/);
    },
  );

  it("refuses a certificate it cannot verify with TLS_FAILED, before any request", async () => {
    const untrusted = { ...options, caFile: undefined };
    const before = server.requests.length;
    const failure = analyze({ url: REPO }, untrusted);
    await expect(failure).rejects.toMatchObject({ code: "TLS_FAILED", permanent: true });
    await expect(failure).rejects.toThrow(/certificate of git\.repolens\.test/);
    await expect(resolveCommit({ url: REPO }, untrusted)).rejects.toMatchObject({
      code: "TLS_FAILED",
    });
    expect(server.requests.length).toBe(before);
  });

  it("refuses a certificate issued for another host name with TLS_FAILED, though its CA is trusted", async () => {
    // The same server, reached under a second allowed name its certificate does not name.
    const other = "mirror.repolens.test";
    const misnamed = {
      ...options,
      allowedHosts: [HOST, other],
      resolveHost: async () => [server.address],
    };
    const before = server.requests.length;
    const failure = analyze({ url: `https://${other}/acme/widget` }, misnamed);
    await expect(failure).rejects.toMatchObject({ code: "TLS_FAILED", permanent: true });
    await expect(failure).rejects.toThrow(/certificate of mirror\.repolens\.test/);
    expect(server.requests.length).toBe(before);
  });

  /** acme/widget cloned from `host` at `address` into `job`/`dest`, trusting `tls`. */
  const cloneOver = (
    job: string,
    dest: string,
    via: { host: string; address: string; tls: GitTls | undefined; logger?: Logger },
  ) =>
    cloneClosed({
      url: `https://${via.host}/acme/widget`,
      ref: null,
      dest: path.join(job, dest),
      home: job,
      timeoutMs: 20_000,
      maxBytes: 10 * 2 ** 20,
      maxFiles: 100,
      depth: 1000,
      allowLocal: false,
      pin: { host: via.host, addresses: [via.address] },
      ...(via.logger ? { logger: via.logger } : {}),
      ...(via.tls ? { tls: via.tls } : {}),
    });

  it("gives git the root the host was checked with alone, and every root if the host answers git with another chain", async () => {
    const { checked } = await resolveCommit({ url: REPO }, options);
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    expect(fingerprint(checked?.anchor ?? "")).toBe(
      fingerprint(readFileSync(server.caFile, "utf8")),
    );
    const job = path.join(dir.path, "anchor");
    mkdirSync(job);
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "info" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const clone = (dest: string, tls: GitTls | undefined) =>
      cloneOver(job, dest, { host: HOST, address: server.address, tls, logger });
    // The other server's CA stands in for the system's bundle; this server's is GIT_CA_BUNDLE.
    const narrowed = await gitTls(job, server.caFile, [elsewhere.caFile], checked?.anchor);
    expect(readFileSync(narrowed?.caFile ?? "", "utf8")).toBe(checked?.anchor);
    await expect(clone("narrowed", narrowed)).resolves.toMatchObject({ commit: commits[4] });
    expect(lines).toEqual([]);
    // A root that does not vouch for this host, as if its chain had changed since the check:
    // git fails with it alone, then verifies the host against every root.
    const changed = { ...(narrowed as GitTls), caFile: elsewhere.caFile };
    await expect(clone("changed", { ...changed, wide: undefined })).rejects.toMatchObject({
      code: "TLS_FAILED",
    });
    await expect(clone("changed-wide", changed)).resolves.toMatchObject({ commit: commits[4] });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: expect.stringContaining("trusting every root") }),
    ]);
  });

  it("trusts the system's CAs and GIT_CA_BUNDLE's together, from one file of the job's", async () => {
    // The other server's CA stands in for the system's bundle; this server's is GIT_CA_BUNDLE.
    const job = path.join(dir.path, "trust");
    mkdirSync(job);
    const clone = (host: string, address: string, tls: GitTls | undefined) =>
      cloneOver(job, `repo-${host}-${tls?.caFile === elsewhere.caFile}`, { host, address, tls });
    const both = await gitTls(job, server.caFile, [elsewhere.caFile]);
    await expect(clone(HOST, server.address, both)).resolves.toMatchObject({ commit: commits[4] });
    await expect(clone(OTHER, elsewhere.address, both)).resolves.toMatchObject({
      commit: commits[4],
    });
    // The system's alone does not vouch for this server.
    const systemOnly = { caFile: elsewhere.caFile, caDir: path.join(job, "ca-dir") };
    await expect(clone(HOST, server.address, systemOnly)).rejects.toMatchObject({
      code: "TLS_FAILED",
    });
  });

  it("refuses a host that resolves to a private address before connecting to it", async () => {
    const connections = server.connections;
    // The real guard, given the answer a hostile DNS record would give: our server's address.
    const guarded = {
      ...options,
      resolveHost: (host: string) =>
        resolvePublicHost(host, async () => [{ address: server.address }]),
    };
    await expect(analyze({ url: REPO }, guarded)).rejects.toMatchObject({
      code: "PRIVATE_ADDRESS",
      permanent: true,
    });
    await expect(resolveCommit({ url: REPO }, guarded)).rejects.toMatchObject({
      code: "PRIVATE_ADDRESS",
    });
    // With no resolver given, the default is the guard over the system's DNS.
    const local = { ...options, allowedHosts: ["localhost"], resolveHost: undefined };
    await expect(analyze({ url: "https://localhost/acme/widget" }, local)).rejects.toMatchObject({
      code: "PRIVATE_ADDRESS",
    });
    expect(server.connections).toBe(connections);
  });

  it("gives up on HEAD from a host that stalls after its headers, leaving the commit to ls-remote", async () => {
    server.answer("/acme/slow", "stall");
    // The check's own limit is a minute: only the short wait for HEAD's line lets it end now.
    const checked = await followRedirects(
      { url: `https://${HOST}/acme/slow`, host: HOST },
      { ...redirectOptions(options, undefined, undefined), timeoutMs: 60_000 },
    );
    expect(checked).toEqual({
      url: `https://${HOST}/acme/slow`,
      pin: { host: HOST, addresses: [server.address] },
      anchor: expect.stringContaining("-----BEGIN CERTIFICATE-----"),
    });
    expect(checked).not.toHaveProperty("head");
  }, 20_000);

  it("clones a renamed repository: the redirect within the host is checked and followed before git runs", async () => {
    const old = `https://${HOST}/acme/old-widget`;
    server.answer("/acme/old-widget", { redirect: `https://${HOST}/acme/widget` });
    const before = server.requests.length;
    const report = await analyze({ url: old }, options);
    expect(report.repo).toMatchObject({ url: old, commit: commits[4], branch: "main" });
    expect(report.git.history).toMatchObject({ available: true, commits: 5 });
    const resolved = await resolveCommit({ url: old }, options);
    expect(resolved).toMatchObject({
      commit: commits[4],
      checked: { url: REPO, pin: { host: HOST, addresses: [server.address] } },
    });
    // Each time, the old name was asked once, by the check (git's first request, as git sends
    // it); git itself went straight to the new name.
    const asked = server.requests.slice(before).filter((r) => r.url.startsWith("/acme/old-widget"));
    expect(asked).toEqual([
      expect.objectContaining({
        method: "GET",
        url: "/acme/old-widget/info/refs?service=git-upload-pack",
        status: 301,
      }),
      expect.objectContaining({
        method: "GET",
        url: "/acme/old-widget/info/refs?service=git-upload-pack",
        status: 301,
      }),
    ]);
    // Handed the commit check's answer, as the worker does, the analysis asks the old name
    // nothing more: one probe a job, not two.
    const handed = server.requests.length;
    const again = await analyze({ url: old, checked: resolved.checked }, options);
    expect(again.repo).toMatchObject({ url: old, commit: commits[4], branch: "main" });
    const probes = server.requests
      .slice(handed)
      .filter((r) => r.url.startsWith("/acme/old-widget"));
    expect(probes).toEqual([]);
  });

  it("checks a forced run's URL without its commit: the commit lookup's answer, one request a name", async () => {
    const old = `https://${HOST}/acme/old-widget`;
    server.answer("/acme/old-widget", { redirect: `https://${HOST}/acme/widget` });
    const before = server.requests.length;
    const checked = await checkRemote({ url: old }, options);
    expect(checked).toEqual({
      url: REPO,
      pin: { host: HOST, addresses: [server.address] },
      anchor: expect.stringContaining("-----BEGIN CERTIFICATE-----"),
    });
    // The old name once, then the new one, each as git's first request: no ls-remote.
    expect(server.requests.slice(before).map((r) => [r.method, r.url, r.status])).toEqual([
      ["GET", "/acme/old-widget/info/refs?service=git-upload-pack", 301],
      ["GET", "/acme/widget/info/refs?service=git-upload-pack", 200],
    ]);
    expect((await resolveCommit({ url: old }, options)).checked).toEqual(checked);
    server.answer("/acme/away", { redirect: `https://${OTHER}/acme/widget` });
    await expect(checkRemote({ url: `https://${HOST}/acme/away` }, options)).rejects.toMatchObject({
      code: "REDIRECT_NOT_ALLOWED",
    });
  });

  it("refuses a redirect to a host outside ALLOWED_GIT_HOSTS before anything connects to it", async () => {
    server.answer("/acme/away", { redirect: `https://${OTHER}/acme/widget` });
    const connections = elsewhere.connections;
    const away = `https://${HOST}/acme/away`;
    const failure = analyze({ url: away }, options);
    await expect(failure).rejects.toMatchObject({ code: "REDIRECT_NOT_ALLOWED", permanent: true });
    await expect(failure).rejects.toThrow(
      /git\.repolens\.test redirected the repository to https:\/\/elsewhere\.repolens\.test\/acme\/widget\/info\/refs: host elsewhere\.repolens\.test is not one of/,
    );
    await expect(resolveCommit({ url: away }, options)).rejects.toMatchObject({
      code: "REDIRECT_NOT_ALLOWED",
    });
    expect(elsewhere.connections).toBe(connections);
  });

  it("refuses a redirect to an allowed host that resolves to a private address, before connecting", async () => {
    server.answer("/acme/inward", { redirect: `https://${OTHER}/acme/widget` });
    const connections = elsewhere.connections;
    const guarded = {
      ...options,
      allowedHosts: [HOST, OTHER],
      resolveHost: async (host: string) =>
        host === HOST
          ? [server.address]
          : resolvePublicHost(host, async () => [{ address: elsewhere.address }]),
    };
    await expect(analyze({ url: `https://${HOST}/acme/inward` }, guarded)).rejects.toMatchObject({
      code: "PRIVATE_ADDRESS",
      permanent: true,
    });
    expect(elsewhere.connections).toBe(connections);
  });

  it("follows a redirect to another allowed host, to the addresses checked for that host", async () => {
    server.answer("/acme/mirrored", { redirect: `https://${OTHER}/acme/widget` });
    const both = {
      ...options,
      allowedHosts: [HOST, OTHER],
      caFile: bothCas,
      resolveHost: async (host: string) => [host === HOST ? server.address : elsewhere.address],
    };
    const before = elsewhere.requests.length;
    const report = await analyze({ url: `https://${HOST}/acme/mirrored` }, both);
    expect(report.repo).toMatchObject({ commit: commits[4] });
    expect(report.git.history).toMatchObject({ available: true, commits: 5 });
    // The clone and the checkout's blobs both came from the other host (OTHER is in no DNS either).
    const fetches = elsewhere.requests
      .slice(before)
      .filter((r) => r.lines.includes("command=fetch"));
    expect(fetches).toHaveLength(2);
  });

  it("git itself follows no redirect: a clone sent to one fails REDIRECT_NOT_ALLOWED", async () => {
    server.answer("/acme/old-widget", { redirect: `https://${HOST}/acme/widget` });
    const before = server.requests.length;
    const failure = cloneClosed({
      url: `https://${HOST}/acme/old-widget`,
      ref: null,
      dest: path.join(dir.path, "unchecked"),
      home: dir.path,
      timeoutMs: 20_000,
      maxBytes: 10 * 2 ** 20,
      maxFiles: 100,
      depth: 1000,
      allowLocal: false,
      pin: { host: HOST, addresses: [server.address] },
      tls: { caFile: server.caFile },
    });
    await expect(failure).rejects.toMatchObject({ code: "REDIRECT_NOT_ALLOWED" });
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([
      "/acme/old-widget/info/refs?service=git-upload-pack",
    ]);
  });

  it("stops a redirect loop with TOO_MANY_REDIRECTS", async () => {
    server.answer("/acme/loop-a", { redirect: `https://${HOST}/acme/loop-b` });
    server.answer("/acme/loop-b", { redirect: `https://${HOST}/acme/loop-a` });
    const before = server.requests.length;
    await expect(analyze({ url: `https://${HOST}/acme/loop-a` }, options)).rejects.toMatchObject({
      code: "TOO_MANY_REDIRECTS",
      permanent: true,
    });
    expect(server.requests.length - before).toBe(6);
  });
});

describe("GIT_CA_BUNDLE", () => {
  it("reaches the options the worker and the CLI analyse with, as an absolute path", () => {
    const dir = tempDir("ca-bundle");
    try {
      writeFileSync(path.join(dir.path, "ca.pem"), "not checked here: git reads it\n");
      const relative = path.relative(process.cwd(), path.join(dir.path, "ca.pem"));
      const options = analysisOptionsFromEnv(loadConfig({ GIT_CA_BUNDLE: relative }));
      expect(options.caFile).toBe(path.join(dir.path, "ca.pem"));
      expect(analysisOptionsFromEnv(loadConfig({})).caFile).toBeUndefined();
    } finally {
      dir.remove();
    }
  });

  it("stops the process at start when the file cannot be read, naming the variable", () => {
    expect(() => loadConfig({ GIT_CA_BUNDLE: "/nonexistent/ca.pem" })).toThrow(
      /GIT_CA_BUNDLE: expected the path of a readable PEM file/,
    );
  });
});
