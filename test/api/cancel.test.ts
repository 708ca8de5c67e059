import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/services.ts";
import { type Harness, migratedDatabase, post, startApi } from "./harness.ts";

let database: TestDatabase;
let h: Harness;

beforeAll(async () => {
  database = await migratedDatabase("api_cancel");
  h = await startApi(database);
});
afterAll(async () => {
  await h.close();
  await database.drop();
});

interface Submitted {
  id: string;
  deduplicated: boolean;
  cancelToken?: string;
}

async function submit(repoUrl: string): Promise<Submitted> {
  const res = await post(h, { repoUrl });
  expect(res.status).toBe(202);
  return (await res.json()) as Submitted;
}

function cancel(id: string, headers: Record<string, string> = {}) {
  return fetch(`${h.url}/api/analyses/${id}`, { method: "DELETE", headers });
}

async function refusal(res: Response) {
  return {
    status: res.status,
    code: ((await res.json()) as { error: { code: string } }).error.code,
  };
}

const stillQueued = async (id: string) =>
  ((await (await fetch(`${h.url}/api/analyses/${id}`)).json()) as { status: string }).status;

describe("cancelling needs the submitter's token", () => {
  it("a new job's submitter gets a 256-bit base64url token, and Postgres keeps only its SHA-256", async () => {
    const { id, cancelToken } = await submit("https://github.com/token/stored");
    expect(cancelToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(cancelToken as string, "base64url")).toHaveLength(32);
    const { rows } = await h.db.query<Record<string, unknown>>(
      "SELECT * FROM analyses WHERE id = $1",
      [id],
    );
    expect(rows[0]?.cancel_token_hash).toEqual(
      createHash("sha256")
        .update(cancelToken as string)
        .digest(),
    );
    expect(JSON.stringify(rows[0])).not.toContain(cancelToken);
  });

  it("without the token, DELETE is refused with 403 CANCEL_TOKEN_REQUIRED and the job goes on", async () => {
    const { id } = await submit("https://github.com/token/none");
    expect(await refusal(await cancel(id))).toEqual({ status: 403, code: "CANCEL_TOKEN_REQUIRED" });
    expect(await refusal(await cancel(id, { "x-cancel-token": "" }))).toEqual({
      status: 403,
      code: "CANCEL_TOKEN_REQUIRED",
    });
    expect(await stillQueued(id)).toBe("queued");
    expect(await h.queue.getJob(id)).toBeDefined();
  });

  it("another job's token, or any other value, is refused with 403 CANCEL_TOKEN_INVALID", async () => {
    const mine = await submit("https://github.com/token/mine");
    const theirs = await submit("https://github.com/token/theirs");
    for (const wrong of [
      theirs.cancelToken as string,
      `${mine.cancelToken}x`,
      (mine.cancelToken as string).slice(0, -1),
      "x".repeat(8000),
      "not base64url at all!",
    ]) {
      expect(await refusal(await cancel(mine.id, { "x-cancel-token": wrong }))).toEqual({
        status: 403,
        code: "CANCEL_TOKEN_INVALID",
      });
    }
    expect(await stillQueued(mine.id)).toBe("queued");
  });

  it("the right token cancels", async () => {
    const { id, cancelToken } = await submit("https://github.com/token/right");
    const res = await cancel(id, { "x-cancel-token": cancelToken as string });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, status: "cancelled", cancelRequested: false });
    expect(await stillQueued(id)).toBe("cancelled");
  });

  it("a deduplicated submission gets no token, and the first submitter's still works", async () => {
    const first = await submit("https://github.com/token/dedup");
    const second = await submit("https://github.com/token/dedup");
    expect(second).toMatchObject({ id: first.id, deduplicated: true });
    expect(second).not.toHaveProperty("cancelToken");
    const res = await cancel(first.id, { "x-cancel-token": first.cancelToken as string });
    expect(res.status).toBe(200);
  });

  it("an analysis accepted before tokens existed cannot be cancelled by anyone", async () => {
    const { id, cancelToken } = await submit("https://github.com/token/legacy");
    await h.db.query("UPDATE analyses SET cancel_token_hash = NULL WHERE id = $1", [id]);
    expect(await refusal(await cancel(id, { "x-cancel-token": cancelToken as string }))).toEqual({
      status: 403,
      code: "CANCEL_TOKEN_INVALID",
    });
  });

  it("an unknown id with a token answers 404", async () => {
    const { cancelToken } = await submit("https://github.com/token/unknown");
    expect(
      await refusal(await cancel("no-such-analysis", { "x-cancel-token": cancelToken as string })),
    ).toEqual({ status: 404, code: "NOT_FOUND" });
  });
});
