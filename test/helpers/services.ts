import { randomBytes } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    databaseUrl: string;
  }
}

/** The Redis every suite shares; isolate with {@link uniquePrefix}. */
export function redisUrl(): string {
  return inject("redisUrl");
}

/** The admin URL of the Postgres every suite shares; isolate with {@link createTestDatabase}. */
export function databaseUrl(): string {
  return inject("databaseUrl");
}

/** A key prefix no other test uses, for BullMQ queues and Redis keys. */
export function uniquePrefix(name: string): string {
  return `test-${name}-${randomBytes(4).toString("hex")}`;
}

/** True when something accepts TCP connections on host:port within the timeout. */
export function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database of its own for one suite and drops it afterwards. */
export async function createTestDatabase(name: string): Promise<TestDatabase> {
  const admin = databaseUrl();
  const db = `${name.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`.toLowerCase();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${db}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await c.end();
    },
  };
}
