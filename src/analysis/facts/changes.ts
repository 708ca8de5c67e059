import { readFile } from "node:fs/promises";
import path from "node:path";
import { type HeldGit, OFFLINE_CONFIG, runGit } from "../git.ts";

/** Who made the commits of the window, and which of the tracked files each commit touched. */
export interface Changes {
  /** Commits read (merges included), newest first, at most the window. */
  commits: number;
  /** The committer date of each of those commits, ms since the epoch, newest commit first. */
  times: number[];
  /** Commits per author, by lower-cased email (after .mailmap); `name` is the newest seen. */
  authors: Map<string, AuthorTally>;
  /** Per file of `paths`: commits that changed it, and how many of them each author made. */
  files: Map<string, FileTally>;
}

interface AuthorTally {
  name: string;
  commits: number;
}

interface FileTally {
  commits: number;
  authors: Map<string, number>;
}

export interface ChangesOptions {
  home: string;
  allowFile: boolean;
  /** At most this many commits are read (the history window). */
  maxCommits: number;
  timeoutMs: number;
  /**
   * Only these files are tallied (the tip's files: the analysis ranks its measured ones);
   * others are passed over.
   */
  paths: ReadonlySet<string>;
  signal?: AbortSignal;
  /** The log held ahead with the same window ({@link changeLogArgs}), run instead of a new one. */
  held?: HeldGit;
}

/** The log readChanges parses: see there. */
export const changeLogArgs = (maxCommits: number) => [
  "log",
  "--no-renames",
  "--name-only",
  "-z",
  `--max-count=${maxCommits}`,
  "--format=%x01%H%x09%aE%x09%ct%x09%aN",
  "HEAD",
];

/**
 * Reads the history window's commits with the files each one changed: `git log --name-only`
 * over the commits and trees already fetched, with no rename detection, which would need file
 * contents (blobs) the blob-less clone left on the server. Merges list no files (as
 * `git log` shows them); the commits at a shallow boundary list none either, since their "diff"
 * is the whole tree. The output is parsed as it streams, holding only the tallies.
 *
 * @example
 * const changes = await readChanges(repo, { home, allowFile: false, maxCommits: 1000,
 *   timeoutMs: 30_000, paths: new Set(["src/app.ts"]) });
 * changes.files.get("src/app.ts")?.commits; // 12
 */
export async function readChanges(dir: string, options: ChangesOptions): Promise<Changes> {
  const parser = new ChangeLogParser(options.paths, await shallowCommits(dir));
  await runGit(changeLogArgs(options.maxCommits), {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onStdout: (chunk: Buffer) => parser.push(chunk),
    cwd: dir,
    home: options.home,
    allowFile: options.allowFile,
    config: OFFLINE_CONFIG,
    ...(options.held ? { held: options.held } : {}),
  });
  return parser.end();
}

/** The commits whose parents a shallow fetch left out (.git/shallow); none in a full clone. */
async function shallowCommits(dir: string): Promise<Set<string>> {
  const text = await readFile(path.join(dir, ".git", "shallow"), "utf8").catch(() => "");
  return new Set(text.split("\n").filter(Boolean));
}

const NUL = 0;
const HEADER = 1;
const LF = 10;
/** A path longer than this is no path of the tree (ours are bounded by it); it is skipped. */
const MAX_TOKEN_BYTES = 64 * 1024;

/**
 * Parses `git log --name-only -z --format=%x01%H%x09%aE%x09%ct%x09%aN` as it arrives:
 * NUL-separated tokens; a token starting with \x01 is a commit's header, the others are the
 * paths it changed (the first one after a newline). Memory stays at the tallies plus one
 * unfinished token.
 */
export class ChangeLogParser {
  private readonly changes: Changes = {
    commits: 0,
    times: [],
    authors: new Map(),
    files: new Map(),
  };
  private carry: Buffer[] = [];
  private carried = 0;
  private skipping = false;
  private author = "";
  private listsFiles = false;
  private readonly paths: ReadonlySet<string>;
  private readonly shallow: ReadonlySet<string>;

  /** `paths`: the files to tally; `shallow`: the commits whose files are not listed. */
  constructor(paths: ReadonlySet<string>, shallow: ReadonlySet<string>) {
    this.paths = paths;
    this.shallow = shallow;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let nul = chunk.indexOf(NUL); nul !== -1; nul = chunk.indexOf(NUL, start)) {
      this.take(chunk.subarray(start, nul));
      start = nul + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  end(): Changes {
    this.take(Buffer.alloc(0));
    return this.changes;
  }

  private hold(part: Buffer): void {
    if (this.skipping) return;
    this.carried += part.length;
    if (this.carried > MAX_TOKEN_BYTES) {
      this.skipping = true;
      this.carry = [];
      return;
    }
    this.carry.push(Buffer.from(part));
  }

  private take(last: Buffer): void {
    if (this.skipping) {
      this.skipping = false;
      this.carried = 0;
      return;
    }
    const token = this.carry.length > 0 ? Buffer.concat([...this.carry, last]) : last;
    this.carry = [];
    this.carried = 0;
    if (token.length === 0) return;
    if (token[0] === HEADER) this.commit(token.subarray(1).toString("utf8"));
    else if (this.listsFiles) this.file(token[0] === LF ? token.subarray(1) : token);
  }

  private commit(header: string): void {
    const [sha = "", email = "", seconds = "0", ...name] = header.split("\t");
    const key = email.toLowerCase();
    this.changes.commits++;
    this.changes.times.push(Number(seconds) * 1000);
    const tally = this.changes.authors.get(key);
    if (tally) tally.commits++;
    else this.changes.authors.set(key, { name: name.join("\t") || key, commits: 1 });
    this.author = key;
    this.listsFiles = !this.shallow.has(sha);
  }

  private file(raw: Buffer): void {
    const name = raw.toString("utf8");
    if (!this.paths.has(name)) return;
    let tally = this.changes.files.get(name);
    if (!tally) {
      tally = { commits: 0, authors: new Map() };
      this.changes.files.set(name, tally);
    }
    tally.commits++;
    tally.authors.set(this.author, (tally.authors.get(this.author) ?? 0) + 1);
  }
}
