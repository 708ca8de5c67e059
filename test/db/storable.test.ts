import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storableJson, storableText, unstorableReason } from "../../src/db/index.ts";
import { databaseUrl } from "../helpers/services.ts";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

/** What Postgres makes of `text` as jsonb, or the SQLSTATE it refuses it with. */
async function asJsonb(text: string): Promise<unknown> {
  try {
    return (await client.query("SELECT $1::jsonb AS v", [text])).rows[0].v;
  } catch (error) {
    return { refused: (error as { code: string }).code };
  }
}

describe("data Postgres cannot store", () => {
  it("NUL characters and lone surrogates become U+FFFD; paired surrogates and other text stay", () => {
    expect(storableText("a\u0000b\u0000")).toBe("a\uFFFDb\uFFFD");
    expect(storableText("x\uD800y\uDC00")).toBe("x\uFFFDy\uFFFD");
    expect(storableText("emoji 😀, é, \\u0000 as six characters")).toBe(
      "emoji 😀, é, \\u0000 as six characters",
    );
  });

  it("Postgres refuses a report with them as it is, and stores it cleaned, keys included", async () => {
    const report = {
      manifests: [{ name: "nul\u0000name", deps: { "half\uD83D": "1.0" } }],
      literal: "\\u0000",
      n: 1,
      none: null,
    };
    expect(await asJsonb(JSON.stringify(report))).toEqual({ refused: "22P05" });
    expect(await asJsonb(storableJson(report))).toEqual({
      manifests: [{ name: "nul\uFFFDname", deps: { "half\uFFFD": "1.0" } }],
      literal: "\\u0000",
      n: 1,
      none: null,
    });
  });

  it("a refusal of the value is told from other errors, with a reason a user can read", async () => {
    const refusal = await client
      .query("SELECT $1::jsonb", ['{"a":"\\u0000"}'])
      .catch((error: unknown) => error);
    expect(unstorableReason(refusal)).toBe(
      "it contains a character the database cannot store (22P05)",
    );
    expect(unstorableReason(Object.assign(new Error("x"), { code: "54000" }))).toBe(
      "it is larger than the database can store (54000)",
    );
    expect(unstorableReason(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBeNull();
    expect(unstorableReason(new Error("no code"))).toBeNull();
  });
});
