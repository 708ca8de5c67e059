export type StreamName = "stdout" | "stderr";

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;
const NEWLINE = Buffer.from("\n");

/** pino's numeric levels for lines that were not JSON: stdout is info, stderr is error. */
const PLAIN_LEVEL: Record<StreamName, number> = { stdout: 30, stderr: 50 };

/**
 * Tags one child's lines for the merged stream. Built once per child process (its service name
 * and pid are fixed), so the per-line work is a prefix copy.
 *
 * A line that is a JSON object keeps its bytes: `{"svc":"api","pid":7,` is put in place of its
 * opening brace. JSON.parse only validates it (nothing is re-encoded), so a line that merely
 * looks like JSON is wrapped instead of corrupting the stream. Any other line (a stack trace,
 * git's progress) becomes `{"svc","pid","level","time","stream","msg"}`.
 *
 * @example
 * const tag = new LineTagger("api", 42);
 * tag.tag(Buffer.from('{"level":30,"msg":"up"}'), "stdout"); // {"svc":"api","pid":42,"level":30,"msg":"up"}\n
 */
export class LineTagger {
  readonly #fields: string;
  readonly #prefix: Buffer;
  readonly #emptyObject: Buffer;

  constructor(svc: string, pid: number | undefined) {
    this.#fields = `"svc":${JSON.stringify(svc)}${pid === undefined ? "" : `,"pid":${pid}`}`;
    this.#prefix = Buffer.from(`{${this.#fields},`);
    this.#emptyObject = Buffer.from(`{${this.#fields}}\n`);
  }

  /** Returns the tagged line, newline included, ready to be written in one call. */
  tag(line: Buffer, stream: StreamName, now = Date.now()): Buffer {
    const body = line.at(-1) === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
    if (isJsonObject(body)) {
      if (isEmptyObject(body)) return this.#emptyObject;
      return Buffer.concat([this.#prefix, body.subarray(1), NEWLINE]);
    }
    const text = body.toString("utf8");
    const streamField = stream === "stderr" ? `,"stream":"stderr"` : "";
    return Buffer.from(
      `{${this.#fields},"level":${PLAIN_LEVEL[stream]},"time":${now}${streamField},"msg":${JSON.stringify(text)}}\n`,
    );
  }
}

function isJsonObject(body: Buffer): boolean {
  if (body.length < 2 || body[0] !== OPEN_BRACE || body.at(-1) !== CLOSE_BRACE) return false;
  if (body[1] !== QUOTE && !isEmptyObject(body)) return false;
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function isEmptyObject(body: Buffer): boolean {
  return body.length === 2;
}
