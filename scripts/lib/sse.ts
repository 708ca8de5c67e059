/** One SSE client of a job: resolves with the event names it received once the stream ends. */
export interface SseFollow {
  /** Resolves with the terminal event (`completed`, `failed`, `cancelled`) or `ended`. */
  done: Promise<{ terminal: string; at: number; events: string[] }>;
  close(): void;
}

/**
 * Follows `GET /api/analyses/:id/events` as a browser's EventSource would, reading only the
 * event names.
 *
 * @example
 * const { terminal } = await followEvents(`${base}/api/analyses/${id}/events`).done;
 */
export function followEvents(url: string): SseFollow {
  const controller = new AbortController();
  const done = (async () => {
    const events: string[] = [];
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE answered ${response.status}`);
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of response.body) {
      pending += decoder.decode(chunk as Uint8Array, { stream: true });
      let index = pending.indexOf("\n");
      while (index !== -1) {
        const line = pending.slice(0, index);
        pending = pending.slice(index + 1);
        if (line.startsWith("event:")) {
          const name = line.slice(6).trim();
          events.push(name);
          // Leaving the loop cancels the body, which closes the connection.
          if (["completed", "failed", "cancelled"].includes(name))
            return { terminal: name, at: Date.now(), events };
        }
        index = pending.indexOf("\n");
      }
    }
    return { terminal: "ended", at: Date.now(), events };
  })();
  return { done, close: () => controller.abort() };
}
