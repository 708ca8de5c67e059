import { LineRedactor } from "../log/line-redactor.ts";
import { redactUrlCredentials } from "../log/redact.ts";

export type StreamName = "stdout" | "stderr";

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;
const NEWLINE = Buffer.from("\n");

/** pino's numeric levels for lines that were not JSON: stdout is info, stderr is error. */
const PLAIN_LEVEL: Record<StreamName, number> = { stdout: 30, stderr: 50 };

const NO_SECRETS = new LineRedactor([]);

/**
 * Tags one child's lines for the merged stream, and redacts them. Built once per child process
 * (its service name and pid are fixed), so the per-line work is a prefix copy and a search for
 * each secret in the line's text.
 *
 * A line that is a JSON object keeps its bytes: `{"svc":"api","pid":7,` is put in place of its
 * opening brace. JSON.parse only validates it (nothing is re-encoded), so a line that merely
 * looks like JSON is wrapped instead of corrupting the stream. Any other line (a stack trace,
 * git's progress) becomes `{"svc","pid","level","time","stream","msg"}`.
 *
 * Redaction: the secrets given (their JSON-escaped and URL-encoded forms in a JSON line, every
 * form in a plain one) become `[redacted]`, and so do credentials inside URLs
 * (`scheme://user:pass@`). A JSON line that a replacement made invalid (a secret that was also
 * a number or an escape sequence there) is wrapped as a plain line, so the stream stays JSON.
 *
 * @example
 * const tag = new LineTagger("api", 42, new LineRedactor(["hunter22"]));
 * tag.tag(Buffer.from('{"level":30,"msg":"pw hunter22"}'), "stdout");
 * // {"svc":"api","pid":42,"level":30,"msg":"pw [redacted]"}\n
 */
export class LineTagger {
  readonly #fields: string;
  readonly #prefix: Buffer;
  readonly #emptyObject: Buffer;
  readonly #secrets: LineRedactor;

  constructor(svc: string, pid: number | undefined, secrets: LineRedactor = NO_SECRETS) {
    this.#fields = `"svc":${JSON.stringify(svc)}${pid === undefined ? "" : `,"pid":${pid}`}`;
    this.#prefix = Buffer.from(`{${this.#fields},`);
    this.#emptyObject = Buffer.from(`{${this.#fields}}\n`);
    this.#secrets = secrets;
  }

  /** Returns the tagged line, newline included, ready to be written in one call. */
  tag(line: Buffer, stream: StreamName, now = Date.now()): Buffer {
    const body = line.at(-1) === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
    if (isEmptyObject(body)) return this.#emptyObject;
    const text = body.toString("utf8");
    const json = looksLikeJsonObject(body) ? this.#jsonLine(body, text) : null;
    if (json) return json;
    const msg = redactUrlCredentials(this.#secrets.text(text));
    const streamField = stream === "stderr" ? `,"stream":"stderr"` : "";
    return Buffer.from(
      `{${this.#fields},"level":${PLAIN_LEVEL[stream]},"time":${now}${streamField},"msg":${JSON.stringify(msg)}}\n`,
    );
  }

  /** The tagged JSON line, or null when it is not (or no longer) a JSON object. */
  #jsonLine(body: Buffer, text: string): Buffer | null {
    const redacted = this.#secrets.json(text);
    if (!parsesAsObject(redacted)) return null;
    const clean = redactUrlCredentials(redacted);
    const bytes = clean === text ? body : Buffer.from(clean);
    return Buffer.concat([this.#prefix, bytes.subarray(1), NEWLINE]);
  }
}

function looksLikeJsonObject(body: Buffer): boolean {
  if (body.length < 2 || body[0] !== OPEN_BRACE || body.at(-1) !== CLOSE_BRACE) return false;
  return body[1] === QUOTE;
}

function parsesAsObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function isEmptyObject(body: Buffer): boolean {
  return body.length === 2 && body[0] === OPEN_BRACE && body[1] === CLOSE_BRACE;
}
