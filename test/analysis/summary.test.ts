import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { summarise } from "../../src/analysis/summary/index.ts";

type Handler = (attempt: number) => { status: number; body?: unknown; delayMs?: number };

const GOOD = {
  purpose: "A test fixture.",
  architecture: "One module.",
  techStack: ["TypeScript"],
  strengths: ["small"],
  risks: ["none"],
  suggestions: ["add docs"],
};

const completion = (content: string) => ({
  id: "x",
  object: "chat.completion",
  created: 0,
  model: "test-model",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
});

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

/** A local OpenAI-compatible endpoint; returns its base URL and the requests it saw. */
async function fakeApi(handler: Handler): Promise<{ baseURL: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      requests.push(JSON.parse(body));
      const answer = handler(requests.length);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(answer.status, {
          "content-type": "application/json",
          "retry-after-ms": "10",
        });
        res.end(JSON.stringify(answer.body ?? { error: { message: "busy" } }));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseURL: `http://127.0.0.1:${port}/v1`, requests };
}

const settings = (baseURL: string) => ({
  apiKey: "test-key",
  baseURL,
  model: "test-model",
  timeoutMs: 5000,
});

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
    const started = Date.now();
    const summary = await summarise("digest", {
      ...settings(api.baseURL),
      timeoutMs: 300,
      maxRetries: 0,
    });
    expect(summary).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("longer than"),
    });
    expect(Date.now() - started).toBeLessThan(3000);
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
