import { CENSOR } from "./redact.ts";

/**
 * Hides known secret values (see `secretsFromEnv`) in log lines, for the supervisor's merged
 * stream, whoever wrote the line. Each secret is prepared once in the forms a line can hold it:
 * as it is, JSON-escaped (inside a JSON string) and URL-encoded (inside a URL). A line is
 * searched once per form and copied only when a form is found.
 *
 * The search runs on the line's text, which the tagger decodes anyway (JSON.parse validates a
 * JSON line; a plain line becomes a JSON string): on the service's lines that measured four
 * times cheaper than `Buffer.indexOf` on the bytes, whose every call crosses into C++
 * (docs/PERFORMANCE.md, log multiplexer).
 *
 * @example
 * const redactor = new LineRedactor(['s3cr"t']);
 * redactor.json('{"msg":"pw s3cr\\"t"}'); // {"msg":"pw [redacted]"}
 * redactor.text('pw s3cr"t'); // pw [redacted]
 */
export class LineRedactor {
  /** Forms that can stand inside a JSON string: the raw form of `"`, `\` or a control character cannot. */
  readonly #jsonForms: string[];
  readonly #textForms: string[];

  constructor(secrets: readonly string[]) {
    const nonEmpty = secrets.filter((s) => s !== "");
    const escaped = nonEmpty.flatMap((s) => [
      JSON.stringify(s).slice(1, -1),
      encodeURIComponent(s),
    ]);
    this.#jsonForms = distinctLongestFirst(escaped);
    this.#textForms = distinctLongestFirst([...nonEmpty, ...escaped]);
  }

  /** A line that is JSON: every secret inside its strings replaced by `[redacted]`. */
  json(line: string): string {
    return replaceEvery(line, this.#jsonForms);
  }

  /** A line of plain text (a stack trace, a warning): every secret replaced, in any form. */
  text(line: string): string {
    return replaceEvery(line, this.#textForms);
  }
}

/**
 * Longest first: where one secret contains another, the longer is replaced whole rather than
 * leaving its remainder around a replaced shorter one.
 */
function distinctLongestFirst(forms: string[]): string[] {
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

function replaceEvery(line: string, forms: readonly string[]): string {
  let result = line;
  for (const form of forms) {
    if (result.includes(form)) result = result.replaceAll(form, CENSOR);
  }
  return result;
}
