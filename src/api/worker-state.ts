import type { EventEmitter } from "node:events";
import type { z } from "zod";
import {
  type ExitInfo,
  supervisorMessage,
  type WorkerState,
  type WorkerStateName,
} from "../ipc/protocol.ts";
import type { HealthResponse } from "./schemas.ts";

/**
 * What the supervisor last said about the worker, received over Node's IPC channel. Nothing
 * here touches Redis or Postgres, so `/api/health` can be called as often as a platform likes.
 */

export interface WorkerView {
  pid: number | null;
  /** Only `ready` means the worker can take a job now. */
  state: WorkerStateName;
  /** Why it is not ready; null when it is. */
  reason: string | null;
  restarts: number;
  uptimeS: number | null;
  /** `at` as an ISO date; `cause` as the supervisor classified the end. */
  lastExit: (Omit<ExitInfo, "at"> & { at: string }) | null;
  rssMb: number | null;
  /** Seconds since the supervisor's last report. */
  heartbeatAgeS: number;
}

export interface WorkerMonitor {
  /** null when no supervisor reports (no IPC channel, ROLE=api) or it has not reported yet. */
  view(): WorkerView | null;
  /**
   * true only while the worker can take jobs (state `ready`: running, connected to Redis,
   * consuming); false otherwise once a supervisor reported; null when nobody reports on a worker.
   */
  workerOk(): boolean | null;
  /** Calls `listener` once, when the supervisor first reports the worker ready. */
  onceReady(listener: () => void): void;
  stop(): void;
}

/** What `/api/health` and `/health` answer. */
export type HealthBody = z.infer<typeof HealthResponse>;

/**
 * Any page may see that health answered, without reading it (a no-cors request): how a
 * frontend whose origin the API refuses tells "not allowed" from "asleep". In lower case, as
 * the security headers it overrides in `fastReads` are named.
 */
export const HEALTH_HEADERS = { "cross-origin-resource-policy": "cross-origin" } as const;

/**
 * The health answer, from the monitor alone: served by the app's route and, ahead of the app,
 * by `fastReads`.
 */
export function healthOf(worker: WorkerMonitor): HealthBody {
  const view = worker.view();
  return {
    status: "ok",
    worker_ok: worker.workerOk(),
    worker: view
      ? {
          pid: view.pid,
          state: view.state,
          restarts: view.restarts,
          uptimeS: view.uptimeS,
          lastExit: view.lastExit,
        }
      : null,
  };
}

/** The part of `process` the monitor needs; tests pass an EventEmitter. */
export type IpcChannel = Pick<EventEmitter, "on" | "off">;

/**
 * @example
 * const worker = createWorkerMonitor(process.send ? process : null);
 */
export function createWorkerMonitor(
  channel: IpcChannel | null,
  now: () => number = Date.now,
): WorkerMonitor {
  let state: WorkerState | null = null;
  let receivedAt = 0;
  let readyListeners: (() => void)[] = [];
  const onMessage = (message: unknown) => {
    const parsed = supervisorMessage.safeParse(message);
    if (!parsed.success || parsed.data.type !== "worker-state") return;
    state = parsed.data.worker;
    receivedAt = now();
    if (state.state !== "ready") return;
    const listeners = readyListeners;
    readyListeners = [];
    for (const listener of listeners) listener();
  };
  channel?.on("message", onMessage);

  return {
    view() {
      if (!state) return null;
      return {
        pid: state.pid,
        state: state.state,
        reason: state.reason,
        restarts: state.restarts,
        uptimeS:
          state.pid !== null && state.startedAt !== null
            ? Math.round((now() - state.startedAt) / 1000)
            : null,
        lastExit: state.lastExit
          ? { ...state.lastExit, at: new Date(state.lastExit.at).toISOString() }
          : null,
        rssMb: state.rssMb,
        heartbeatAgeS: Math.round((now() - receivedAt) / 1000),
      };
    },
    workerOk: () => (state ? state.state === "ready" : null),
    onceReady(listener) {
      if (state?.state === "ready") listener();
      else readyListeners.push(listener);
    },
    stop: () => channel?.off("message", onMessage),
  };
}
