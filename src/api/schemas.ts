import { z } from "@hono/zod-openapi";
// zod's setting for every schema of RepoLens (no compiled fast path), set before these are built.
import "../config/zod.ts";
import { WORKER_ENDS } from "../config/index.ts";
import { WORKER_STATES } from "../ipc/protocol.ts";
import {
  ANALYSIS_STATUSES,
  type AnalysisProgress,
  analysisProgress,
  MAX_REPO_URL_LENGTH,
  refRule,
} from "../queue/index.ts";
import { PROBE_FAILURES } from "./status.ts";

/**
 * Request and response schemas: they validate input and generate `/openapi.json`, so the
 * document cannot drift from what the handlers do.
 */

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "HOST_NOT_ALLOWED" }),
      message: z.string().openapi({ example: "host example.com is not one of: github.com" }),
    }),
  })
  .openapi("Error");

export const SubmitBody = z
  .object({
    repoUrl: z
      .string({
        error: (issue) =>
          issue.input === undefined ? "repoUrl is required" : "repoUrl must be a string",
      })
      // Length is refused here already so an absurd string never reaches the URL parser.
      .max(MAX_REPO_URL_LENGTH * 2, { error: "repoUrl is too long" })
      .openapi({ example: "https://github.com/honojs/hono" }),
    ref: z.string().check(refRule).optional(),
    force: z.boolean({ error: "force must be true or false" }).optional().openapi({
      description: "Run again even if this commit was analysed within CACHE_TTL.",
    }),
  })
  .strict()
  .openapi("SubmitAnalysis");

const StatusSchema = z.enum(ANALYSIS_STATUSES).openapi("AnalysisStatus");

// The queue contract's schemas are zod/mini (src/config/zod.ts), which the OpenAPI generator
// cannot read: the document's copy is rebuilt from the contract's JSON Schema, so it cannot
// drift. It only describes responses; what the API reads of a job is parsed with the contract.
const ProgressSchema = (
  z.fromJSONSchema(z.toJSONSchema(analysisProgress)) as z.ZodType<AnalysisProgress>
).openapi("Progress");

export const SubmitResponse = z
  .object({
    id: z.string(),
    status: StatusSchema,
    repoUrl: z.string(),
    ref: z.string().nullable(),
    /** True when the same repo+ref was already queued or running and its id is returned. */
    deduplicated: z.boolean(),
    cancelToken: z
      .string()
      .optional()
      .openapi({
        description:
          "Only for a new job (not when `deduplicated`): send it as X-Cancel-Token to cancel. " +
          "It is shown once and only its hash is stored. A deduplicated submission gets none, " +
          "or anyone could cancel another's job by submitting the same URL.",
        example: "q3Wm0uJ9v5d2XyZk7bH1sL4nR8tC6pA0eF2gK9jM5wQ",
      }),
    links: z.object({ self: z.string(), events: z.string() }),
  })
  .openapi("Submitted");

export const AnalysisSchema = z
  .object({
    id: z.string(),
    repoUrl: z.string(),
    ref: z.string().nullable(),
    status: StatusSchema,
    progress: ProgressSchema,
    attempts: z.number().int(),
    commit: z.string().nullable(),
    cached: z.boolean(),
    createdAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .openapi({
        description:
          "Why a failed or cancelled analysis ended; on a completed one, REPORT_TOO_LARGE: its " +
          "report was stored before MAX_REPORT_KB existed and is over it, so `result` is left out.",
      }),
    result: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "The analysis report (see the Report section of the docs)." }),
  })
  .openapi("Analysis");

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, { error: "id has characters no analysis id has" })
    .openapi({
      param: { name: "id", in: "path" },
      example: "0b6c2a7e-1f0e-4a57-9f1e-2f7c9c1d0a11",
    }),
});

export const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  repoUrl: z
    .string()
    .max(MAX_REPO_URL_LENGTH * 2)
    .optional()
    .openapi({
      description: "Only analyses of this repository (any accepted spelling of its URL).",
    }),
});

const HistoryItem = AnalysisSchema.omit({ result: true }).openapi("HistoryItem");

export const HistoryResponse = z
  .object({ items: z.array(HistoryItem), nextCursor: z.string().nullable() })
  .openapi("History");

export const CancelHeaders = z.object({
  "x-cancel-token": z
    .string()
    .optional()
    .openapi({
      param: { name: "x-cancel-token", in: "header" },
      description: "The `cancelToken` returned by the submission.",
    }),
});

export const CancelResponse = z
  .object({
    id: z.string(),
    status: StatusSchema,
    /** True when the job was running and its worker has been asked to stop. */
    cancelRequested: z.boolean(),
  })
  .openapi("Cancelled");

export const CountsSchema = z
  .object({
    waiting: z.number().int(),
    active: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    delayed: z.number().int(),
  })
  .openapi("QueueCounts");

const ExitSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  at: z.string(),
  cause: z.enum(WORKER_ENDS).nullable().openapi({
    description:
      "How the supervisor classified the end: out-of-memory and crashed count against the job the worker held, killed and recycled do not",
  }),
});

const WorkerSchema = z
  .object({
    pid: z.number().int().nullable(),
    state: z.enum(WORKER_STATES).openapi({
      description:
        "ready: running, connected to Redis and consuming (the only state in which worker_ok is true); starting, reconnecting, stopping: as the worker reports it; backoff: waiting to be restarted; stopped: not running.",
    }),
    restarts: z.number().int(),
    uptimeS: z.number().nullable(),
    lastExit: ExitSchema.nullable(),
  })
  .openapi("Worker");

export const HealthResponse = z
  .object({
    status: z.literal("ok"),
    worker_ok: z.boolean().nullable().openapi({
      description:
        "true only while the worker can take jobs (worker.state is ready); null when no supervisor reports on a worker (ROLE=api, or run by hand).",
    }),
    worker: WorkerSchema.nullable(),
  })
  .openapi("Health");

const Probe = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  error: z.enum(PROBE_FAILURES).optional().openapi({
    description: "Why the probe failed, in short; the driver's own message is in the API's log.",
  }),
});

export const StatusResponse = z
  .object({
    overall_status: z.enum(["healthy", "degraded", "unhealthy"]),
    checkedAt: z.string(),
    api: z.object({
      pid: z.number().int(),
      uptimeS: z.number(),
      rssMb: z.number(),
      openStreams: z.number().int().openapi({ description: "SSE streams open now." }),
    }),
    redis: Probe,
    database: Probe,
    worker_ok: z.boolean().nullable(),
    worker: WorkerSchema.extend({
      reason: z.string().nullable().openapi({ description: "Why the worker is not ready." }),
      rssMb: z.number().nullable(),
      heartbeatAgeS: z.number().nullable(),
    }).nullable(),
    workers: z
      .array(z.object({ id: z.string(), heartbeatAgeS: z.number() }))
      .nullable()
      .openapi({ description: "ROLE=api: workers of other containers with a fresh heartbeat." }),
    queue: CountsSchema.nullable(),
  })
  .openapi("Status");
