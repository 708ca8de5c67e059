import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ApiError, guard } from "../../src/api/errors.ts";
import { databaseUrl } from "../helpers/services.ts";

describe("guard", () => {
  const url = new URL(databaseUrl());
  url.username = "repolens_no_such_role";
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  afterAll(() => pool.end());

  it("answers 503 DATABASE_UNAVAILABLE when Postgres refuses the credentials, not a 500", async () => {
    const error = await guard("database", () => pool.query("SELECT 1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "DATABASE_UNAVAILABLE" });
  });

  it("lets a bug through as it is", async () => {
    const bug = new TypeError("undefined is not a function");
    await expect(guard("database", () => Promise.reject(bug))).rejects.toBe(bug);
  });
});
