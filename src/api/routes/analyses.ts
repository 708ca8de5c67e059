import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { AnalysisService } from "../analyses.ts";
import { CANCEL_TOKEN_HEADER } from "../cancel-token.ts";
import type { ApiEnv } from "../context.ts";
import { ApiError } from "../errors.ts";
import {
  AnalysisSchema,
  CancelHeaders,
  CancelResponse,
  ErrorSchema,
  HistoryQuery,
  HistoryResponse,
  IdParam,
  SubmitBody,
  SubmitResponse,
} from "../schemas.ts";
import { validationHook } from "../validation.ts";
import { answerBody } from "../view-response.ts";

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const submit = createRoute({
  method: "post",
  path: "/api/analyses",
  summary: "Submit a repository for analysis",
  description:
    "202 with the job's id. The same repo+ref already queued or running answers that job's id " +
    "(`deduplicated: true`). A completed analysis of the same commit within CACHE_TTL is reused " +
    "by the worker unless `force`. A new job's answer carries `cancelToken`, the only way to " +
    "cancel it (keep it); a deduplicated answer carries none.",
  request: {
    body: { content: { "application/json": { schema: SubmitBody } }, required: true },
  },
  responses: {
    202: { description: "Accepted", content: { "application/json": { schema: SubmitResponse } } },
    400: error("The body or the URL is refused; `code` says why"),
    413: error("The body is larger than a few KB"),
    415: error("The body is not declared as JSON"),
    429: error("Too many submissions from this client; see Retry-After"),
    503: error("Redis or Postgres is unreachable; nothing was queued"),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/analyses/{id}",
  summary: "One analysis: live state from the queue, history and report from Postgres",
  description:
    "A finished analysis never changes: it is answered from memory after its first read, with " +
    "a strong `ETag` and `Cache-Control: no-cache`; `If-None-Match` with that tag gets a 304. " +
    "One still running is `no-store`.",
  request: { params: IdParam },
  responses: {
    200: {
      description: "The analysis",
      content: { "application/json": { schema: AnalysisSchema } },
    },
    304: { description: "Finished, and If-None-Match holds its ETag" },
    404: error("No analysis has this id"),
    503: error("Neither Redis nor Postgres could answer"),
  },
});

const list = createRoute({
  method: "get",
  path: "/api/analyses",
  summary: "History, newest first",
  description:
    "A page after a `cursor` whose analyses have all finished cannot change any more: it carries " +
    "a strong `ETag` (304 on `If-None-Match`). The first page changes with each submission.",
  request: { query: HistoryQuery },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: HistoryResponse } } },
    304: { description: "A final page, and If-None-Match holds its ETag" },
    400: error("A query parameter is refused"),
    503: error("Postgres is unreachable"),
  },
});

const cancel = createRoute({
  method: "delete",
  path: "/api/analyses/{id}",
  summary: "Cancel: a queued job is removed, a running one is stopped by its worker",
  description:
    `For whoever submitted the analysis: send the \`cancelToken\` its submission returned in ` +
    `the \`${CANCEL_TOKEN_HEADER}\` header.`,
  request: { params: IdParam, headers: CancelHeaders },
  responses: {
    200: { description: "Cancelled", content: { "application/json": { schema: CancelResponse } } },
    202: {
      description: "Running; its worker was asked to stop and will record `cancelled`",
      content: { "application/json": { schema: CancelResponse } },
    },
    403: error(
      `\`CANCEL_TOKEN_REQUIRED\`: no ${CANCEL_TOKEN_HEADER} header; \`CANCEL_TOKEN_INVALID\`: ` +
        "it does not hold this analysis's token",
    ),
    404: error("No analysis has this id"),
    409: error("The analysis has already finished"),
    503: error("Redis or Postgres is unreachable"),
  },
});

/**
 * @example
 * app.route("/", analysesRoutes(service));
 */
export function analysesRoutes(service: AnalysisService) {
  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHook })
    .openapi(submit, async (c) => {
      const submitted = await service.submit(c.req.valid("json"), c.get("requestId"));
      const self = `/api/analyses/${submitted.id}`;
      return c.json({ ...submitted, links: { self, events: `${self}/events` } }, 202);
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid("param");
      const body = await service.viewBody(id);
      if (!body) throw new ApiError(404, "NOT_FOUND", `no analysis with id ${id}`);
      return answerBody(c, body);
    })
    .openapi(list, async (c) => answerBody(c, await service.historyBody(c.req.valid("query"))))
    .openapi(cancel, async (c) => {
      const result = await service.cancel(
        c.req.valid("param").id,
        c.req.valid("header")["x-cancel-token"],
      );
      return c.json(result, result.cancelRequested ? 202 : 200);
    });
}
