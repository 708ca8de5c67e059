import { embeddedRedis } from "../../src/supervisor/embedded/redis.ts";
import {
  type EmbeddedServiceSpec,
  pollUntil,
  runStandalone,
} from "../../src/supervisor/embedded/service.ts";
import { type GroupProcess, signalGroup } from "../../src/supervisor/process-group.ts";
import { canConnect } from "../../test/helpers/services.ts";
import { onCleanup } from "./cleanup.ts";

export interface OwnRedis {
  url: string;
  port: number;
  /** Stops the server: SIGKILL models a crash, SIGTERM a clean stop. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (and, when durable, with the same data). */
  start(): Promise<void>;
}

/**
 * A `redis-server` of the script's own on a free loopback port, so MONITOR and INFO see only
 * the traffic the script caused and chaos can restart it without touching the machine's Redis.
 * `durableDir` turns on an fsync-always append-only file there: a restarted server then keeps
 * every acknowledged write, as Upstash does, so a restart tests the clients and not data loss.
 * `requirepass` makes it refuse clients without that password, as a hosted Redis does.
 */
export async function startOwnRedis(
  options: { durableDir?: string; requirepass?: string } = {},
): Promise<OwnRedis> {
  const spec: EmbeddedServiceSpec = await embeddedRedis(
    process.env.REDIS_SERVER_BIN ?? "redis-server",
  );
  const port = Number(new URL(spec.url).port);
  const base = options.durableDir
    ? [
        ...spec.command.args.filter(
          (a, i, all) => a !== "--appendonly" && all[i - 1] !== "--appendonly",
        ),
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--dir",
        options.durableDir,
      ]
    : spec.command.args;
  const args =
    options.requirepass === undefined ? base : [...base, "--requirepass", options.requirepass];
  // A PING without the password is refused: accepting connections is ready enough then.
  const ready =
    options.requirepass !== undefined
      ? (timeoutMs: number) => pollUntil(() => canConnect("127.0.0.1", port), timeoutMs)
      : spec.ready;
  let child: GroupProcess | null = null;

  async function start(): Promise<void> {
    child = await runStandalone(
      { ...spec, ready, command: { file: spec.command.file, args } },
      15_000,
    );
  }

  async function stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const running = child;
    child = null;
    if (!running) return;
    signalGroup(running.pid, signal);
    await running.exited;
  }

  await start();
  onCleanup(() => stop("SIGKILL"));
  return { url: spec.url, port, stop, start };
}
