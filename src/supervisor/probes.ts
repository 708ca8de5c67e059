import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { pongOf, type SupervisorMessage } from "../ipc/protocol.ts";
import { answersOk } from "./http-ready.ts";
import type { Probe } from "./liveness.ts";
import { type Command, signalGroup } from "./process-group.ts";

/**
 * The ways the supervisor asks a child whether it still responds (`liveness.ts`). None of them
 * touches Redis or the database: watching costs no billed command.
 */

/** What an IPC ping needs of a child: a way to send, and its messages. */
export interface PingTarget {
  send(message: SupervisorMessage): void;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

/**
 * RepoLens's own children answer a ping from their event loop (`src/ipc/ping.ts`). A ping
 * unanswered within `waitMs` is given up (it may have reached a child that was not listening
 * yet) and the next one is sent.
 */
export function ipcPing(child: PingTarget, waitMs: number): Probe {
  let next = 0;
  return {
    name: "ipc ping",
    check: (signal) =>
      new Promise<boolean>((resolve) => {
        const id = next++;
        const done = (ok: boolean) => {
          clearTimeout(timer);
          child.off("message", onMessage);
          signal.removeEventListener("abort", onAbort);
          resolve(ok);
        };
        const onMessage = (message: unknown) => {
          if (pongOf(message) === id) done(true);
        };
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), waitMs);
        child.on("message", onMessage);
        signal.addEventListener("abort", onAbort);
        child.send({ type: "ping", id });
      }),
  };
}

/** The API answers its health path with a 2xx within `timeoutMs`. */
export function httpOk(url: string, timeoutMs: number): Probe {
  return {
    name: `GET ${new URL(url).pathname}`,
    check: (signal) => answersOk(url, timeoutMs, signal),
  };
}

/**
 * A foreign child's own health command (`--worker-health`): exit 0 within `timeoutMs` means
 * alive. It runs in a process group of its own, killed whole when it overruns.
 */
export function healthCommand(command: Command, env: NodeJS.ProcessEnv, timeoutMs: number): Probe {
  return {
    name: "health command",
    check: (signal) =>
      new Promise<boolean>((resolve) => {
        const run = spawn(command.file, command.args, { env, detached: true, stdio: "ignore" });
        const kill = () => run.pid && signalGroup(run.pid, "SIGKILL");
        const timer = setTimeout(kill, timeoutMs);
        signal.addEventListener("abort", kill, { once: true });
        run.once("error", () => {
          clearTimeout(timer);
          resolve(false);
        });
        run.once("exit", (code) => {
          clearTimeout(timer);
          signal.removeEventListener("abort", kill);
          kill();
          resolve(code === 0);
        });
      }),
  };
}

/**
 * Without any other way to ask, a process is taken as responsive unless the kernel says it is
 * stopped (`T`, SIGSTOP or a terminal's Ctrl-Z) or traced (`t`). Read from /proc: no process
 * is started; where /proc is missing, nothing can be told and the child counts as responsive.
 */
export function processState(pid: number): Probe {
  return {
    name: "process state",
    check: async () => {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
      if (stat === null) return true;
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return state !== "T" && state !== "t";
    },
  };
}
