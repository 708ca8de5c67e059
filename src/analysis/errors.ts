/**
 * Why an analysis failed, as a code a program can branch on. `permanent` tells the worker
 * whether another attempt could succeed: a missing repository stays missing, a network blip
 * may pass.
 */
export const ERROR_CODES = {
  INVALID_URL: true,
  INVALID_REF: true,
  HOST_NOT_ALLOWED: true,
  PRIVATE_ADDRESS: true,
  LOCAL_NOT_ALLOWED: true,
  NOT_A_REPOSITORY: true,
  REPO_NOT_FOUND: true,
  // The host wants credentials: the repository is private (or, on GitHub, missing).
  AUTH_REQUIRED: true,
  // git refuses a local repository another user owns; the owner stays the same on a retry.
  UNSAFE_OWNERSHIP: true,
  // A redirect to a host or address the rules refuse, or one git met unchecked.
  REDIRECT_NOT_ALLOWED: true,
  TOO_MANY_REDIRECTS: true,
  REF_NOT_FOUND: true,
  REPO_TOO_LARGE: true,
  // More tracked entries than MAX_FILES: counted before their contents are fetched.
  TOO_MANY_FILES: true,
  EMPTY_REPOSITORY: true,
  // The report does not fit MAX_REPORT_KB even with every list emptied: the same tree again
  // gives the same report.
  REPORT_TOO_LARGE: true,
  // A certificate that fails verification now will fail it again within any retry window.
  TLS_FAILED: true,
  CLONE_TIMEOUT: false,
  DNS_FAILED: false,
  // Could not resolve, connect, or finish the transfer: networks recover.
  NETWORK_FAILED: false,
  // HTTP 5xx or 429 from the host: down or limiting for now.
  HOST_UNAVAILABLE: false,
  GIT_FAILED: false,
  CANCELLED: true,
} as const satisfies Record<string, boolean>;

export type AnalysisErrorCode = keyof typeof ERROR_CODES;

/**
 * A failure of the analysis with a machine-readable code and a message a user understands.
 *
 * @example
 * throw new AnalysisError("REPO_TOO_LARGE", "the repository exceeds the 200 MB limit");
 * // err.permanent === true: the worker fails the job without retrying
 */
export class AnalysisError extends Error {
  readonly code: AnalysisErrorCode;
  readonly permanent: boolean;

  constructor(code: AnalysisErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AnalysisError";
    this.code = code;
    this.permanent = ERROR_CODES[code];
  }
}

/** Throws CANCELLED when the signal was aborted; call between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AnalysisError("CANCELLED", "the analysis was cancelled");
}
