/**
 * The analysis's URL handling in one import: the pure rules (url-rules.ts, no I/O) and the DNS
 * guard that runs just before a clone (host-guard.ts). Code that must stay pure (the queue's
 * contract, the API's input check) imports url-rules.ts itself.
 */
export { hostGuard } from "./host-guard.ts";
export { validateRef, validateRepoUrl } from "./url-rules.ts";
