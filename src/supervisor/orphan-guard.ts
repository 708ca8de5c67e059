import { type ChildProcess, spawn } from "node:child_process";

// (dash's kill takes no "--": a negative pid right after the signal names a group.)
// A shell that learns the supervisor's process groups on stdin ("+pgid" / "-pgid") and, when
// stdin reaches end of file, TERMs then KILLs every group still listed. The kernel closes the
// pipe whatever way the supervisor dies, SIGKILL included, so no child outlives it. It ignores
// the signals a terminal or the platform send to the supervisor, which handles those itself.
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
sleep "$1"
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

  private constructor(shell: ChildProcess) {
    this.#shell = shell;
  }

  /** Starts the guard; `graceSeconds` is how long groups get between TERM and KILL. */
  static start(graceSeconds: number): OrphanGuard {
    const shell = spawn("/bin/sh", ["-c", GUARD_SCRIPT, "orphan-guard", String(graceSeconds)], {
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

  /** Ends the guard after a clean stop: every group was forgotten, so it kills nothing. */
  close(): void {
    this.#shell.stdin?.end();
  }
}
