import { CENSOR } from "./redact.ts";

const CENSOR_BYTES = Buffer.from(CENSOR);

/**
 * Hides known secret values (see `secretsFromEnv`) in log lines as bytes, for the supervisor's
 * merged stream, whoever wrote the line. Each secret is encoded once, in the forms a line can
 * hold it: as it is, JSON-escaped (inside a JSON string) and URL-encoded (inside a URL). A line
 * is searched with one `Buffer.indexOf` per form and copied only when a form is found, so a
 * line without secrets costs the searches and nothing else.
 *
 * @example
 * const redactor = new LineRedactor(["s3cr\"t"]);
 * redactor.json(Buffer.from('{"msg":"pw s3cr\\"t"}')).toString(); // {"msg":"pw [redacted]"}
 * redactor.text(Buffer.from('pw s3cr"t')).toString(); // pw [redacted]
 */
export class LineRedactor {
  /** Forms that can stand inside a JSON string: the raw form of `"`, `\` or a control character cannot. */
  readonly #jsonForms: Buffer[];
  readonly #textForms: Buffer[];

  constructor(secrets: readonly string[]) {
    const nonEmpty = secrets.filter((s) => s !== "");
    const escaped = nonEmpty.flatMap((s) => [
      JSON.stringify(s).slice(1, -1),
      encodeURIComponent(s),
    ]);
    this.#jsonForms = encodeForms(escaped);
    this.#textForms = encodeForms([...nonEmpty, ...escaped]);
  }

  /** True when there is nothing to hide: the caller may skip the searches. */
  get empty(): boolean {
    return this.#textForms.length === 0;
  }

  /** A line that is JSON: every secret inside its strings replaced by `[redacted]`. */
  json(line: Buffer): Buffer {
    return replaceEvery(line, this.#jsonForms);
  }

  /** A line of plain text (a stack trace, a warning): every secret replaced, in any form. */
  text(line: Buffer): Buffer {
    return replaceEvery(line, this.#textForms);
  }
}

/**
 * Distinct forms, longest first: where one secret contains another, the longer is replaced
 * whole rather than leaving its remainder around a replaced shorter one.
 */
function encodeForms(forms: string[]): Buffer[] {
  return [...new Set(forms)].sort((a, b) => b.length - a.length).map((f) => Buffer.from(f));
}

function replaceEvery(line: Buffer, forms: readonly Buffer[]): Buffer {
  let result = line;
  for (const form of forms) {
    let at = result.indexOf(form);
    if (at === -1) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at !== -1) {
      parts.push(result.subarray(from, at), CENSOR_BYTES);
      from = at + form.length;
      at = result.indexOf(form, from);
    }
    parts.push(result.subarray(from));
    result = Buffer.concat(parts);
  }
  return result;
}
