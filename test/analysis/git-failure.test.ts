import { chownSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/analysis/errors.ts";
import { GitExitError } from "../../src/analysis/git.ts";
import { classifyGitFailure } from "../../src/analysis/git-failure.ts";
import { cloneClosed, createRepo, git, type TempDir, tempDir } from "./fixtures.ts";

const HOST = "git.repolens.test";
const URL = `https://${HOST}/acme`;

/**
 * stderr exactly as git 2.39.5 (libcurl 7.88 with GnuTLS) wrote it against the https test
 * server (test/analysis/git-https-server.ts answering each status) and against file://.
 */
const CAPTURED: [name: string, stderr: string, code: string, says: RegExp][] = [
  [
    "404",
    `fatal: repository '${URL}/missing/' not found\n`,
    "REPO_NOT_FOUND",
    /does not exist or is not public/,
  ],
  [
    "401",
    `error: unable to read askpass response from '/bin/false'\nfatal: could not read Username for 'https://${HOST}': terminal prompts disabled\n`,
    "AUTH_REQUIRED",
    /git\.repolens\.test asks for credentials/,
  ],
  [
    "403",
    `remote: refused\nfatal: unable to access '${URL}/forbidden/': The requested URL returned error: 403\n`,
    "AUTH_REQUIRED",
    /private/,
  ],
  [
    "503",
    `remote: refused\nfatal: unable to access '${URL}/busy/': The requested URL returned error: 503\n`,
    "HOST_UNAVAILABLE",
    /answered with HTTP 503.*try again later/,
  ],
  [
    "429",
    `remote: refused\nfatal: unable to access '${URL}/limited/': The requested URL returned error: 429\n`,
    "HOST_UNAVAILABLE",
    /HTTP 429/,
  ],
  [
    "413",
    `remote: refused\nfatal: unable to access '${URL}/huge/': The requested URL returned error: 413\n`,
    "REPO_TOO_LARGE",
    /refused to serve a repository this large/,
  ],
  [
    "a redirect git met with http.followRedirects=false",
    `fatal: unable to access '${URL}/moved/': The requested URL returned error: 301\n`,
    "REDIRECT_NOT_ALLOWED",
    /redirected git/,
  ],
  [
    "a connection cut mid-answer",
    "fatal: invalid ls-refs response: NAK\nerror: RPC failed; curl 56 GnuTLS recv error (-110): The TLS connection was non-properly terminated.\n",
    "NETWORK_FAILED",
    /broke off during the transfer/,
  ],
  [
    "connection refused",
    `fatal: unable to access '${URL}/widget/': Failed to connect to ${HOST} port 443 after 0 ms: Couldn't connect to server\n`,
    "NETWORK_FAILED",
    /no connection to git\.repolens\.test could be made/,
  ],
  [
    "an unknown host",
    `fatal: unable to access '${URL}/widget/': Could not resolve host: ${HOST}\n`,
    "NETWORK_FAILED",
    /could not be resolved/,
  ],
  [
    "an untrusted certificate",
    `fatal: unable to access '${URL}/widget/': server certificate verification failed. CAfile: none CRLfile: none\n`,
    "TLS_FAILED",
    /certificate of git\.repolens\.test could not be verified.*GIT_CA_BUNDLE/,
  ],
  [
    "a certificate for another name",
    `fatal: unable to access '${URL}/widget/': SSL: certificate subject name (proxy) does not match target host name '${HOST}'\n`,
    "TLS_FAILED",
    /certificate of git\.repolens\.test/,
  ],
  [
    "a missing local repository",
    "fatal: '/nonexistent/repo' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n",
    "REPO_NOT_FOUND",
    /does not exist/,
  ],
  [
    "a local directory, cloned in place, that is no repository",
    "fatal: repository '/tmp/not-a-repo' does not exist\n",
    "REPO_NOT_FOUND",
    /does not exist/,
  ],
  [
    "a local repository another user owns",
    "fatal: detected dubious ownership in repository at '/srv/acme/widget.git'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /srv/acme/widget.git\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n",
    "UNSAFE_OWNERSHIP",
    /another user owns it/,
  ],
  [
    "a missing branch",
    "warning: Could not find remote branch nope to clone.\nfatal: Remote branch nope not found in upstream origin\n",
    "REF_NOT_FOUND",
    /the ref "nope" does not exist/,
  ],
];

/** Other builds' and servers' wordings of the same failures (OpenSSL's libcurl, GitHub's pack transfer). */
const REPORTED: [name: string, stderr: string, code: string][] = [
  [
    "OpenSSL's untrusted chain",
    `fatal: unable to access '${URL}/widget/': SSL certificate problem: unable to get local issuer certificate\n`,
    "TLS_FAILED",
  ],
  [
    "GitHub's missing repository",
    "remote: Repository not found.\nfatal: repository 'https://github.com/acme/nope/' not found\n",
    "REPO_NOT_FOUND",
  ],
  [
    "a pack cut off",
    "error: RPC failed; curl 18 transfer closed with outstanding read data remaining\nfatal: early EOF\nfatal: fetch-pack: invalid index-pack output\n",
    "NETWORK_FAILED",
  ],
  [
    "a timeout inside curl",
    `fatal: unable to access '${URL}/widget/': Failed to connect to ${HOST} port 443 after 130001 ms: Connection timed out\n`,
    "NETWORK_FAILED",
  ],
  [
    "a sha the host will not serve",
    "fatal: remote error: upload-pack: not our ref 0123\n",
    "REF_NOT_FOUND",
  ],
];

function exit(stderr: string): GitExitError {
  return new GitExitError(["clone"], 128, stderr);
}

describe("classifyGitFailure", () => {
  it.each(CAPTURED)("tells %s apart, with a message of its own", (_name, stderr, code, says) => {
    const error = classifyGitFailure(exit(stderr), { ref: "nope", host: HOST });
    expect(error.code).toBe(code);
    expect(error.message).toMatch(says);
    expect(error.permanent).toBe(ERROR_CODES[code as keyof typeof ERROR_CODES]);
  });

  it.each(REPORTED)("recognises %s", (_name, stderr, code) => {
    expect(classifyGitFailure(exit(stderr), { ref: null, host: HOST }).code).toBe(code);
  });

  it("never puts a line of git's stderr in the message a user reads", () => {
    for (const [, stderr] of [...CAPTURED, ...REPORTED]) {
      const { message } = classifyGitFailure(exit(stderr), { ref: "nope", host: HOST });
      const lines = stderr.split("\n").map((l) => l.replace(/^(fatal|error|remote|warning): /, ""));
      for (const line of lines.filter((l) => l.trim().length > 12))
        expect(message).not.toContain(line.trim());
    }
  });

  it("says an unknown failure is unknown and sends git's words to the log, not to the user", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "debug" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const stderr = "fatal: something new\nand the repository exists.\n";
    const error = classifyGitFailure(exit(stderr), { ref: null, host: HOST, logger });
    expect(error).toMatchObject({ code: "GIT_FAILED", permanent: false });
    expect(error.message).toBe(
      "git failed (exit 128) for a reason RepoLens does not recognise; the details are in the log",
    );
    expect(lines).toEqual([expect.objectContaining({ level: 40, exitCode: 128, stderr })]);
  });

  it("logs a recognised failure's stderr at debug", () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "debug" },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const [, stderr] = CAPTURED[0] as (typeof CAPTURED)[number];
    classifyGitFailure(exit(stderr), { ref: null, host: HOST, logger });
    expect(lines).toEqual([expect.objectContaining({ level: 20, code: "REPO_NOT_FOUND", stderr })]);
  });

  it("classifies 1 MB of a hostile remote's messages by their end, in linear time", () => {
    // "remote:" lines are the remote's to write: long lines that almost match every pattern.
    const bait = `remote: SSL: ${"x".repeat(400)} Remote branch ${"y".repeat(400)} repository '${"z".repeat(700)}\n`;
    const flood = bait.repeat(Math.ceil(2 ** 20 / bait.length));
    const tail = `fatal: unable to access '${URL}/busy/': The requested URL returned error: 503\n`;
    const error = classifyGitFailure(exit(flood + tail), { ref: null, host: HOST });
    expect(error.code).toBe("HOST_UNAVAILABLE");
    const single = `remote: ${"a".repeat(2 ** 20)}\n`;
    expect(classifyGitFailure(exit(single), { ref: null }).code).toBe("GIT_FAILED");
  });
});

describe("git failures over file://, classified", () => {
  let dir: TempDir;
  let repo: string;

  beforeAll(() => {
    dir = tempDir("git-failure");
    repo = createRepo(path.join(dir.path, "repo"), { "a.txt": "a\n" });
  });
  afterAll(() => dir.remove());

  const clone = (url: string, dest: string, ref: string | null = null) =>
    cloneClosed({
      url,
      ref,
      dest: path.join(dir.path, dest),
      home: dir.path,
      timeoutMs: 20_000,
      maxBytes: 10 * 2 ** 20,
      maxFiles: 100,
      depth: 1000,
      allowLocal: true,
    });

  it("a path that is no repository: REPO_NOT_FOUND, permanent", async () => {
    await expect(clone(path.join(dir.path, "nope"), "a")).rejects.toMatchObject({
      code: "REPO_NOT_FOUND",
      permanent: true,
    });
  });

  it("a branch that does not exist: REF_NOT_FOUND naming it", async () => {
    await expect(clone(repo, "b", "nope")).rejects.toThrow(/the ref "nope" does not exist/);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "a repository another user owns: UNSAFE_OWNERSHIP (needs root to chown)",
    async () => {
      const theirs = path.join(dir.path, "theirs");
      mkdirSync(theirs);
      git(dir.path, "clone", "-q", "--bare", repo, path.join(theirs, "repo.git"));
      chownSync(path.join(theirs, "repo.git"), 65534, 65534);
      await expect(clone(path.join(theirs, "repo.git"), "c")).rejects.toMatchObject({
        code: "UNSAFE_OWNERSHIP",
        permanent: true,
      });
    },
  );
});
