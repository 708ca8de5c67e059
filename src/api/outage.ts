import { ConnectionClosedError } from "bullmq";
import { MaxRetriesPerRequestError } from "ioredis/built/errors/index.js";
import { CONNECTION_CLOSED_ERROR_MSG } from "ioredis/built/utils/index.js";

/**
 * Is an error "the service is away" (Redis or Postgres unreachable, refusing or shutting down),
 * as opposed to a bug? Decided by what the error is (its class, its SQLSTATE, Node's system
 * error code), never by searching its text.
 */

/** Postgres SQLSTATE classes: 08 connection, 28 credentials refused (a rotated Neon password is
 * an outage to the client, not our bug), 53 out of connections or memory, 57 shutting down. */
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(["08", "28", "53", "57"]);
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Node's system error codes for a peer that cannot be reached or went away mid-conversation. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * The transport errors ioredis and pg raise as a bare `Error`, with neither a class nor a code:
 * each is one fixed string the library defines (ioredis exports the first), compared whole.
 * BullMQ's own `isNotConnectionError` knows the closed connection the same way.
 */
const CODELESS_TRANSPORT_ERRORS = new Set([
  CONNECTION_CLOSED_ERROR_MSG,
  // ioredis: a command while disconnected (enableOfflineQueue off), and commandTimeout.
  "Stream isn't writeable and enableOfflineQueue options is false",
  "Command timed out",
  // pg and pg-pool (the Neon driver is a fork of pg with the same errors).
  "Connection terminated unexpectedly",
  "Connection terminated",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Query read timeout",
]);

/** Errors an error wraps: pg-pool's `cause`, the Neon driver's `sourceError`, an AggregateError's
 * attempts (Node tries each address of a host in turn). */
function wrapped(error: Error): unknown[] {
  const inner: unknown[] = [error.cause, (error as { sourceError?: unknown }).sourceError];
  if (error instanceof AggregateError) inner.push(...error.errors);
  return inner;
}

/**
 * True when `error` says the service is away.
 *
 * @example
 * isOutage(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })) // true
 * isOutage(new TypeError("undefined is not a function"))                          // false
 */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof MaxRetriesPerRequestError || error instanceof ConnectionClosedError)
    return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && SQLSTATE.test(code))
    return UNAVAILABLE_SQLSTATE_CLASSES.has(code.slice(0, 2));
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  if (error.constructor === Error && CODELESS_TRANSPORT_ERRORS.has(error.message)) return true;
  return wrapped(error).some(isOutage);
}
