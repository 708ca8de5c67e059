import { once } from "node:events";
import { isIP } from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import type { Env } from "../config/index.ts";

/**
 * Redis connections for a remote, per-command-billed Redis (Upstash in production). Every
 * option below is chosen for that setting; the comment says why.
 */

export type RedisEnv = Pick<Env, "REDIS_URL" | "REDIS_HOST" | "REDIS_PORT" | "REDIS_PASSWORD">;

/**
 * What a connection is for:
 * - `command`: the API's requests (producer, reads). Fails fast while Redis is away, so an HTTP
 *   request answers 503 in milliseconds instead of hanging until Redis returns.
 * - `blocking`: BullMQ Worker / QueueEvents and pub/sub subscribers. Commands wait through an
 *   outage (BullMQ requires `maxRetriesPerRequest: null` for these) and resume on reconnect.
 */
export type ConnectionRole = "command" | "blocking";

/** Where Redis is: REDIS_URL (redis:// or rediss://) wins over REDIS_HOST/PORT/PASSWORD. */
function redisAddress(env: RedisEnv): RedisOptions {
  if (env.REDIS_URL) {
    const url = new URL(env.REDIS_URL);
    const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
    return {
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port ? Number(url.port) : 6379,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: Number.isInteger(db) ? db : 0,
      // Upstash only accepts TLS; servername makes SNI and certificate checks name the host
      // (SNI takes names only: an IP host is checked against the certificate without it).
      tls:
        url.protocol === "rediss:"
          ? isIP(url.hostname.replace(/^\[|\]$/g, "")) === 0
            ? { servername: url.hostname }
            : {}
          : undefined,
    };
  }
  return {
    host: env.REDIS_HOST ?? "127.0.0.1",
    port: env.REDIS_PORT ?? 6379,
    password: env.REDIS_PASSWORD || undefined,
  };
}

/**
 * Reconnect delay: exponential from 250 ms, capped at 4 s, with jitter so that the API and
 * the worker (and several containers) do not reconnect in lock-step. It never gives up: a Redis
 * outage ends, and the process must recover without a restart. The cap keeps the worker ready
 * (`worker_ok`) within 5 s of Redis coming back however long it was away; an attempt while
 * Redis is down is a TCP connect that fails, which no provider bills as a command.
 */
function reconnectDelay(attempt: number): number {
  const base = Math.min(4_000, 250 * 2 ** Math.min(attempt, 6));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/** ioredis options for a role; see {@link ConnectionRole}. */
export function redisOptions(env: RedisEnv, role: ConnectionRole, name?: string): RedisOptions {
  const common: RedisOptions = {
    ...redisAddress(env),
    connectionName: name,
    // 0: IPv4 or IPv6, whichever the host resolves to (some hosts are IPv6-only).
    family: 0,
    // RESP2 is spoken by every Redis-compatible service; RESP3 would buy BullMQ nothing.
    protocol: 2,
    // CLIENT SETINFO costs two commands per connection and tells us nothing.
    disableClientInfo: true,
    connectTimeout: 10_000,
    // TCP keep-alive (free, no Redis command) notices a connection a NAT silently dropped.
    keepAlive: 30_000,
    retryStrategy: reconnectDelay,
  };
  if (role === "command") {
    return {
      ...common,
      // No queueing while disconnected: a command then fails at once and the API answers 503.
      enableOfflineQueue: false,
      // A command in flight when the connection drops is retried over one reconnect at most.
      maxRetriesPerRequest: 1,
      // A Redis that accepts the connection but does not answer still yields a fast 503.
      commandTimeout: 5_000,
    };
  }
  return { ...common, maxRetriesPerRequest: null };
}

/**
 * A connection for a role. BullMQ is given ioredis instances rather than options because its ESM
 * build cannot load ioredis by itself.
 *
 * @example
 * const redis = createRedis(env, "command", "api");
 * const queue = createQueue(redis, { prefix: env.QUEUE_PREFIX });
 */
export function createRedis(env: RedisEnv, role: ConnectionRole, name?: string): Redis {
  return new Redis(redisOptions(env, role, name));
}

/**
 * Waits, `ms` at most, for a new connection to be ready: true once it is, false when the time
 * passes or the connection fails first (Redis away: the caller goes on and answers 503 until it
 * comes back). The API's command connection fails fast while it is not ready, so a request
 * served while ioredis was still connecting to a Redis that is up had a 503 (a restarted API,
 * its schema check skipped, can serve one within a millisecond of its start).
 *
 * @example
 * await firstReady(redis, 2_000); // then build the app
 */
export async function firstReady(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === "ready") return true;
  try {
    // once() also ends on the connection's "error" event, a refused connect.
    await once(redis, "ready", { signal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

/**
 * The client a BullMQ QueueEvents reader copies its connection from: a blocking consumer always
 * duplicates the client it is given, so this one never connects (`lazyConnect`), and the copy
 * inherits no name and no ready check. On a per-command-billed Redis that makes opening a
 * reader cost one command (BullMQ's own CLIENT SETNAME) instead of six (SETNAME and INFO on
 * both clients, and BullMQ's INFO version check, skipped in {@link createQueueEvents}).
 *
 * @example
 * const events = createQueueEvents(createReaderTemplate(env), prefix);
 */
export function createReaderTemplate(env: RedisEnv): Redis {
  return new Redis({
    ...redisOptions(env, "blocking"),
    lazyConnect: true,
    enableReadyCheck: false,
  });
}

/**
 * Logs a connection's outages once each way ("lost" then "back") instead of one line per
 * failed reconnect attempt, and keeps ioredis from throwing on an unhandled "error".
 *
 * @example
 * watchConnection(redis, log, "queue");
 */
export function watchConnection(
  redis: Redis,
  log: { warn(o: object, m: string): void; info(o: object, m: string): void },
  name: string,
): void {
  let down = false;
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ redis: name, err: error.message }, "redis connection lost; reconnecting");
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    log.info({ redis: name }, "redis connection back");
  });
}
