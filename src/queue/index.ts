/**
 * The queue contract shared by the API and the worker: names, payload and progress schemas,
 * Redis connections and BullMQ options chosen for a per-command-billed Redis, cancellation.
 */
export {
  isCancelRequested,
  onCancelRequest,
  requestCancel,
} from "./cancel.ts";
export {
  createReaderTemplate,
  createRedis,
  firstReady,
  redisOptions,
  watchConnection,
} from "./connection.ts";
export {
  ANALYSIS_STATUSES,
  type AnalysisJobData,
  type AnalysisProgress,
  type AnalysisReturn,
  type AnalysisStatus,
  analysisJobData,
  analysisProgress,
  analysisReturn,
  CANCELLED,
  dedupeId,
  type Failure,
  failureMessage,
  isTerminal,
  JOB_NAME,
  parseFailure,
  QUEUE_NAME,
  QUEUED_PROGRESS,
  refRule,
  statusOfJobState,
  TERMINAL_STATUSES,
} from "./contract.ts";
export {
  beat,
  HEARTBEAT_INTERVAL_S,
  liveWorkers,
} from "./heartbeat.ts";
export {
  type AnalysisQueue,
  createQueue,
  createQueueEvents,
  EVENT_STREAM_MAX_LEN,
  eventStreamKey,
  JOB_RETENTION_S,
  jobOptions,
  workerOptions,
} from "./options.ts";
export {
  checkRepoUrl,
  MAX_REPO_URL_LENGTH,
} from "./repo-url.ts";
