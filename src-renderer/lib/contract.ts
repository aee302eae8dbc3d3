/**
 * The one place the renderer reaches into src-main: types only, so no zod or Node code
 * ends up in the browser bundle.
 */
// The lint pattern meant to allow exactly this also blocks it (a gitignore-style re-include
// under an excluded parent); the fix for eslint.config.js is in the renderer hand-off note.
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
