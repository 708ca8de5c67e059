import type { Readable } from "node:stream";
import { LineRedactor } from "../log/line-redactor.ts";
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

export interface LogMuxOptions {
  /** Renders a JSON line for people (see {@link prettyFormatter}); default: none, JSON out. */
  prettify?: (line: string) => string;
  /**
   * Values hidden from every line, children's and the supervisor's own, JSON or plain
   * (`secretsFromEnv(process.env)`); default none. Credentials inside URLs are hidden always.
   */
  secrets?: readonly string[];
}

/**
 * The one log stream of the container: children's stdout and stderr plus the supervisor's own
 * pino lines, each written whole, in order per source, and each redacted (see
 * {@link LineTagger}).
 *
 * @example
 * const mux = new LogMux(process.stdout, { secrets: secretsFromEnv(process.env) });
 * await mux.attach("worker", child.pid, child.stdout, child.stderr); // resolves at end of both
 */
export class LogMux {
  readonly #sink: LineSink;
  readonly #pretty: ((line: string) => string) | undefined;
  readonly #secrets: LineRedactor;
  readonly #own: LineTagger;

  constructor(sink: LineSink, options: LogMuxOptions = {}) {
    this.#sink = sink;
    this.#pretty = options.prettify;
    this.#secrets = new LineRedactor(options.secrets ?? []);
    this.#own = new LineTagger("supervisor", process.pid, this.#secrets);
  }

  /**
   * Writes one of the supervisor's own pino lines, which leaves `svc` and `pid` to this
   * (a logger made with `supervised: true`): it is tagged and redacted like a child's.
   */
  writeOwn(line: string): void {
    const body = Buffer.from(line.endsWith("\n") ? line.slice(0, -1) : line);
    this.#emit(this.#own.tag(body, "stdout"));
  }

  /**
   * Reads a child's streams to their end. Resolves after the last (possibly unterminated) line
   * of both is written; reading never pauses, so a chatty child cannot block on a full pipe.
   */
  attach(svc: string, pid: number | undefined, stdout: Readable | null, stderr: Readable | null) {
    const tagger = new LineTagger(svc, pid, this.#secrets);
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
