/**
 * Runs a function in a child process that its caller owns and kills: on abort, over a memory
 * cap, on a message over a cap, and as soon as it has answered, with every process it started.
 * `runSandboxed` is the parent's side, `serveSandboxed` the entry module's; a `SpareSandbox`
 * starts the next run's process before its job comes.
 */

export { isRunning } from "./process-tree.ts";
export { FrameReader, FrameTooLarge } from "./protocol.ts";
export {
  runSandboxed,
  type SandboxEnd,
  SandboxError,
  SandboxFailure,
  type SandboxLimits,
} from "./run.ts";
export { SpareSandbox } from "./spare.ts";
