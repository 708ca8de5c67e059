import type { Logger } from "pino";
import { type SummaryContent, type SummaryReport, summaryContentSchema } from "../report.ts";
import { checkClaims, type Figures } from "./figures.ts";

export interface SummaryOptions {
  /** Without a key the summary is skipped, not failed. */
  apiKey?: string;
  baseURL: string;
  model: string;
  /** Wall-clock budget for the whole summary, retries included, in ms. */
  timeoutMs: number;
  /** Upper bound of the answer's length, in tokens; default 1200. */
  maxTokens?: number;
  /** Retries on 429 and 5xx (with the SDK's backoff, honouring Retry-After); default 2. */
  maxRetries?: number;
}

const INSTRUCTIONS = `You review software repositories. From the digest below, answer with one JSON object and nothing else, with exactly these keys:
"purpose" (string: what the project does and for whom),
"architecture" (string: main parts and how they fit),
"techStack" (array of strings),
"strengths" (array of strings),
"risks" (array of strings),
"suggestions" (array of strings: concrete next steps).
Be specific to this repository; keep each string under 400 characters.
The digest starts with measured figures. Cite them where they matter (hotspots, ownership and bus factor, complexity, size), exactly as written there. Never state any other number about the repository: a claim with a number the figures do not back is removed.`;

/** Accepts the answer as bare JSON or wrapped in a Markdown code fence, as models like to do. */
function parseAnswer(text: string): SummaryContent {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  let value: unknown;
  try {
    value = JSON.parse(fenced ?? text);
  } catch {
    throw new Error("the model's answer was not JSON");
  }
  const parsed = summaryContentSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `the model's answer lacked fields: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`,
    );
  return parsed.data;
}

/**
 * Asks an OpenAI-compatible API (OpenRouter in production) for a structured summary of a
 * digest. Never throws for the model's sake: a timeout, an error status after retries or a
 * malformed answer becomes `status: "failed"` with the reason, which the caller turns into a
 * warning. Only the job's own cancellation propagates.
 *
 * With `figures` (those the digest states), the answer is held to them: a list item or a
 * sentence whose number contradicts the figures is dropped and listed in `dropped`; when the
 * purpose or the architecture has no sentence left, the summary fails with the reason.
 *
 * @example
 * const summary = await summarise(digest, { apiKey, baseURL, model, timeoutMs: 60_000 }, signal);
 */
export async function summarise(
  digest: string,
  options: SummaryOptions,
  signal?: AbortSignal,
  logger?: Logger,
  figures?: Figures,
): Promise<SummaryReport> {
  if (!options.apiKey)
    return { status: "skipped", reason: "no API key configured (OPENROUTER_API_KEY)" };
  const { model } = options;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  // Loaded on first use: most analyses run without a key; the SDK costs 120 ms of every CLI
  // start-up, and at Render's 0.1 CPU each analysis process about 1.4 s (0.14 s of CPU).
  const { default: OpenAI } = await import("openai");
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries ?? 2,
  });
  try {
    const completion = await client.chat.completions.create(
      {
        model,
        max_tokens: options.maxTokens ?? 1200,
        temperature: 0.2,
        response_format: { type: "json_object" },
        messages: [
          { role: "system", content: INSTRUCTIONS },
          { role: "user", content: digest },
        ],
      },
      { signal: combined },
    );
    const text = completion.choices[0]?.message?.content ?? "";
    const content = parseAnswer(text);
    if (!figures) return { status: "completed", model, ...content };
    const checked = checkClaims(content, figures);
    if (!checked) throw new Error("the model's answer contradicted the measured figures");
    if (checked.dropped.length === 0) return { status: "completed", model, ...checked.content };
    logger?.warn({ model, dropped: checked.dropped }, "summary claims contradicted the figures");
    return { status: "completed", model, ...checked.content, dropped: checked.dropped };
  } catch (error) {
    if (signal?.aborted) throw error;
    const reason = deadline.aborted
      ? `the summary took longer than ${Math.round(options.timeoutMs / 1000)} s`
      : (error as Error).message.slice(0, 300);
    logger?.warn({ model, reason }, "summary failed");
    return { status: "failed", model, reason };
  }
}
