import net from "node:net";
import { findBinary } from "./find-binary.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { EmbeddedServiceError, type EmbeddedServiceSpec, pollUntil } from "./service.ts";

/**
 * A throwaway `redis-server` on a free loopback port, keeping nothing on disk: what `npm start`
 * uses when REDIS_URL is unset.
 */
export async function embeddedRedis(bin: string): Promise<EmbeddedServiceSpec> {
  const file = await findBinary(bin);
  if (!file) {
    throw new EmbeddedServiceError(
      `REDIS_URL is not set and "${bin}" was not found on PATH to start a local Redis. ` +
        "Install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis), " +
        "set REDIS_SERVER_BIN to its path, or set REDIS_URL to an existing Redis.",
    );
  }
  const port = await freeLoopbackPort();
  return {
    name: "redis",
    url: `redis://127.0.0.1:${port}`,
    command: {
      file,
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
      ],
    },
    ready: (timeoutMs) => pollUntil(() => ping(port), timeoutMs),
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000, () => socket.destroy());
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("close", () => resolve(false));
    socket.once("error", () => resolve(false));
  });
}
