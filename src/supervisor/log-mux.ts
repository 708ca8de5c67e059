import type { Readable } from "node:stream";
import { LineSplitter } from "./line-splitter.ts";
import { LineTagger, type StreamName } from "./log-line.ts";

/**
 * pino-pretty set up for the merged stream, loaded only when asked for: JSON (the production
 * format) then never pays for it.
 */
export async function prettyFormatter(): Promise<(line: string) => string> {
  const { prettyFactory } = await import("pino-pretty");
  return prettyFactory({
    colorize: true,
    translateTime: "HH:MM:ss.l",
    ignore: "hostname,svc,pid",
    messageFormat: "{svc}[{pid}] {msg}",
  });
}

/** Where merged lines go: one synchronous write per line keeps lines of two children apart. */
export interface LineSink {
  write(line: Buffer | string): void;
}

/**
 * The one log stream of the container: children's stdout and stderr plus the supervisor's own
 * pino lines, each written whole, in order per source.
 *
 * @example
 * const mux = new LogMux(process.stdout);
 * await mux.attach("worker", child.pid, child.stdout, child.stderr); // resolves at end of both
 */
export class LogMux {
  readonly #sink: LineSink;
  readonly #pretty: ((line: string) => string) | undefined;

  /** `prettify` renders a JSON line for people (see {@link prettyFormatter}); none writes JSON. */
  constructor(sink: LineSink, prettify?: (line: string) => string) {
    this.#sink = sink;
    this.#pretty = prettify;
  }

  /** Writes a line that is already a complete JSON log line (the supervisor's own). */
  writeOwn(line: string): void {
    this.#emit(line);
  }

  /**
   * Reads a child's streams to their end. Resolves after the last (possibly unterminated) line
   * of both is written; reading never pauses, so a chatty child cannot block on a full pipe.
   */
  attach(svc: string, pid: number | undefined, stdout: Readable | null, stderr: Readable | null) {
    const tagger = new LineTagger(svc, pid);
    return Promise.all([
      this.#pump(tagger, stdout, "stdout"),
      this.#pump(tagger, stderr, "stderr"),
    ]).then(() => undefined);
  }

  #pump(tagger: LineTagger, stream: Readable | null, name: StreamName): Promise<void> {
    if (!stream) return Promise.resolve();
    const splitter = new LineSplitter();
    const emit = (line: Buffer) => this.#emit(tagger.tag(line, name));
    return new Promise((resolve) => {
      stream.on("data", (chunk: Buffer) => splitter.push(chunk, emit));
      stream.once("close", () => {
        splitter.flush(emit);
        resolve();
      });
      // A read error ends the stream like a close; the child's exit is reported elsewhere.
      stream.once("error", () => undefined);
    });
  }

  #emit(line: Buffer | string): void {
    if (!this.#pretty) {
      this.#sink.write(line);
      return;
    }
    this.#sink.write(this.#pretty(typeof line === "string" ? line : line.toString("utf8")));
  }
}
