import { execFile, execFileSync, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import type http from "node:http";
import https from "node:https";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";

const run = promisify(execFile);

/** One request the server answered, as git sent it. */
interface ServedRequest {
  method: string;
  /** Path and query, e.g. `/acme/widget/info/refs?service=git-upload-pack`. */
  url: string;
  status: number;
  /** The pkt-lines of the request body, un-gzipped: `command=fetch`, `filter blob:none`, ... */
  lines: string[];
}

/**
 * A git host over real HTTPS: `git http-backend` (smart HTTP, as GitHub and GitLab speak it) run
 * as CGI behind a Node https server on port 443, with a certificate for `host` signed by a
 * throwaway certificate authority. Port 443 because repository URLs may not name a port, and
 * an address of 127/8 other than 127.0.0.1 so that a machine's own port 443 stays untouched.
 */
export interface GitHttpsServer {
  /** The loopback address it listens on (port 443). */
  address: string;
  /** The name its certificate is for. */
  host: string;
  /** PEM file of the certificate authority that signed the server's certificate. */
  caFile: string;
  /** Every request answered so far, in order. */
  requests: ServedRequest[];
  /** TCP connections accepted so far, TLS handshake or not. */
  readonly connections: number;
  /**
   * Answers every request whose path starts with `prefix` itself, instead of git: a redirect
   * to `to` + the rest of the path and query (as GitHub answers for a renamed repository), an
   * error status, `"cut"`: headers of a 200, then the connection closed mid-answer, or
   * `"stall"`: the headers and first bytes of a ref advertisement, then nothing, for ever.
   */
  answer(prefix: string, with_: { redirect: string } | { status: number } | "cut" | "stall"): void;
  close(): Promise<void>;
}

/**
 * Makes a certificate authority and a certificate for `host` signed by it, in `dir`, as a
 * self-hosted GitLab behind a company CA would have. EC keys: RSA key generation is slow.
 */
async function makeCertificates(dir: string, host: string) {
  const file = (name: string) => path.join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", [
    "req",
    "-x509",
    ...ec,
    "-days",
    "1",
    "-subj",
    "/CN=RepoLens test CA",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
  ]);
  await run("openssl", [
    "req",
    ...ec,
    "-subj",
    `/CN=${host}`,
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  ]);
  await writeFile(file("server.ext"), `subjectAltName=DNS:${host}\n`);
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    file("server.ext"),
    "-out",
    file("server.pem"),
  ]);
  return { ca: file("ca.pem"), key: file("server.key"), cert: file("server.pem") };
}

/** The payloads of git's pkt-line framing (4 hex digits of length; 0000-0002 are markers). */
function pktLines(body: Buffer): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at + 4 <= body.length) {
    const size = Number.parseInt(body.subarray(at, at + 4).toString("latin1"), 16);
    if (Number.isNaN(size)) break;
    if (size < 4) {
      at += 4;
      continue;
    }
    lines.push(
      body
        .subarray(at + 4, at + size)
        .toString("latin1")
        .replace(/\n$/, ""),
    );
    at += size;
  }
  return lines;
}

/** Splits a CGI answer into its status, headers and body. */
function parseCgi(out: Buffer): { status: number; headers: [string, string][]; body: Buffer } {
  let end = out.indexOf("\r\n\r\n");
  let skip = 4;
  if (end < 0) {
    end = out.indexOf("\n\n");
    skip = 2;
  }
  if (end < 0) return { status: 502, headers: [], body: out };
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of out.subarray(0, end).toString("latin1").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers.push([name, value]);
  }
  return { status, headers, body: out.subarray(end + skip) };
}

async function listen(server: https.Server, address: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(443, address, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Starts the server for the bare repositories under `root` (`root/owner/name.git` answers
 * `https://host/owner/name`), writing its certificates into `dir`.
 *
 * @example
 * const server = await startGitHttpsServer({ root, dir, host: "git.repolens.test" });
 * // git -c http.sslCAInfo=$caFile -c http.curloptResolve=git.repolens.test:443:$address clone ...
 */
export async function startGitHttpsServer(options: {
  root: string;
  dir: string;
  host: string;
}): Promise<GitHttpsServer> {
  const { root, dir, host } = options;
  const pem = await makeCertificates(dir, host);
  const backend = path.join(
    execFileSync("git", ["--exec-path"], { encoding: "utf8" }).trim(),
    "git-http-backend",
  );
  const requests: ServedRequest[] = [];
  const answers = new Map<string, Parameters<GitHttpsServer["answer"]>[1]>();
  /** True when an {@link GitHttpsServer.answer} rule answered the request. */
  const answered = (url: URL, req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const prefix = [...answers.keys()].find((p) => url.pathname.startsWith(p));
    const rule = prefix === undefined ? undefined : answers.get(prefix);
    if (prefix === undefined || rule === undefined) return false;
    const status =
      rule === "cut" || rule === "stall" ? 200 : "redirect" in rule ? 301 : rule.status;
    requests.push({
      method: req.method ?? "GET",
      url: url.pathname + url.search,
      status,
      lines: [],
    });
    req.resume();
    if (rule === "stall") {
      res.writeHead(200, { "content-type": "application/x-git-upload-pack-advertisement" });
      res.write("001e# service=git-upload-pack\n0000");
    } else if (rule === "cut") {
      res.writeHead(200, { "content-type": "application/x-git-upload-pack-result" });
      res.write("0008NAK\n");
      setImmediate(() => res.destroy());
    } else if ("redirect" in rule) {
      const rest = url.pathname.slice(prefix.length) + url.search;
      res.writeHead(301, { location: rule.redirect + rest }).end();
    } else
      res
        .writeHead(rule.status, { "content-type": "text/plain" })
        .end("a body from the test server\n");
    return true;
  };
  const server = https.createServer(
    { key: await readFile(pem.key), cert: await readFile(pem.cert) },
    (req, res) => {
      const url = new URL(req.url ?? "/", `https://${host}`);
      if (answered(url, req, res)) return;
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === "string" ? value : "";
      };
      const cgi = spawn(backend, [], {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: dir,
          GIT_CONFIG_NOSYSTEM: "1",
          GIT_CONFIG_GLOBAL: "/dev/null",
          GIT_PROJECT_ROOT: root,
          GIT_HTTP_EXPORT_ALL: "1",
          REQUEST_METHOD: req.method ?? "GET",
          PATH_INFO: decodeURIComponent(url.pathname),
          QUERY_STRING: url.search.slice(1),
          CONTENT_TYPE: header("content-type"),
          ...(header("content-length") ? { CONTENT_LENGTH: header("content-length") } : {}),
          HTTP_CONTENT_ENCODING: header("content-encoding"),
          // Protocol v2, as git uses it against GitHub: http-backend reads it from here.
          GIT_PROTOCOL: header("git-protocol"),
          REMOTE_ADDR: req.socket.remoteAddress ?? "",
        },
        stdio: ["pipe", "pipe", "ignore"],
      });
      const body: Buffer[] = [];
      const out: Buffer[] = [];
      req.on("data", (chunk: Buffer) => body.push(chunk));
      // http-backend may answer (a 404) without reading the body: a closed pipe is no error.
      cgi.stdin.on("error", () => {});
      req.pipe(cgi.stdin);
      cgi.stdout.on("data", (chunk: Buffer) => out.push(chunk));
      cgi.on("close", () => {
        const answer = parseCgi(Buffer.concat(out));
        let sent = Buffer.concat(body);
        if (header("content-encoding") === "gzip" && sent.length > 0) sent = gunzipSync(sent);
        requests.push({
          method: req.method ?? "GET",
          url: url.pathname + url.search,
          status: answer.status,
          lines: pktLines(sent),
        });
        res.writeHead(answer.status, answer.headers.flat());
        res.end(answer.body);
      });
    },
  );

  let connections = 0;
  server.on("connection", () => connections++);

  let address = "";
  for (let attempt = 1; ; attempt++) {
    // A random 127/8 address (never 127.0.x.x): two suites, or two checkouts, running at once do
    // not collide, and a real service on 127.0.0.1:443 is left alone.
    const octet = () => 1 + Math.floor(Math.random() * 254);
    address = `127.${octet()}.${octet()}.${octet()}`;
    try {
      await listen(server, address);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
      if (attempt === 20)
        throw new Error(
          "port 443 was taken on 20 random 127/8 addresses: does something listen on 0.0.0.0:443?",
          { cause: error },
        );
    }
  }

  return {
    address,
    host,
    caFile: pem.ca,
    requests,
    get connections() {
      return connections;
    },
    answer: (prefix, with_) => answers.set(prefix, with_),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
