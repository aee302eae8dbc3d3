/**
 * Where the renderer reaches into src-main for the contract: types only, so no zod or Node code
 * ends up in the browser bundle. (The one runtime import from the contract folder is its
 * dependency-free relative-time helper, in lib/relative-time.ts; lint allows nothing else.)
 */
export type {
  Api,
  Envelope,
  ErrorCode,
  ErrorInfo,
  EventName,
  Events,
  Job,
  JobDetails,
  JobKind,
  JobLogLine,
  JobProgress,
  JobProgressEvent,
  JobResult,
  JobState,
  KeyfileExport,
  OpenedFile,
  OperationInput,
  OperationName,
  OperationOutput,
  Repository,
  RepositoryDetails,
  SystemInfo,
} from '../../src-main/core/contract';
export type { EncryptionMode, RepositoryEncryption, RepositoryMode } from '../../src-main/core/contract/repositories';

/** The role a token grants on the headless server; the desktop app is always admin. */
export type Role = 'admin' | 'viewer';
