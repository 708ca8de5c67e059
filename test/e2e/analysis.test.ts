import { execFile } from "node:child_process";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Service, startService } from "../../scripts/lib/service.ts";
import { createPool, type Db, findAnalysis } from "../../src/db/index.ts";
import { createRepo, type TempDir, tempDir } from "../analysis/fixtures.ts";
import { ROOT } from "../helpers/processes.ts";
import { createTestDatabase, redisUrl, type TestDatabase } from "../helpers/services.ts";

/** The whole service, as `npm start` runs it: HTTP submit → queue → worker → report in Postgres. */

const run = promisify(execFile);
let scratch: TempDir;
let database: TestDatabase;
let db: Db;
let service: Service;

beforeAll(async () => {
  scratch = tempDir("repolens-e2e-");
  await chmod(scratch.path, 0o755);
  database = await createTestDatabase("e2e");
  service = await startService({
    redisUrl: redisUrl(),
    databaseUrl: database.url,
    dir: scratch.path,
    // Every job recycles the worker: proves WORKER_MAX_JOBS and that jobs survive recycling.
    env: { WORKER_MAX_JOBS: "1" },
  });
  await service.workerReady(0, 30_000);
  db = await createPool({ url: database.url });
}, 60_000);

afterAll(async () => {
  await service.stop();
  await db.end();
  await database.drop();
  scratch.remove();
});

async function submit(repoUrl: string): Promise<string> {
  const response = await service.submit({ repoUrl });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function finished(id: string): Promise<Record<string, unknown>> {
  let body: Record<string, unknown> = {};
  await expect
    .poll(
      async () => {
        body = (await (await fetch(`${service.base}/api/analyses/${id}`)).json()) as Record<
          string,
          unknown
        >;
        return ["completed", "failed", "cancelled"].includes(body.status as string);
      },
      { timeout: 30_000, message: `analysis ${id} finishes` },
    )
    .toBe(true);
  return body;
}

describe("end to end through the queue", () => {
  it("a submitted job and `npm run analyze -- <dir> --json` report the same tree alike", async () => {
    const repo = path.join(scratch.path, "repo");
    createRepo(repo, {
      "package.json": JSON.stringify({
        name: "demo",
        dependencies: { hono: "^4.0.0" },
        devDependencies: { vitest: "^5.0.0" },
      }),
      "src/index.ts":
        "// entry\nexport const answer = 42;\n\n/* block\n comment */\nexport function f() {\n  return answer;\n}\n",
      "app.py": '"""Docstring."""\nimport os\n\n# comment\nprint(os.name)\n',
      "README.md": "# Demo\n\nA fixture.\n",
      LICENSE:
        "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
    });
    const id = await submit(repo);
    const job = await finished(id);
    expect(job.status).toBe("completed");

    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, "src/analysis/cli.ts"), repo, "--json"],
      { cwd: ROOT },
    );
    const cli = JSON.parse(stdout) as Record<string, unknown>;
    const stored = (await findAnalysis(db, id))?.report as Record<string, unknown>;
    expect(job.result).toEqual(stored);
    // What may differ: where the tree came from and how long each step took.
    const same = [
      "totals",
      "languages",
      "excluded",
      "structure",
      "manifests",
      "tooling",
      "warnings",
    ];
    for (const key of same) expect({ [key]: stored[key] }).toEqual({ [key]: cli[key] });
    expect((stored.repo as { commit: string }).commit).toBe(
      (cli.repo as { commit: string }).commit,
    );
  });

  it("a repository that does not exist fails with a reason the user sees, without retries", async () => {
    const id = await submit(path.join(scratch.path, "no-such-repo"));
    const job = await finished(id);
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({
      code: expect.stringMatching(/^(REPO_NOT_FOUND|NOT_A_REPOSITORY)$/),
      message: expect.any(String),
    });
    expect(job.attempts).toBe(1);
    expect((await findAnalysis(db, id))?.status).toBe("failed");
  });
});
