import { readFile } from "node:fs/promises";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import type { SecureContext, TLSSocket } from "node:tls";
import type { Logger } from "pino";
import type { Pin } from "./clone.ts";
import { AnalysisError } from "./errors.ts";
import { networkFailure, tlsFailure } from "./git-failure.ts";
import { checkRepoUrl, type RepoUrl } from "./url-rules.ts";

/** Where git may go: the repository's final URL and the checked addresses of its host. */
export interface CheckedRemote {
  url: string;
  pin: Pin;
  /**
   * The root certificate (PEM) the host's chain ended in when it was checked: git is given it
   * alone to verify the host with, when it is one the machine trusts ({@link gitTls}).
   */
  anchor?: string;
}

/** A checked remote, and the commit its HEAD names when the host's answer said. */
export interface ProbedRemote extends CheckedRemote {
  head?: string;
}

export interface RedirectOptions {
  /** Hosts a redirect may lead to (ALLOWED_GIT_HOSTS), as for the URL a user submits. */
  allowedHosts: readonly string[];
  /** The DNS guard: checked, public addresses of a host, or a PRIVATE_ADDRESS/DNS_FAILED throw. */
  resolveHost: (host: string) => Promise<string[]>;
  /** PEM file of extra certificate authorities (GIT_CA_BUNDLE), trusted as git trusts it. */
  caFile?: string | undefined;
  /** Time for all the hops together, in ms. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  /** Redirects followed at most; default 5 (GitHub needs one for a renamed repository). */
  maxRedirects?: number;
}

const SERVICE = "/info/refs?service=git-upload-pack";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const ADVERTISEMENT = "application/x-git-upload-pack-advertisement";
/** Bytes of an advertisement read for its HEAD line; a HEAD line with its capabilities is ~1 KB. */
const ADVERTISEMENT_BYTES = 8192;
/**
 * How long the HEAD line may take after the answer's headers. A host that sends them and then
 * dawdles only loses the shortcut: `git ls-remote` asks again, under its own time limit.
 */
const HEAD_WAIT_MS = 2000;
const SERVICE_LINE = "# service=git-upload-pack\n";
const HEAD_LINE = /^([0-9a-f]{40}|[0-9a-f]{64}) HEAD\0/;

// Node's names for a certificate that did not verify (OpenSSL's codes, and its own checks).
const TLS_CODES = /^(?:CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|ERR_TLS_CERT|ERR_SSL_|HOSTNAME_)/;

/**
 * The repository URL a redirect of `probe` (the URL git's first request goes to) leads to,
 * checked by the same rules as a submitted URL. git keeps its request path across a redirect
 * and refuses one that drops it; so do we, and the repository URL is what precedes it.
 *
 * @example
 * redirectTarget("https://github.com/old/name/info/refs?service=git-upload-pack",
 *   "/new/name/info/refs?service=git-upload-pack", ["github.com"])
 * // { url: "https://github.com/new/name", host: "github.com" }
 */
export function redirectTarget(
  probe: string,
  location: string,
  allowedHosts: readonly string[],
): RepoUrl {
  const from = new URL(probe).hostname;
  if (location === "") throw refused(from, "nowhere (a redirect without a Location)");
  let target: URL;
  try {
    target = new URL(location, probe);
  } catch {
    throw refused(from, "an address that is not a URL");
  }
  const shown = `${target.protocol}//${target.host}${target.pathname}`.slice(0, 200);
  if (!`${target.pathname}${target.search}`.endsWith(SERVICE) || target.hash)
    throw refused(from, `${shown}, which is not a git repository's address`);
  const base = target.href.slice(0, target.href.length - SERVICE.length);
  const check = checkRepoUrl(base, allowedHosts);
  if (!check.ok) throw refused(from, `${shown}: ${check.message}`);
  // As the host wrote it (no .git dropped): the normal form could redirect back, in a loop.
  return { url: `https://${check.host}${new URL(base).pathname}`, host: check.host };
}

function refused(from: string, to: string): AnalysisError {
  return new AnalysisError(
    "REDIRECT_NOT_ALLOWED",
    `${from} redirected the repository to ${to}; only redirects to an allowed host (ALLOWED_GIT_HOSTS) are followed`,
  );
}

/** A lookup that answers only the checked addresses: the probe cannot be sent elsewhere. */
function pinnedLookup(pin: Pin): LookupFunction {
  const answers = pin.addresses.map((address) => ({ address, family: isIP(address) }));
  return (_host, options, callback) => {
    const first = answers[0];
    if (!first) callback(new Error(`no checked address for ${pin.host}`), "", 4);
    else if (options.all) (callback as (e: null, a: typeof answers) => void)(null, answers);
    else callback(null, first.address, first.family);
  };
}

/**
 * The commit HEAD names in the start of a smart-HTTP ref advertisement (protocol v0, as git's
 * `info/refs` answers without a `Git-Protocol` header): the service line, a flush, then HEAD's
 * line with the capabilities. Undefined while the bytes so far could still bring it; null when
 * they cannot (another first ref, an empty repository's `capabilities^{}`, anything malformed).
 *
 * @example
 * advertisedHead(Buffer.from("001e# service=git-upload-pack\n0000" +
 *   "0032" + "a".repeat(40) + " HEAD\0side-band\n"))
 * // "aaaa...aaaa"
 */
export function advertisedHead(body: Buffer): string | null | undefined {
  let at = 0;
  const next = (): string | null | undefined => {
    if (body.length < at + 4) return undefined;
    const hex = body.toString("latin1", at, at + 4);
    if (!/^[0-9a-f]{4}$/.test(hex)) return null;
    const size = Number.parseInt(hex, 16);
    if (size === 0) {
      at += 4;
      return "";
    }
    if (size < 4) return null;
    if (body.length < at + size) return undefined;
    const line = body.toString("latin1", at + 4, at + size);
    at += size;
    return line;
  };
  const service = next();
  if (service !== SERVICE_LINE) return service === undefined ? undefined : null;
  const flush = next();
  if (flush !== "") return flush === undefined ? undefined : null;
  const head = next();
  if (head === undefined || head === null) return head;
  return HEAD_LINE.exec(head)?.[1] ?? null;
}

/**
 * The root certificate at the top of the chain the host was verified with (Node completes the
 * host's chain from its trust store), as PEM; undefined when the chain ends in no self-signed
 * certificate. A chain is a handful of certificates; ten is more than any host sends.
 */
function trustAnchor(socket: TLSSocket): string | undefined {
  if (!socket.authorized) return undefined;
  let cert = socket.getPeerCertificate(true);
  for (let depth = 0; depth < 10 && cert.issuerCertificate !== cert; depth++) {
    if (!cert.issuerCertificate?.raw) return undefined;
    cert = cert.issuerCertificate;
  }
  if (cert.issuerCertificate !== cert || !cert.raw) return undefined;
  const lines = cert.raw.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

interface ProbeAnswer {
  status: number;
  location: string | undefined;
  head: string | undefined;
  anchor: string | undefined;
}

/**
 * One request as git's first one, answered by its status, Location, the root its host's
 * certificate chain ends in and, from a repository's ref advertisement, the commit its HEAD
 * names (the first line, read within a few KB).
 */
function probe(
  url: string,
  pin: Pin,
  context: SecureContext | undefined,
  signal: AbortSignal,
): Promise<ProbeAnswer> {
  // Loaded when a remote is probed, not with the module: TLS is 35-45 ms of CPU to load, which
  // the CLI on a local directory never needs.
  const https = process.getBuiltinModule("node:https");
  return new Promise((resolve, reject) => {
    const request = https.get(`${url}${SERVICE}`, {
      agent: false,
      lookup: pinnedLookup(pin),
      ...(context ? { secureContext: context } : {}),
      // No Git-Protocol header: protocol v0's advertisement starts with HEAD's commit, which
      // spares the worker a `git ls-remote` for the default branch (protocol v2 lists no refs
      // here). Hosts redirect the same either way.
      headers: { "user-agent": "git/2 (RepoLens)", accept: "*/*" },
      signal,
    });
    request.once("response", (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      const anchor = REDIRECTS.has(status) ? undefined : trustAnchor(response.socket as TLSSocket);
      const answer = (head: string | null | undefined) => {
        clearTimeout(wait);
        resolve({ status, location, head: head ?? undefined, anchor });
        response.destroy();
      };
      const wait = setTimeout(() => answer(undefined), HEAD_WAIT_MS);
      const type = response.headers["content-type"]?.split(";")[0]?.trim();
      if (status !== 200 || type !== ADVERTISEMENT) {
        answer(undefined);
        return;
      }
      let body = Buffer.alloc(0);
      response.on("data", (chunk: Buffer) => {
        body = Buffer.concat([body, chunk]).subarray(0, ADVERTISEMENT_BYTES);
        const head = advertisedHead(body);
        if (head !== undefined || body.length === ADVERTISEMENT_BYTES) answer(head);
      });
      response.once("close", () => answer(undefined));
    });
    request.once("error", reject);
  });
}

const contexts = new Map<string, Promise<SecureContext>>();

/**
 * The TLS context that trusts Node's root certificates and those of `caFile`, made once per
 * process and file: making one parses every root certificate again, about 5 ms of CPU, which
 * each job's check used to pay. A file that could not be read is read again next time.
 */
export function secureContextOf(caFile: string): Promise<SecureContext> {
  let context = contexts.get(caFile);
  if (!context) {
    context = readFile(caFile, "utf8").then((pem) => {
      const tls = process.getBuiltinModule("node:tls");
      return tls.createSecureContext({ ca: [...tls.rootCertificates, pem] });
    });
    context.catch(() => contexts.delete(caFile));
    contexts.set(caFile, context);
  }
  return context;
}

function probeFailure(
  host: string,
  error: unknown,
  signal: AbortSignal | undefined,
): AnalysisError {
  if (signal?.aborted) return new AnalysisError("CANCELLED", "the analysis was cancelled");
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ABORT_ERR") return networkFailure(host, "wait", error);
  if (TLS_CODES.test(code)) return tlsFailure(host, error);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return networkFailure(host, "resolve", error);
  if (/^(?:ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EADDRNOTAVAIL)$/.test(code))
    return networkFailure(host, "connect", error);
  return networkFailure(host, "transfer", error);
}

/**
 * Resolves a repository's redirects before git runs, since git would follow one to any host,
 * past the host rules and the DNS pin (every git call carries `http.followRedirects=false`).
 * Sends the request git sends first (as protocol v0), over node:https to the checked addresses
 * only (the host's name for SNI and the certificate check); a redirect's target must pass the
 * URL rules and the DNS guard again, and is itself asked, up to `maxRedirects` hops. A redirect within the
 * host (a renamed repository on GitHub) is followed; one elsewhere fails REDIRECT_NOT_ALLOWED
 * or PRIVATE_ADDRESS before anything connects there. Any other answer (200, 401, 404) is git's
 * to read and report; a 200's ref advertisement also gives `head`, the commit HEAD names.
 *
 * @example
 * const { url, pin } = await followRedirects({ url: "https://github.com/old/name", host: "github.com" },
 *   { allowedHosts, resolveHost: resolvePublicHost, timeoutMs: 30_000, signal });
 * // git clone url with transportConfig(pin)
 */
export async function followRedirects(
  start: RepoUrl,
  options: RedirectOptions,
): Promise<ProbedRemote> {
  const limit = options.maxRedirects ?? 5;
  const context = options.caFile ? await secureContextOf(options.caFile) : undefined;
  const signal = AbortSignal.any([
    AbortSignal.timeout(options.timeoutMs),
    ...(options.signal ? [options.signal] : []),
  ]);
  let url = start.url;
  let pin: Pin = { host: start.host, addresses: await options.resolveHost(start.host) };
  for (let hops = 0; ; hops++) {
    const answer = await probe(url, pin, context, signal).catch((error: unknown) => {
      throw probeFailure(pin.host, error, options.signal);
    });
    if (!REDIRECTS.has(answer.status))
      return {
        url,
        pin,
        ...(answer.head ? { head: answer.head } : {}),
        ...(answer.anchor ? { anchor: answer.anchor } : {}),
      };
    if (hops === limit)
      throw new AnalysisError(
        "TOO_MANY_REDIRECTS",
        `${start.host} redirected the repository more than ${limit} times; check its URL`,
      );
    const next = redirectTarget(`${url}${SERVICE}`, answer.location ?? "", options.allowedHosts);
    options.logger?.info({ from: url, to: next.url }, "the repository redirects");
    if (next.host !== pin.host)
      pin = { host: next.host, addresses: await options.resolveHost(next.host) };
    url = next.url;
  }
}
