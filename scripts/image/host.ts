import path from "node:path";
import { Redis } from "ioredis";
import { startGitHttpsServer } from "../../test/analysis/git-https-server.ts";
import { onCleanup, scratchDir } from "../lib/cleanup.ts";
import { freshDatabase } from "../lib/postgres.ts";
import { GIT_HOST } from "./analyse.ts";
import type { ContainerSetup } from "./container.ts";
import { hostedRepo, longPathsRepo } from "./repos.ts";

/** The Redis and the Postgres server (its admin URL) a run uses: flags, else the tests' own. */
export function serviceUrls(flags: { redis?: string | undefined; postgres?: string | undefined }) {
  return {
    redisUrl: flags.redis ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    adminUrl:
      flags.postgres ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  };
}

/** What the containers of one run share: the git host, Redis and the Postgres server. */
export interface RunHost {
  /** A container's setup: `image`, a database of its own and a queue prefix of its own. */
  setupFor(image: string, name: string): Promise<ContainerSetup>;
}

/**
 * Generates the repositories (6,000 files with 1,000 commits, 50 files, the long-path one),
 * serves them over https as a private git host, and hands out container setups; the server,
 * the repositories and every queue key of the run are removed at cleanup.
 */
export async function prepareHost(
  runId: string,
  services: { redisUrl: string; adminUrl: string },
  say: (line: string) => void,
): Promise<RunHost> {
  const repos = scratchDir("image-repos");
  const started = Date.now();
  hostedRepo(path.join(repos, "git"), "acme/big", { files: 6000, commits: 1000 });
  hostedRepo(path.join(repos, "git"), "acme/small", { files: 50, commits: 50 });
  longPathsRepo(path.join(repos, "git"), "acme/long-paths");
  say(`repositories generated in ${Date.now() - started} ms`);
  const server = await startGitHttpsServer({
    root: path.join(repos, "git"),
    dir: repos,
    host: GIT_HOST,
  });
  onCleanup(() => server.close());

  const queuePrefix = `imagecheck-${runId}`;
  onCleanup(async () => {
    const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${queuePrefix}*`, count: 500 }))
      if ((keys as string[]).length > 0) await redis.unlink(...(keys as string[]));
    redis.disconnect();
  });
  return {
    setupFor: async (image, name) => ({
      image,
      runLabel: runId,
      redisUrl: services.redisUrl,
      databaseUrl: await freshDatabase(services.adminUrl, `image_${name}`),
      queuePrefix: `${queuePrefix}-${name}`,
      gitHost: { name: GIT_HOST, address: server.address, caFile: server.caFile },
    }),
  };
}
