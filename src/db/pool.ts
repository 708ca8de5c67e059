import type { Env } from "../config/index.ts";
import type { Logger } from "../log/index.ts";

/**
 * One Pool-shaped interface over `pg` and the Neon serverless driver (WebSocket Pool), so one
 * query layer serves both. The Neon driver is a fork of `pg` with the same Pool API; this module
 * hides which one is underneath. Only the driver a process uses is loaded: with pg, the Neon
 * driver and ws (which brings node:http and node:https) cost the API and the worker 10-20 ms of
 * CPU at each start, ten times that at Render's 0.1 CPU; with Neon, pg's share did not measure.
 */

interface QueryResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** Something that runs a query: the pool itself or one checked-out client. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

interface PoolClient extends Queryable {
  release(error?: Error | boolean): void;
}

type Driver = "pg" | "neon";

export interface Db extends Queryable {
  readonly driver: Driver;
  /** A client of its own, for a transaction or a session setting. */
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

/** Neon's connection knobs; tests point them at a local WebSocket-to-TCP proxy. */
interface NeonOptions {
  wsProxy?: string | ((host: string, port: number | string) => string);
  useSecureWebSocket?: boolean;
  pipelineConnect?: "password" | false;
}

export interface PoolSettings {
  url: string;
  driver?: Env["DB_DRIVER"];
  /** Most connections at once; default 4 (a free-tier Postgres allows few). */
  max?: number;
  log?: Logger;
  neon?: NeonOptions;
}

/** Neon hosts (`*.neon.tech`) get the Neon driver unless DB_DRIVER says otherwise. */
function chooseDriver(url: string, driver: Env["DB_DRIVER"] = "auto"): Driver {
  if (driver !== "auto") return driver;
  return new URL(url).hostname.endsWith(".neon.tech") ? "neon" : "pg";
}

/**
 * A pool for DATABASE_URL.
 *
 * @example
 * const db = await createPool({ url: env.DATABASE_URL, driver: env.DB_DRIVER, log });
 * const { rows } = await db.query<{ n: number }>("select 1 as n");
 */
export async function createPool(settings: PoolSettings): Promise<Db> {
  const driver = chooseDriver(settings.url, settings.driver);
  const options: PoolOptions = {
    connectionString: settings.url,
    max: settings.max ?? 4,
    // Short: an idle connection keeps a scale-to-zero Postgres (Neon) awake and billed.
    idleTimeoutMillis: 10_000,
    // A Postgres that is away answers 503 within seconds instead of holding requests.
    connectionTimeoutMillis: 5_000,
  };
  const pool = driver === "neon" ? await neonPool(options, settings.neon) : await pgPool(options);
  // An idle client's connection error is emitted on the pool; unhandled, it would end the process.
  pool.on("error", (error: Error) =>
    settings.log?.warn({ err: error }, "idle database connection failed"),
  );

  const asQueryable = pool as unknown as Queryable & {
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
  };
  return {
    driver,
    query: <R>(text: string, values?: unknown[]) =>
      asQueryable.query<R>(text, values).catch(rethrowSocketError),
    connect: () => asQueryable.connect().catch(rethrowSocketError),
    end: () => asQueryable.end(),
  };
}

/**
 * The Neon driver rejects a connection that fails with the WebSocket's `error` event as it is:
 * ws's ErrorEvent, no Error, no code, its message a getter that logs drop. What failed is the
 * event's `error` (ECONNREFUSED, ECONNRESET...), thrown in its place so that callers tell an
 * unreachable database (the API's 503) from a bug, and logs show the cause.
 */
function rethrowSocketError(error: unknown): never {
  const inner =
    typeof error === "object" && error !== null && !(error instanceof Error)
      ? (error as { error?: unknown }).error
      : undefined;
  throw inner instanceof Error ? inner : error;
}

interface PoolOptions {
  connectionString: string;
  max: number;
  idleTimeoutMillis: number;
  connectionTimeoutMillis: number;
}

async function pgPool(options: PoolOptions) {
  const { default: pg } = await import("pg");
  return new pg.Pool(options);
}

async function neonPool(options: PoolOptions, neon: NeonOptions = {}) {
  const [{ Pool, neonConfig }, { WebSocket }] = await Promise.all([
    import("@neondatabase/serverless"),
    import("ws"),
  ]);
  // neonConfig is module-wide by the driver's design; one process talks to one database.
  neonConfig.webSocketConstructor = WebSocket;
  if (neon.wsProxy !== undefined) neonConfig.wsProxy = neon.wsProxy;
  if (neon.useSecureWebSocket !== undefined)
    neonConfig.useSecureWebSocket = neon.useSecureWebSocket;
  if (neon.pipelineConnect !== undefined) neonConfig.pipelineConnect = neon.pipelineConnect;
  return new Pool(options);
}

/**
 * Runs `work` inside a transaction on a client of its own.
 *
 * @example
 * await transaction(db, async (tx) => { await tx.query("..."); await tx.query("..."); });
 */
export async function transaction<T>(db: Db, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    // A client whose connection failed must not go back to the pool.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
