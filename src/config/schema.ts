import { accessSync, constants } from "node:fs";
import { originPatternProblem } from "./origin-pattern.ts";
import { nonEmpty, z } from "./zod.ts";

/**
 * The one environment schema of RepoLens. Every variable any process reads is declared here,
 * with its default and unit, so `.env.example`, README's table and the running code agree.
 * Each process parses the whole schema (it is cheap) and reads the part it needs.
 */

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: "expected a whole number" })
    .check(
      z.int({ error: "expected a whole number" }),
      z.minimum(min, { error: `expected a number >= ${min}` }),
      z.maximum(max, { error: `expected a number <= ${max}` }),
    );

const flag = z.pipe(
  z.enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
    error: "expected 1/0, true/false, yes/no or on/off",
  }),
  z.transform((v) => v === "1" || v === "true" || v === "yes" || v === "on"),
);

const list = z.pipe(
  z.string(),
  z.transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ),
);

const url = (protocols: readonly string[]) =>
  z.string().check(
    z.refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { error: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}` },
    ),
  );

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * How the previous worker process ended, as the supervisor that restarted it saw it
 * (`src/supervisor/worker-end.ts`). The worker's recovery counts only the deaths a job may have
 * caused (`out-of-memory`, `crashed`, `hung`: it stopped answering the supervisor's liveness
 * probes) and those nobody saw (`unknown`).
 */
export const WORKER_ENDS = [
  "out-of-memory",
  "crashed",
  "hung",
  "killed",
  "recycled",
  "unknown",
] as const;
export type WorkerEnd = (typeof WORKER_ENDS)[number];

export const envSchema = z
  .object({
    NODE_ENV: z._default(z.enum(["development", "production", "test"]), "development"),
    ROLE: z._default(z.enum(["combined", "api", "worker"]), "combined"),
    PORT: z._default(int(1, 65535), 3000),
    HOST: z._default(nonEmpty(), "0.0.0.0"),
    LOG_LEVEL: z._default(
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
      "info",
    ),
    LOG_FORMAT: z.optional(z.enum(["json", "pretty"])),

    REDIS_URL: z.optional(url(["redis:", "rediss:"])),
    REDIS_HOST: z.optional(nonEmpty()),
    REDIS_PORT: z.optional(int(1, 65535)),
    REDIS_PASSWORD: z.optional(z.string()),
    REDIS_SERVER_BIN: z._default(nonEmpty(), "redis-server"),
    /** BullMQ key prefix; lets several deployments (or test suites) share one Redis. */
    QUEUE_PREFIX: z._default(
      z
        .string()
        .check(
          z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "expected 1-64 letters, digits, _ or -" }),
        ),
      "repolens",
    ),

    DATABASE_URL: z.optional(url(["postgres:", "postgresql:"])),
    DB_DRIVER: z._default(z.enum(["auto", "pg", "neon"]), "auto"),
    EMBEDDED_PG_DIR: z._default(nonEmpty(), ".data/postgres"),

    OPENROUTER_API_KEY: z.optional(nonEmpty()),
    OPENROUTER_MODEL: z._default(nonEmpty(), "openai/gpt-4o-mini"),
    OPENROUTER_BASE_URL: z._default(url(["https:", "http:"]), "https://openrouter.ai/api/v1"),
    SUMMARY_TIMEOUT_MS: z._default(int(1000), 60_000),

    /** Origins allowed by CORS; the preview wildcard's rules are in origin-pattern.ts. */
    FRONTEND_URL: z._default(
      list.check(
        z.superRefine((patterns, ctx) => {
          for (const pattern of patterns) {
            const problem = originPatternProblem(pattern);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
          }
        }),
      ),
      [],
    ),
    TRUST_PROXY: z._default(flag, false),
    /**
     * With TRUST_PROXY: how many proxies append to X-Forwarded-For in front of the API; the
     * client is the entry this many from the right (1: the rightmost; Render: 2, its Cloudflare
     * edge and its own proxy). Entries further left are the client's own writing.
     */
    TRUST_PROXY_HOPS: z._default(int(1, 10), 1),
    RATE_LIMIT_PER_MIN: z._default(int(0), 5),
    CACHE_TTL: z._default(int(0), 86_400),
    /**
     * Open SSE streams in this API process, all clients together. An idle stream costs about
     * 9 KB (27 MB measured for 3,000), so 200 are about 2 MB of a 512 MB container. What the cap
     * really bounds is the burst when streams open at once: each opening reads a snapshot from
     * Postgres, and 200 such reads queue on the pool's 4 connections well inside its 5 s
     * connection timeout, where 3,000 did not (521 answered 503).
     */
    SSE_MAX_STREAMS: z._default(int(1), 200),
    /**
     * Open SSE streams per client (see TRUST_PROXY): a page follows one analysis at a time, so
     * 10 leaves room for several tabs or people behind one address, while 20 clients are needed
     * to take every stream of SSE_MAX_STREAMS.
     */
    SSE_MAX_STREAMS_PER_CLIENT: z._default(int(1), 10),
    ADMIN_USER: z.optional(nonEmpty()),
    ADMIN_PASSWORD: z.optional(nonEmpty()),

    SANDBOX_DIR: z._default(nonEmpty(), "/tmp/repolens-sandbox"),
    WORKER_CONCURRENCY: z._default(int(1, 16), 1),
    JOB_TIMEOUT_MS: z._default(int(1000), 300_000),
    /**
     * Memory cap of one analysis process, in MB of RSS; 60 % of it is the process's V8 heap limit.
     * Sized for Render's 512 MB: supervisor 75 + API 96 + worker 102 MB RSS idle leave about
     * 240 MB, of which 160 go to the analysis and the rest to git and the API's peaks. An
     * analysis of 6,000 files peaks at about 105 (measured from dist/). Below 128, Node and the
     * analysis code alone (about 95 MB from dist/, 120 from src/) leave it nothing to work with.
     */
    ANALYSIS_MAX_MB: z._default(int(128), 160),
    MAX_RETRY_ATTEMPTS: z._default(int(1, 20), 3),
    RETRY_BACKOFF_MS: z._default(int(0), 5000),
    MAX_REPO_SIZE_MB: z._default(int(1), 200),
    /**
     * Files (tree entries) a repository may have, counted before their contents are fetched. 40,000: a repository
     * that fits MAX_REPO_SIZE_MB's 200 MB with files of a usual few KB has 20,000 to 50,000, and a
     * 30,000-file tree is the largest real scan we budget for; far more means files far smaller than
     * usual, an empty-file bomb (the 50,000 empty files of issue #13 pack into about 1 MB), and
     * each file costs the scan memory (50,000 took about 90 MB of RSS).
     */
    MAX_FILES: z._default(int(1), 40_000),
    CLONE_TIMEOUT_MS: z._default(int(1000), 120_000),
    /**
     * Hard cap on one report, serialised, in KB: lists are cut (and the cut stated) to fit, and
     * the API refuses to load a stored report over it (one 54 MB report OOM-killed the API).
     */
    MAX_REPORT_KB: z._default(int(64, 64 * 1024), 1024),
    /**
     * MB of finished analyses' JSON the API keeps in memory to answer re-reads without Postgres
     * (LRU; a view over a quarter of it is not kept). 8 MB fits the API's 96 MB heap beside
     * everything else; 0 turns the cache off.
     */
    VIEW_CACHE_MB: z._default(int(0, 64), 8),
    ALLOWED_GIT_HOSTS: z._default(list, [
      "github.com",
      "gitlab.com",
      "bitbucket.org",
      "codeberg.org",
    ]),
    ALLOW_LOCAL_REPOS: z._default(flag, false),
    /**
     * Hosts of ALLOWED_GIT_HOSTS that may resolve to private or loopback addresses (a self-hosted
     * GitLab on the company network, usually with GIT_CA_BUNDLE). Every other host must resolve
     * to public addresses. Default: none.
     */
    PRIVATE_GIT_HOSTS: z._default(list, []),
    /** PEM file of the CAs git trusts for https clones (a self-hosted host behind a private CA). */
    GIT_CA_BUNDLE: z.optional(
      z.string().check(z.refine(readable, { error: "expected the path of a readable PEM file" })),
    ),

    SHUTDOWN_TIMEOUT_MS: z._default(int(1000), 25_000),
    API_COMMAND: z.optional(nonEmpty()),
    WORKER_COMMAND: z.optional(nonEmpty()),
    API_HEALTH_PATH: z._default(
      z.string().check(z.startsWith("/", { error: "expected a path starting with /" })),
      "/api/health",
    ),
    API_START_TIMEOUT_MS: z._default(int(100), 30_000),
    RESTART_BACKOFF_MS: z._default(int(1), 1000),
    RESTART_BACKOFF_MAX_MS: z._default(int(1), 30_000),
    RESTART_STABLE_MS: z._default(int(1), 60_000),
    CRASH_LOOP_MAX: z._default(int(1), 10),
    CRASH_LOOP_WINDOW_MS: z._default(int(1000), 300_000),
    API_MAX_RESTARTS: z._default(int(0), 3),
    RSS_SAMPLE_MS: z._default(int(100), 5000),
    WORKER_MAX_RSS_MB: z._default(int(0), 300),
    WORKER_MAX_JOBS: z._default(int(0), 0),
    /**
     * Milliseconds a child may go without answering its liveness probe (IPC ping, the API's health
     * path, `--worker-health`) before its group is SIGKILLed and it is restarted as `hung`.
     * 30 s of wall clock is 3 s of CPU at the 0.1 CPU of a free instance, which every process of
     * the container shares. Measured (`npm run bench:event-loop`): analysing 30,000 files holds the
     * event loop at most 0.4 s at full speed, about 4 s at 0.1 CPU; a major GC of a full 192 MB
     * heap takes well under 1 s of CPU. 30 s leaves a wide margin, and a hung API is still
     * replaced before the platform's own health check (about a minute) restarts the container.
     * A run's first answer may also take API_START_TIMEOUT_MS (a process still loading its code).
     */
    LIVENESS_TIMEOUT_MS: z._default(int(1000), 30_000),
    /** Milliseconds between liveness probes; none costs a Redis command. */
    LIVENESS_INTERVAL_MS: z._default(int(100), 5000),
    /** Command line whose exit 0 says a foreign worker is alive (`--worker-health`). */
    WORKER_HEALTH_COMMAND: z.optional(nonEmpty()),
    TINI_BIN: z._default(nonEmpty(), "tini"),
    /** Set by the supervisor in its children's environment; not for users. */
    REPOLENS_SUPERVISED: z._default(flag, false),
    /** Set by the supervisor on each worker it starts; not for users. */
    REPOLENS_PREVIOUS_WORKER_EXIT: z._default(z.enum(WORKER_ENDS), "unknown"),
    /**
     * Set by the supervisor once one of its children found the schema current; not for users.
     * A restarted child then skips the check, so a restart during a Postgres outage does not
     * fail on it (src/db/schema.ts).
     */
    REPOLENS_SCHEMA_CURRENT: z._default(flag, false),
    API_HEAP_MB: z._default(int(16), 96),
    WORKER_HEAP_MB: z._default(int(16), 192),
  })
  .check(
    z.superRefine((env, context) => {
      // An allowance for private addresses is only ever an addition to a host already allowed.
      const outside = env.PRIVATE_GIT_HOSTS.filter((h) => !env.ALLOWED_GIT_HOSTS.includes(h));
      if (outside.length > 0)
        context.addIssue({
          code: "custom",
          path: ["PRIVATE_GIT_HOSTS"],
          message: `${outside.join(", ")} not in ALLOWED_GIT_HOSTS`,
        });
    }),
  );

export type Env = z.infer<typeof envSchema>;
