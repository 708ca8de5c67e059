import type { Logger } from "pino";
import { AnalysisError, type AnalysisErrorCode } from "./errors.ts";
import { GitExitError } from "./git.ts";

/** What the failed command was about, for a message that names it. */
export interface GitFailureContext {
  /** The ref asked for; null for the default branch. */
  ref: string | null;
  /** The host git talked to; absent for a local repository. */
  host?: string | undefined;
  /** Where git's full complaint goes: it never reaches the user. */
  logger?: Logger | undefined;
}

interface Rule {
  code: AnalysisErrorCode;
  /** Matched against the end of stderr; bounded repetitions only (the text is a remote's). */
  pattern: RegExp;
  message: (where: string, match: RegExpExecArray, context: GitFailureContext) => string;
}

// git's own verdict comes last on stderr; what comes before may be megabytes of a hostile
// remote's "remote:" lines, which neither the patterns nor the log need in full.
const TAIL = 16 * 1024;

/**
 * From the most specific to the least: dubious ownership is also "could not read from remote
 * repository", a certificate failure also "unable to access". Each message says what happened
 * and what to do, in our words: stderr text is the remote's to choose and stays in the log.
 */
const RULES: readonly Rule[] = [
  {
    code: "TLS_FAILED",
    // libcurl's wording, GnuTLS's and OpenSSL's: the host's certificate did not verify, or the
    // configured CA bundle could not be read.
    pattern:
      /server certificate verification failed|SSL certificate problem|SSL: [^\n]{0,300}target host name|error reading ca cert file|error setting certificate (?:verify locations|file)/i,
    message: (where) => tlsFailure(where).message,
  },
  {
    code: "UNSAFE_OWNERSHIP",
    pattern: /detected dubious ownership/i,
    message: () =>
      "git refuses this repository because another user owns it (dubious ownership); analyse it as its owner, or a copy you own",
  },
  {
    code: "REF_NOT_FOUND",
    pattern:
      /Remote branch [^\n]{0,300} not found|couldn't find remote ref|not our ref|unadvertised object|did not match any/i,
    message: (_where, _match, { ref }) =>
      `the ref "${ref}" does not exist in this repository; check the branch, tag or commit`,
  },
  {
    code: "AUTH_REQUIRED",
    pattern:
      /could not read (?:Username|Password)|Authentication failed|terminal prompts disabled|returned error: 40[13]\b/i,
    message: (where) =>
      `${where} asks for credentials: the repository is private, or does not exist (GitHub answers both alike); RepoLens clones public repositories only, so check the URL and that anyone can see it`,
  },
  {
    code: "REPO_NOT_FOUND",
    pattern:
      /repository '[^'\n]{0,600}' (?:not found|does not exist)|Repository not found|does not appear to be a git repository|returned error: 404\b|not a git repository/i,
    message: () =>
      "the repository does not exist or is not public; check the owner and name in the URL",
  },
  {
    code: "REDIRECT_NOT_ALLOWED",
    pattern: /returned error: 30\d\b/i,
    message: (where) =>
      `${where} redirected git after the redirect was checked; git follows no redirect itself, so try again with the repository's current URL`,
  },
  {
    code: "REPO_TOO_LARGE",
    pattern: /returned error: 413\b|remote: [^\n]{0,300}\btoo (?:large|big)\b/i,
    message: (where) => `${where} refused to serve a repository this large`,
  },
  {
    code: "HOST_UNAVAILABLE",
    pattern: /returned error: (5\d\d|429)\b/i,
    message: (where, match) =>
      `${where} answered with HTTP ${match[1]}: it is down or limiting requests; try again later`,
  },
  {
    code: "NETWORK_FAILED",
    pattern:
      /(Could not resolve host)|(Failed to connect|Couldn't connect|Connection refused|Network is unreachable|No route to host)|(timed out|Operation too slow)|(RPC failed|early EOF|remote end hung up|Connection reset|transfer closed|unexpected disconnect|recv error|SSL_read|Empty reply from server|invalid [a-z-]{1,20} response|bad pack header)/i,
    message: (where, match) =>
      networkFailure(
        where,
        match[1] ? "resolve" : match[2] ? "connect" : match[3] ? "wait" : "transfer",
      ).message,
  },
];

/**
 * TLS_FAILED for `host`, worded once for git's failures and the redirect check's.
 *
 * @example
 * throw tlsFailure("git.example.com");
 */
export function tlsFailure(host: string, cause?: unknown): AnalysisError {
  return new AnalysisError(
    "TLS_FAILED",
    `the TLS certificate of ${host} could not be verified; a host behind a private certificate authority needs GIT_CA_BUNDLE`,
    { cause },
  );
}

/**
 * NETWORK_FAILED for `host`, saying which step failed, worded once for git's failures and the
 * redirect check's.
 *
 * @example
 * throw networkFailure("github.com", "connect");
 */
export function networkFailure(
  host: string,
  step: "resolve" | "connect" | "wait" | "transfer",
  cause?: unknown,
): AnalysisError {
  const what = {
    resolve: `the name ${host} could not be resolved`,
    connect: `no connection to ${host} could be made`,
    wait: `${host} did not answer in time`,
    transfer: `the connection to ${host} broke off during the transfer`,
  }[step];
  return new AnalysisError(
    "NETWORK_FAILED",
    `${what}; this is usually temporary, try again later`,
    {
      cause,
    },
  );
}

/**
 * Turns git's complaint into a reason a user understands and the worker can act on: a code per
 * kind of failure (its permanence in errors.ts) and a message that says which and what to do,
 * never a fragment of stderr. git's stderr (its end) goes to the log: at debug when the failure
 * was recognised, at warn when it was not.
 *
 * @example
 * classifyGitFailure(error, { ref: null, host: "github.com", logger })
 * // AnalysisError AUTH_REQUIRED: "github.com asks for credentials: the repository is private, ..."
 */
export function classifyGitFailure(error: unknown, context: GitFailureContext): AnalysisError {
  if (error instanceof AnalysisError) return error;
  if (!(error instanceof GitExitError)) {
    context.logger?.warn({ err: error }, "git could not run");
    return new AnalysisError("GIT_FAILED", "git could not be run; see the log for why", {
      cause: error,
    });
  }
  const stderr = error.stderr.slice(-TAIL);
  const where = context.host || "the repository host";
  for (const rule of RULES) {
    const match = rule.pattern.exec(stderr);
    if (!match) continue;
    context.logger?.debug({ code: rule.code, exitCode: error.exitCode, stderr }, "git failed");
    return new AnalysisError(rule.code, rule.message(where, match, context), { cause: error });
  }
  context.logger?.warn({ exitCode: error.exitCode, stderr }, "git failed for a reason not known");
  return new AnalysisError(
    "GIT_FAILED",
    `git failed (exit ${error.exitCode}) for a reason RepoLens does not recognise; the details are in the log`,
    { cause: error },
  );
}
