/**
 * Calls `stop` once, with the reason, when a RepoLens child is asked to stop: SIGTERM or SIGINT
 * (the supervisor, the platform, a terminal), or its IPC channel to the supervisor closing,
 * which means the supervisor died, SIGKILL included, and nobody is left to stop it later.
 *
 * @example
 * onStopRequest((reason) => void shutdown(reason));
 */
export function onStopRequest(stop: (reason: string) => void): void {
  let asked = false;
  const once = (reason: string) => () => {
    if (asked) return;
    asked = true;
    stop(reason);
  };
  process.once("SIGTERM", once("SIGTERM"));
  process.once("SIGINT", once("SIGINT"));
  process.once("disconnect", once("supervisor gone"));
}
