/**
 * Process plumbing for the supervisor comparison: start a tool in its own process group with a
 * marker in its environment, watch its output, find every process it (or its children) started
 * by that marker, and kill all of them at the end.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  constants,
  createWriteStream,
  openSync,
  readdirSync,
  readFileSync,
  type WriteStream,
} from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const MARKER = "COMPARE_SUPERVISORS_RUN";

export interface Launch {
  cmd: string;
  args: string[];
  env?: Record<string, string>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms since the run started */
  atMs: number;
}

export interface Proc {
  pid: number;
  argv: string[];
  state: string;
  /** start time in clock ticks since boot: pid plus this names one process */
  start: string;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    return { pid, argv, state: fields[0] ?? "?", start: fields[19] ?? "" };
  } catch {
    return null;
  }
}

/** Every live (non-zombie) process whose environment carries `MARKER=runId`. */
function processesOf(runId: string): Proc[] {
  const needle = `${MARKER}=${runId}\0`;
  const found: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue;
    }
    if (!environ.includes(needle)) continue;
    const proc = readProc(pid);
    if (proc && proc.state !== "Z") found.push(proc);
  }
  return found;
}

/** Alive means: the same process (pid and start time) exists and is not a zombie. */
export function alive(proc: Pick<Proc, "pid" | "start">): boolean {
  const now = readProc(proc.pid);
  return now !== null && now.start === proc.start && now.state !== "Z";
}

export function procOf(pid: number): Proc | null {
  return readProc(pid);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function health(port: number, pathName = "/health"): Promise<number | string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${pathName}`, {
      signal: AbortSignal.timeout(1000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as Error).name;
  }
}

let runCounter = 0;

/** One tool running one scenario. */
export class Run {
  readonly id: string;
  readonly outPath: string;
  readonly errPath: string;
  readonly child: ChildProcess;
  readonly startedAt = performance.now();
  exit: Exit | null = null;
  readonly exited: Promise<Exit>;
  /** stdout+stderr as text, kept only while `keepText` (small scenarios) */
  text = "";
  outBytes = 0;
  readonly #keepText: boolean;
  readonly #watchers: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  readonly #tail = { out: "", err: "" };
  readonly #files: WriteStream[] = [];
  readonly #streams: net.Socket[];
  /** every process of this run ever seen, by pid:start */
  readonly seen = new Map<string, Proc & { firstSeenMs: number }>();

  constructor(dir: string, launch: Launch, options: { keepText?: boolean } = {}) {
    runCounter += 1;
    this.id = `${process.pid}-${runCounter}-${Date.now()}`;
    this.#keepText = options.keepText ?? true;
    this.outPath = path.join(dir, "stdout.log");
    this.errPath = path.join(dir, "stderr.log");
    // Real pipes (FIFOs), as a container runtime gives: Node's "pipe" stdio is a socketpair,
    // which a tool reopening /dev/stdout (supervisord) cannot open (ENXIO).
    const pipes = (["out", "err"] as const).map((name) => {
      const fifo = path.join(dir, `std${name}.fifo`);
      execFileSync("mkfifo", [fifo]);
      const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      const writeFd = openSync(fifo, constants.O_WRONLY);
      return { readFd, writeFd };
    });
    const [outPipe, errPipe] = pipes as [(typeof pipes)[0], (typeof pipes)[0]];
    this.child = spawn(launch.cmd, launch.args, {
      cwd: dir,
      detached: true,
      stdio: ["ignore", outPipe.writeFd, errPipe.writeFd],
      env: { ...process.env, ...launch.env, [MARKER]: this.id },
    });
    for (const p of pipes) closeSync(p.writeFd);
    this.#streams = pipes.map(
      (p) => new net.Socket({ fd: p.readFd, readable: true, writable: false }),
    );
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal, atMs: this.elapsed() };
        resolve(this.exit);
      });
      this.child.once("error", () => {
        this.exit = { code: null, signal: null, atMs: this.elapsed() };
        resolve(this.exit);
      });
    });
    for (const [stream, file, key] of [
      [this.#streams[0], this.outPath, "out"],
      [this.#streams[1], this.errPath, "err"],
    ] as const) {
      const sink = createWriteStream(file);
      this.#files.push(sink);
      stream?.on("data", (chunk: Buffer) => {
        sink.write(chunk);
        this.outBytes += chunk.length;
        const s = chunk.toString("latin1");
        if (this.#keepText) this.text += s;
        // Watchers see a window of the last bytes plus this chunk, so a match split across
        // chunks is still found.
        const window = this.#tail[key] + s;
        this.#tail[key] = window.slice(-256);
        for (const w of [...this.#watchers]) {
          const m = window.match(w.re);
          if (m) {
            this.#watchers.splice(this.#watchers.indexOf(w), 1);
            w.resolve(m);
          }
        }
      });
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  /** Resolves with the first match in the output from now on (or in kept text), null on timeout. */
  async waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray | null> {
    if (this.#keepText) {
      const m = this.text.match(re);
      if (m) return m;
    }
    const found = new Promise<RegExpMatchArray>((resolve) => this.#watchers.push({ re, resolve }));
    const timer = sleep(timeoutMs).then(() => null);
    const result = await Promise.race([found, timer, this.exited.then(() => sleep(200))]);
    return result && typeof result === "object" && "index" in result ? result : null;
  }

  async waitExit(timeoutMs: number): Promise<Exit | null> {
    return Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
  }

  /** Records the processes of this run now (call often to see short-lived ones). */
  scan(): Proc[] {
    const now = processesOf(this.id);
    for (const p of now) {
      const key = `${p.pid}:${p.start}`;
      if (!this.seen.has(key)) this.seen.set(key, { ...p, firstSeenMs: this.elapsed() });
    }
    return now;
  }

  /** The live process running `script` (argv holds that exact path), the newest if several. */
  find(script: string): Proc | undefined {
    return this.scan()
      .filter((p) => p.argv.includes(script))
      .sort((a, b) => Number(b.start) - Number(a.start))[0];
  }

  signal(sig: NodeJS.Signals): void {
    if (this.exit) return;
    try {
      process.kill(this.pid, sig);
    } catch {}
  }

  /** SIGKILLs the tool's group and every process carrying this run's marker; returns leftovers. */
  async cleanup(): Promise<Proc[]> {
    if (!this.exit) {
      try {
        process.kill(-this.pid, "SIGKILL");
      } catch {}
      await this.waitExit(5000);
    }
    for (let i = 0; i < 5; i++) {
      const left = processesOf(this.id);
      if (left.length === 0) break;
      for (const p of left) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {}
      }
      await sleep(200);
    }
    // The pipes end when the last writer is gone; give the reader a moment to drain.
    await Promise.race([
      Promise.all(
        this.#streams.map(
          (st) =>
            new Promise<void>((resolve) =>
              st.readableEnded ? resolve() : st.once("end", resolve),
            ),
        ),
      ),
      sleep(3000),
    ]);
    for (const st of this.#streams) st.destroy();
    await Promise.all(
      this.#files.map((f) => new Promise<void>((resolve) => f.end(() => resolve()))),
    );
    return processesOf(this.id);
  }
}
