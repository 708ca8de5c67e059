import type { AddressInfo } from "node:net";
import net from "node:net";
import { WebSocketServer } from "ws";

export interface WsProxy {
  /** For `neonConfig.wsProxy`: host:port/path, no protocol. */
  wsProxy: (host: string, port: number | string) => string;
  /** WebSocket connections accepted so far; proves traffic went through the proxy. */
  connections(): number;
  stop(): Promise<void>;
}

/**
 * A WebSocket-to-TCP proxy like the one Neon documents for local development: each WebSocket
 * connection to `/v1?address=host:port` is piped, byte for byte, to that TCP address.
 */
export async function startWsProxy(): Promise<WsProxy> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  server.on("connection", (ws, request) => {
    accepted += 1;
    const address = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [host, port] = address.split(":");
    const tcp = net.connect({ host, port: Number(port) });
    sockets.add(tcp);
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => tcp.write(data));
    ws.on("close", () => tcp.end());
    ws.on("error", () => tcp.destroy());
    tcp.on("data", (chunk) => ws.send(chunk));
    tcp.on("close", () => {
      sockets.delete(tcp);
      ws.close();
    });
    tcp.on("error", () => ws.terminate());
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    wsProxy: (host, dbPort) => `127.0.0.1:${port}/v1?address=${host}:${dbPort}`,
    connections: () => accepted,
    async stop() {
      for (const socket of sockets) socket.destroy();
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
