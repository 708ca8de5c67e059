import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** What the endpoint answers to its n-th request. */
export type Handler = (attempt: number) => { status: number; body?: unknown; delayMs?: number };

/** A model's answer that passes the summary's schema. */
export const GOOD = {
  purpose: "A test fixture.",
  architecture: "One module.",
  techStack: ["TypeScript"],
  strengths: ["small"],
  risks: ["none"],
  suggestions: ["add docs"],
};

/** A chat completion whose message is `content`. */
export const completion = (content: string) => ({
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

/**
 * A local OpenAI-compatible endpoint, closed after each test; returns its base URL and the
 * requests it saw.
 */
export async function fakeApi(handler: Handler): Promise<{ baseURL: string; requests: unknown[] }> {
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

/** Summary settings for the endpoint at `baseURL`. */
export const settings = (baseURL: string) => ({
  apiKey: "test-key",
  baseURL,
  model: "test-model",
  timeoutMs: 5000,
});

/** The user message (the digest) of a chat completion request. */
export const userMessage = (request: unknown) =>
  (request as { messages: { role: string; content: string }[] }).messages.find(
    (m) => m.role === "user",
  )?.content ?? "";
