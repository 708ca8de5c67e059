import { type ChildProcess, spawn } from "node:child_process";

// (dash's kill takes no "--": a negative pid right after the signal names a group.)
// A shell that learns the supervisor's process groups on stdin ("+pgid" / "-pgid") and, when
// stdin reaches end of file, TERMs every group still listed, waits for them in steps of 50 ms
// ($1 steps at most) and KILLs those still there. The kernel closes the pipe whatever way the
// supervisor dies, SIGKILL included, so no child outlives it; with no group left (a clean
// shutdown) or once the TERMed groups are gone, it exits at once rather than sleep out the
// grace. It ignores the signals a terminal or the platform send to the supervisor, which
// handles those itself.
const GUARD_SCRIPT = `
trap '' INT TERM HUP QUIT
groups=" "
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups\${line#+} " ;;
    -*) groups=$(printf '%s' "$groups" | sed "s/ \${line#-} / /") ;;
  esac
done
[ "$groups" = " " ] && exit 0
for g in $groups; do kill -TERM "-$g" 2>/dev/null; done
steps=0
while [ "$steps" -lt "$1" ]; do
  left=
  for g in $groups; do kill -0 "-$g" 2>/dev/null && left=1; done
  [ -z "$left" ] && exit 0
  sleep 0.05
  steps=$((steps + 1))
done
for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
exit 0
`;

/**
 * The supervisor's dead-man switch for its children's process groups.
 *
 * @example
 * const guard = OrphanGuard.start(2);
 * guard.watch(child.pid); // ... later, once the group is gone:
 * guard.forget(child.pid);
 */
export class OrphanGuard {
  readonly #shell: ChildProcess;
  /** Resolves when the guard's shell has exited. */
  readonly exited: Promise<void>;

  private constructor(shell: ChildProcess) {
    this.#shell = shell;
    this.exited = new Promise((resolve) => {
      if (shell.exitCode !== null || shell.signalCode !== null) resolve();
      shell.once("exit", () => resolve());
      shell.once("error", () => resolve());
    });
  }

  /** Starts the guard; `graceSeconds` is how long groups get between TERM and KILL. */
  static start(graceSeconds: number): OrphanGuard {
    const steps = String(Math.ceil((graceSeconds * 1000) / 50));
    const shell = spawn("/bin/sh", ["-c", GUARD_SCRIPT, "orphan-guard", steps], {
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
    });
    // The guard must never keep the supervisor's event loop alive on its own.
    shell.unref();
    shell.on("error", () => undefined);
    shell.stdin?.on("error", () => undefined);
    return new OrphanGuard(shell);
  }

  get pid(): number | undefined {
    return this.#shell.pid;
  }

  watch(pgid: number): void {
    this.#shell.stdin?.write(`+${pgid}\n`);
  }

  forget(pgid: number): void {
    this.#shell.stdin?.write(`-${pgid}\n`);
  }

  /**
   * Ends the guard. After a clean stop every group was forgotten, so it kills nothing and exits
   * at once; `exited` says when.
   */
  close(): void {
    this.#shell.stdin?.end();
  }
}
