import { AnalysisError } from "../errors.ts";
import { type HeldGit, OFFLINE_CONFIG, spawnGit } from "../git.ts";
import type { GitToHold } from "../git-hold.ts";

/** A blob's bytes, "too-large" past the limit asked with (never held), undefined when absent. */
export type BlobRead = Buffer | "too-large" | undefined;

/** What git knows of an object without reading it: its full id, type and size in bytes. */
interface ObjectInfo {
  oid: string;
  type: string;
  size: number;
}

/**
 * Reads objects from a repository's object store through one `git cat-file --batch-command`:
 * the clone's commit and sizes, then every blob the scan and the steps after it read.
 */
export interface BlobReader {
  /**
   * The object `name` (an id, or a revision such as `HEAD^{commit}`) if it is a `type` (by
   * default a blob); reads and infos resolve in the order they were asked.
   */
  read(name: string, maxBytes: number, type?: "blob" | "commit"): Promise<BlobRead>;
  /** The id, type and size of the object `name`, undefined when absent; nothing is read. */
  info(name: string): Promise<ObjectInfo | undefined>;
  /**
   * {@link info} of each name, in their order, asked and answered as one request: no promise
   * per object (the sizes of 6,000 blobs took 80-100 ms of CPU one promise each, 22-49 so).
   */
  infos(names: readonly string[]): Promise<(ObjectInfo | undefined)[]>;
  /** Lets git exit; pending reads fail. Safe to call twice. */
  close(): Promise<void>;
}

const LF = 10;
// "<oid> <type> <size>": far shorter; a longer header is not git's.
const MAX_HEADER = 256;

type Pending =
  | {
      command: "contents";
      type: string;
      maxBytes: number;
      resolve(read: BlobRead): void;
      reject(error: unknown): void;
    }
  | {
      command: "info";
      /** How many answers the request waits for, and those come so far. */
      count: number;
      answers: (ObjectInfo | undefined)[];
      resolve(infos: (ObjectInfo | undefined)[]): void;
      reject(error: unknown): void;
    };

/** The reader's git, as {@link openBlobs} runs it: for a caller that holds it ahead. */
export const READER_GIT = {
  args: ["cat-file", "--batch-command"],
  config: OFFLINE_CONFIG,
  stdin: true,
} as const satisfies GitToHold;

/**
 * Starts `git cat-file --batch-command` in `repo` (or `held`, that git held ahead): each
 * `contents <name>` written gets `<oid> <type> <size>\n`, the bytes and a newline back, each
 * `info <name>` the header alone, and a name git does not have `<name> missing\n`, parsed as it
 * streams. Nothing is held but the object being read and what was asked for: the caller bounds
 * how far it reads ahead, and an object over its read's limit is passed over as it streams, not
 * kept. Aborting `signal` kills git and fails what is pending with CANCELLED. Offline: a
 * missing blob is an answer, never a fetch. A pack written into the store after git started
 * (the clone's fetch of the tip's blobs) is found all the same: git looks for new packs before
 * it calls an object missing.
 *
 * @example
 * const blobs = openBlobs(repo, { home: sandbox, signal });
 * try { const bytes = await blobs.read(oid, 5 * 2 ** 20); } finally { await blobs.close(); }
 */
export function openBlobs(
  repo: string,
  options: { home: string; signal?: AbortSignal; held?: HeldGit },
): BlobReader {
  const git = spawnGit(READER_GIT.args, {
    cwd: repo,
    home: options.home,
    config: READER_GIT.config,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.held ? { held: options.held } : {}),
  });
  const pending: Pending[] = [];
  let failed: unknown;
  const fail = (error: unknown) => {
    failed ??= error;
    for (const p of pending.splice(0)) p.reject(failed);
  };
  const garbled = (what: string) => {
    const error = new AnalysisError("GIT_FAILED", `git cat-file answered with ${what}`);
    git.kill(error);
    fail(error);
  };

  // The object being read: its header's bytes until the newline, then its body.
  let header: Buffer[] = [];
  let headerBytes = 0;
  let body: Buffer | undefined;
  let answer: BlobRead;
  let remaining = -1; // body bytes still to come; -1 while reading a header
  let filled = 0;

  const answerInfo = (request: Extract<Pending, { command: "info" }>, info?: ObjectInfo) => {
    request.answers.push(info);
    if (request.answers.length < request.count) return;
    pending.shift();
    request.resolve(request.answers);
  };
  const startObject = (line: string): boolean => {
    const request = pending[0];
    const [oid, type, sizeText] = line.split(" ");
    if (!request || oid === undefined || type === undefined) return false;
    if (type === "missing") {
      if (request.command === "info") answerInfo(request);
      else {
        pending.shift();
        request.resolve(undefined);
      }
      return true;
    }
    const size = Number(sizeText);
    if (!Number.isSafeInteger(size) || size < 0) return false;
    if (request.command === "info") {
      answerInfo(request, { oid, type, size });
      return true;
    }
    const wanted = type === request.type;
    answer = wanted && size > request.maxBytes ? "too-large" : undefined;
    body = wanted && size <= request.maxBytes ? Buffer.allocUnsafe(size) : undefined;
    remaining = size;
    filled = 0;
    return true;
  };
  git.stdout.on("data", (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length && failed === undefined) {
      if (remaining === -1) {
        const lf = chunk.indexOf(LF, at);
        const end = lf === -1 ? chunk.length : lf;
        if (end - at + headerBytes > MAX_HEADER) return garbled("a header too long");
        let line: string;
        if (lf !== -1 && headerBytes === 0) {
          // Nearly every header lies whole in one chunk: read in place, no buffer made for it.
          line = chunk.toString("latin1", at, lf);
        } else {
          header.push(chunk.subarray(at, end));
          headerBytes += end - at;
          if (lf === -1) return;
          line = Buffer.concat(header).toString("latin1");
          header = [];
          headerBytes = 0;
        }
        at = lf + 1;
        if (!startObject(line)) return garbled(`"${line.slice(0, 80)}"`);
        continue;
      }
      // The body, then its newline (remaining 0).
      const n = Math.min(remaining, chunk.length - at);
      body?.set(chunk.subarray(at, at + n), filled);
      filled += n;
      remaining -= n;
      at += n;
      if (remaining === 0 && at < chunk.length) {
        if (chunk[at++] !== LF) return garbled("no newline after an object");
        remaining = -1;
        const read = pending.shift() as Extract<Pending, { command: "contents" }>;
        read.resolve(body ?? answer);
        body = undefined;
      }
    }
  });
  // git ends after stdin does; anything still asked then will never come.
  const exited = git.exited.then(({ exitCode, stderr, reason }) => {
    fail(
      reason ??
        new AnalysisError(
          "GIT_FAILED",
          `git cat-file ended (exit ${exitCode}) before answering: ${stderr.trim().slice(-200)}`,
        ),
    );
  });
  // EPIPE once git is gone: the exit says why.
  git.stdin.on("error", () => {});

  // The ids asked in one tick go in one write of one string: git then answers them in one go
  // instead of waking once per id (at 0.1 CPU each hop between the two processes costs), and
  // Node makes one buffer, not one per id (a corked stream's writev of 20,000 small buffers
  // took a sixth of a large scan's CPU).
  let queued = "";
  const send = () => {
    git.stdin.write(queued);
    queued = "";
  };
  const ask = (line: string, request: Pending) => {
    pending.push(request);
    if (queued === "") process.nextTick(send);
    queued += `${line}\n`;
  };
  return {
    read(name, maxBytes, type = "blob") {
      if (failed !== undefined) return Promise.reject(failed);
      return new Promise<BlobRead>((resolve, reject) => {
        ask(`contents ${name}`, { command: "contents", type, maxBytes, resolve, reject });
      });
    },
    info(name) {
      return this.infos([name]).then(([info]) => info);
    },
    infos(names) {
      if (failed !== undefined) return Promise.reject(failed);
      if (names.length === 0) return Promise.resolve([]);
      return new Promise<(ObjectInfo | undefined)[]>((resolve, reject) => {
        const request: Pending = {
          command: "info",
          count: names.length,
          answers: [],
          resolve,
          reject,
        };
        ask(`info ${names.join("\ninfo ")}`, request);
      });
    },
    close() {
      git.stdin.end();
      return exited;
    },
  };
}

/** What a read ahead holds: the id and the size `git ls-tree -l` gave. */
interface Wanted {
  oid: string;
  size: number;
}

/**
 * The blobs of `wanted`, in order, one per call: reads are asked ahead, in batches, while what
 * was asked and not yet taken stays under `windowBytes` (and always the next one), so git
 * works while the caller counts and at most about `windowBytes` wait in memory beyond the one
 * in hand. A batch is asked when half the window is taken, not one id per file taken.
 *
 * @example
 * const next = readAhead(blobs, files, 5 * 2 ** 20, 2 ** 20);
 * for (const file of files) count(await next());
 */
export function readAhead(
  reader: BlobReader,
  wanted: readonly Wanted[],
  maxBytes: number,
  windowBytes: number,
): () => Promise<BlobRead> {
  const asked: Promise<BlobRead>[] = [];
  let askedBytes = 0;
  let next = 0;
  let taken = 0;
  return () => {
    const refill = next === taken || askedBytes < windowBytes / 2;
    while (refill && next < wanted.length && (next === taken || askedBytes < windowBytes)) {
      const { oid, size } = wanted[next++] as Wanted;
      const read = reader.read(oid, maxBytes);
      // Failed reads ahead are the caller's when it takes them; a cancel may fail them first.
      read.catch(() => {});
      asked.push(read);
      askedBytes += size;
    }
    askedBytes -= (wanted[taken++] as Wanted).size;
    return asked.shift() as Promise<BlobRead>;
  };
}
