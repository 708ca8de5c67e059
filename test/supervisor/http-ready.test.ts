import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { waitForHttpOk } from "../../src/supervisor/http-ready.ts";

/** A port nothing listens on yet, and a server to listen on it later that counts requests. */
async function laterServer() {
  let requests = 0;
  const server = http.createServer((_request, response) => {
    requests++;
    response.end("ok");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return {
    url: `http://127.0.0.1:${port}/health`,
    listen: async () => {
      server.listen(port, "127.0.0.1");
      await once(server, "listening");
    },
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("waitForHttpOk", () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("asks at once when woken, not at its next attempt a minute later", async () => {
    const server = await laterServer();
    close = server.close;
    let wake: (() => void) | undefined;
    let unsubscribed = false;
    const ready = waitForHttpOk(server.url, {
      timeoutMs: 120_000,
      intervalMs: 60_000,
      wake: (now) => {
        wake = now;
        return () => {
          unsubscribed = true;
        };
      },
    });
    // The first attempt is refused; then it waits its minute, or its wake.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.listen();
    wake?.();
    expect(await ready).toBe(true);
    expect(server.requests()).toBe(1);
    expect(unsubscribed).toBe(true);
  });

  it("stops waiting as soon as it is aborted, not at its next attempt", async () => {
    const server = await laterServer();
    close = server.close;
    const stop = new AbortController();
    const ready = waitForHttpOk(server.url, {
      timeoutMs: 120_000,
      intervalMs: 60_000,
      signal: stop.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop.abort();
    expect(await ready).toBe(false);
  });

  it("polls without a wake until the server answers, and gives up at its timeout", async () => {
    const server = await laterServer();
    close = server.close;
    expect(await waitForHttpOk(server.url, { timeoutMs: 300, intervalMs: 50 })).toBe(false);
    const ready = waitForHttpOk(server.url, { timeoutMs: 10_000, intervalMs: 50 });
    await server.listen();
    expect(await ready).toBe(true);
  });
});
