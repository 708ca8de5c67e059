import net from "node:net";
import { Redis } from "ioredis";
import { onCleanup } from "./cleanup.ts";

/** One command as Redis's MONITOR reported it. */
export interface Command {
  at: number;
  /** `ip:port` of the client that sent it, or `lua` for a command a script ran. */
  source: string;
  name: string;
  args: string[];
}

export interface Monitor {
  /** Every command seen so far, the script's own INFO calls left out. */
  readonly commands: Command[];
  /** Sum of `calls` over Redis's INFO commandstats (everything Redis executed, scripts' inner calls included). */
  totalCalls(): Promise<number>;
  /** `ip:port` → connection name, for the clients connected now (CLIENT LIST). */
  clientNames(): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

/** A command in RESP, as a client sends it. */
const resp = (...args: string[]) =>
  `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;

/**
 * A MONITOR connection read line by line, for each command `url`'s Redis executes from now on.
 * Not ioredis's monitor mode: it enters that mode a microtask after MONITOR's OK, so a command
 * that another client sends at once and that arrives in the same read is taken for a reply to
 * nothing ("Command queue state error", redis/ioredis#1981); a busy shared Redis did that.
 */
export function watchCommands(
  url: string,
  onCommand: (command: Command) => void,
): Promise<{ close(): void }> {
  const { hostname, port, username, password } = new URL(url);
  const socket = net.connect(Number(port || 6379), hostname);
  const auth = password
    ? resp("AUTH", decodeURIComponent(username) || "default", decodeURIComponent(password))
    : "";
  socket.write(`${auth}${resp("MONITOR")}`);
  let oks = password ? 2 : 1;
  let pending = "";
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString("latin1")).split("\r\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("-")) reject(new Error(`Redis refused MONITOR: ${line.slice(1)}`));
        else if (oks > 0 && line === "+OK") {
          if (--oks === 0) resolve({ close: () => socket.destroy() });
        } else onCommand(parseMonitorLine(line.slice(1)));
      }
    });
  });
}

/** `1796282044.404062 [0 127.0.0.1:42358] "xread" "BLOCK" ...`, as ioredis reads it. */
function parseMonitorLine(line: string): Command {
  const space = line.indexOf(" ");
  const quote = line.indexOf('"');
  const args = line
    .slice(quote + 1, -1)
    .split('" "')
    .map((arg) => arg.replace(/\\"/g, '"'));
  return {
    at: Number(line.slice(0, space)) * 1000,
    source: line.slice(space + 2, quote - 2).split(" ")[1] ?? "",
    name: (args[0] ?? "").toLowerCase(),
    args,
  };
}

/**
 * Watches everything one Redis executes. Upstash bills what a client sends (a script once,
 * however many commands it runs inside), so {@link billed} counts the lines whose source is a
 * client; MONITOR marks script-internal commands with the source `lua`.
 *
 * @example
 * const monitor = await startMonitor(redis.url);
 * const from = monitor.commands.length; ... billed(monitor.commands.slice(from));
 */
export async function startMonitor(url: string): Promise<Monitor> {
  const commands: Command[] = [];
  const stats = new Redis(url, { disableClientInfo: true });
  await stats.ping();
  // The stats connection's own traffic is ours, not the service's.
  const own = `127.0.0.1:${stats.stream.localPort}`;
  const watcher = await watchCommands(url, (command) => {
    if (command.source !== own) commands.push(command);
  });
  const stop = async () => {
    watcher.close();
    stats.disconnect();
  };
  onCleanup(stop);
  return {
    commands,
    async totalCalls() {
      const info = await stats.info("commandstats");
      let calls = 0;
      for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) calls += Number(match[1]);
      return calls;
    },
    async clientNames() {
      const list = (await stats.call("CLIENT", "LIST")) as string;
      const names = new Map<string, string>();
      for (const line of list.split("\n")) {
        const addr = /\baddr=(\S+)/.exec(line)?.[1];
        if (addr) names.set(addr, /\bname=(\S*)/.exec(line)?.[1] || "(unnamed)");
      }
      return names;
    },
    stop,
  };
}

/** Client-sent commands: what Upstash bills. */
export function billed(commands: readonly Command[]): Command[] {
  return commands.filter((c) => c.source !== "lua");
}

/**
 * Which part of the system each client connection belongs to, learned from the key prefixes its
 * commands name (a connection that named no key stays unattributed).
 */
export function owners(
  commands: readonly Command[],
  prefixes: Record<string, string>,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const command of commands) {
    if (command.source === "lua" || map.has(command.source)) continue;
    for (const [owner, prefix] of Object.entries(prefixes)) {
      if (command.args.some((a) => a.startsWith(`${prefix}:`))) {
        map.set(command.source, owner);
        break;
      }
    }
  }
  return map;
}

/** "evalsha×2 bzpopmin×1", most frequent first. */
export function breakdown(commands: readonly Command[]): string {
  const counts = new Map<string, number>();
  for (const c of commands) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  return (
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name}×${n}`)
      .join(" ") || "none"
  );
}

/** One line per command: ms since `t0`, the connection's name, the command and its first arguments. */
export function trace(
  commands: readonly Command[],
  t0: number,
  names: Map<string, string>,
): string[] {
  return commands.map(
    (c) =>
      `  +${String(Math.round(c.at - t0)).padStart(5)} ms  ${(names.get(c.source) ?? c.source).padEnd(22)} ${c.args
        .slice(0, 4)
        .map((a) => (a.length > 40 ? `${a.slice(0, 37)}...` : a))
        .join(" ")}`,
  );
}
