import { describe, expect, it } from "vitest";
import { checkClaims, type Figures } from "../../src/analysis/summary/figures.ts";
import { summarise } from "../../src/analysis/summary/index.ts";
import { completion, fakeApi, GOOD, settings, userMessage } from "./fake-openai.ts";
import { KNOWN_HOTSPOTS, KNOWN_OWNERSHIP } from "./known-history.ts";

describe("LLM summary", () => {
  it("retries after a 429 and returns the validated structured answer", async () => {
    const api = await fakeApi((n) =>
      n === 1 ? { status: 429 } : { status: 200, body: completion(JSON.stringify(GOOD)) },
    );
    const summary = await summarise("digest", settings(api.baseURL));
    expect(summary).toEqual({ status: "completed", model: "test-model", ...GOOD });
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]).toMatchObject({ model: "test-model", max_tokens: 1200 });
  });

  it("reports a malformed answer as a failed summary instead of throwing", async () => {
    const api = await fakeApi(() => ({
      status: 200,
      body: completion('{"purpose": "only this"}'),
    }));
    const summary = await summarise("digest", settings(api.baseURL));
    expect(summary).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("lacked fields"),
    });
  });

  it("gives up after its time budget with a failed summary", async () => {
    const api = await fakeApi(() => ({
      status: 200,
      body: completion(JSON.stringify(GOOD)),
      delayMs: 5000,
    }));
    // The good answer comes after 5 s: a failed summary means it was not waited for.
    const summary = await summarise("digest", {
      ...settings(api.baseURL),
      timeoutMs: 300,
      maxRetries: 0,
    });
    expect(summary).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("longer than"),
    });
  });

  it("is skipped, not failed, without an API key", async () => {
    const summary = await summarise("digest", {
      baseURL: "http://127.0.0.1:9/v1",
      model: "m",
      timeoutMs: 1000,
    });
    expect(summary).toEqual({
      status: "skipped",
      reason: expect.stringContaining("OPENROUTER_API_KEY"),
    });
  });
});

/** What analyze() hands the summary: the figures of a small repository with a known history. */
const FIGURES: Figures = {
  totals: { files: 2, code: 19, comments: 4, blanks: 2, bytes: 600 },
  languages: [
    { name: "TypeScript", files: 1, code: 10, comments: 3, blanks: 1, share: 60, complexity: 6 },
    { name: "Python", files: 1, code: 9, comments: 1, blanks: 1, share: 40, complexity: 6 },
  ],
  history: {
    available: true,
    commits: 6,
    contributors: 3,
    firstCommitAt: "2026-01-01T12:00:00.000Z",
    lastCommitAt: "2026-01-06T12:00:00.000Z",
    commitsLast90Days: 0,
    complete: true,
    window: 1000,
  },
  ownership: KNOWN_OWNERSHIP,
  hotspots: KNOWN_HOTSPOTS,
  complexFiles: [
    { path: "src/core.ts", language: "TypeScript", code: 10, complexity: 6 },
    { path: "src/util.py", language: "Python", code: 9, complexity: 6 },
  ],
};

describe("LLM summary held to the measured figures", () => {
  it("is given the figures and keeps an answer that cites them, rounded or exact", async () => {
    const cites = {
      ...GOOD,
      architecture:
        "Two modules in 19 lines of code. src/core.ts is the hotspot: 4 commits, complexity 6.",
      risks: ["A bus factor of 2 across 3 contributors; Grace made 50% of the hotspot's commits."],
      strengths: ["Each of the top 3 contributors made about 33% of the 6 commits."],
    };
    const api = await fakeApi(() => ({ status: 200, body: completion(JSON.stringify(cites)) }));
    const summary = await summarise("digest", settings(api.baseURL), undefined, undefined, FIGURES);
    expect(summary).toEqual({ status: "completed", model: "test-model", ...cites });
  });

  it("drops a claim whose number contradicts a figure, lists it, and keeps the rest", async () => {
    const contradicts = {
      ...GOOD,
      architecture: "One core module. It has 12 contributors and a complexity of 40. It is small.",
      risks: ["The bus factor is 5.", "Few tests."],
      strengths: ["Ada made 90% of the commits.", "Readable."],
    };
    const api = await fakeApi(() => ({
      status: 200,
      body: completion(JSON.stringify(contradicts)),
    }));
    const summary = await summarise("digest", settings(api.baseURL), undefined, undefined, FIGURES);
    expect(summary).toEqual({
      status: "completed",
      model: "test-model",
      ...GOOD,
      architecture: "One core module. It is small.",
      risks: ["Few tests."],
      strengths: ["Readable."],
      dropped: [
        {
          field: "architecture",
          text: "It has 12 contributors and a complexity of 40.",
          claim: "12 contributors",
        },
        { field: "strengths", text: "Ada made 90% of the commits.", claim: "90%" },
        { field: "risks", text: "The bus factor is 5.", claim: "bus factor is 5" },
      ],
    });
  });

  it("fails, with the reason, when the purpose is nothing but a contradicted claim", async () => {
    const invented = { ...GOOD, purpose: "A library used by 40 developers." };
    const api = await fakeApi(() => ({ status: 200, body: completion(JSON.stringify(invented)) }));
    const summary = await summarise("digest", settings(api.baseURL), undefined, undefined, FIGURES);
    expect(summary).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("contradicted the measured figures"),
    });
  });

  it("puts the figures first in the digest analyze() sends, with their units", async () => {
    const { buildDigest } = await import("../../src/analysis/summary/digest.ts");
    const digest = await buildDigest(
      {
        url: "u",
        files: [],
        languages: [],
        manifests: [],
        readme: null,
        read: () => undefined,
        figures: FIGURES,
      },
      6000,
    );
    const api = await fakeApi(() => ({ status: 200, body: completion(JSON.stringify(GOOD)) }));
    await summarise(digest, settings(api.baseURL), undefined, undefined, FIGURES);
    const sent = userMessage(api.requests[0]);
    expect(sent).toContain("Measured figures");
    expect(sent).toContain("- Ownership: bus factor 2; Ada 2 commits (33.33%)");
    expect(sent).toContain("src/core.ts 4 commits, complexity 6, bus factor 1");
  });

  it("checks 1 MB of number-laden text in one pass", () => {
    const text = `${"bus factor 1, 1,000,000 commits and 33% ".repeat(25_000)}.`;
    const checked = checkClaims({ ...GOOD, risks: [text] }, FIGURES);
    expect(checked?.dropped).toHaveLength(1);
  });
});
