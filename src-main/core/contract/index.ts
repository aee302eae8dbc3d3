/**
 * The contract: every operation once, with its input schema, output type and access level.
 * Main (IPC, REST), preload and renderer all derive from this; the renderer with `import type` only.
 */
import type { z } from 'zod';
import type { ErrorInfo } from '../errors';
import type { CHANNELS, EVENT_NAMES } from './channels';
import {
  CreateRepositoryInput,
  DeleteRepositoryInput,
  ExportKeyfileInput,
  ImportRepositoryInput,
  RefreshInput,
  RepositoryId,
  UpdateRepositoryInput,
  UploadKeyfileInput,
  type KeyfileExport,
  type Repository,
  type RepositoryDetails,
} from './repositories';
import {
  Empty,
  OpenFileInput,
  PickDirectoryInput,
  SaveFileInput,
  type OpenedFile,
  type SystemInfo,
} from './system';
import { JobIdInput, ListJobsInput, StartJobInput, type Job, type JobDetails, type JobProgressEvent } from './jobs';
import {
  ConfirmHostKeyInput,
  ConnectionId,
  CreateConnectionInput,
  DeployKeyInput,
  GenerateKeyInput,
  HostKeyQuery,
  ImportKeyInput,
  SshKeyId,
  UnlockKeyInput,
  UpdateConnectionInput,
  type HostKeyConfirmed,
  type HostKeyInfo,
  type KeyDeployResult,
  type SshConnection,
  type SshKey,
  type SshTestResult,
} from './ssh';

export type Access = 'read' | 'write';

export interface Operation<I extends z.ZodType, O, D extends boolean = boolean> {
  input: I;
  access: Access;
  /** Only the desktop app can answer it (native dialogs); REST does not expose it. */
  desktopOnly: D;
  /** Type-only carrier of the output type; never set at run time. */
  readonly output?: O;
}

function read<I extends z.ZodType, O>(input: I): Operation<I, O, false> {
  return { input, access: 'read', desktopOnly: false };
}
function write<I extends z.ZodType, O>(input: I): Operation<I, O, false> {
  return { input, access: 'write', desktopOnly: false };
}
function desktop<I extends z.ZodType, O>(input: I): Operation<I, O, true> {
  return { input, access: 'read', desktopOnly: true };
}

export const operations = {
  'system.info': read<typeof Empty, SystemInfo>(Empty),

  'repositories.list': read<typeof Empty, Repository[]>(Empty),
  'repositories.get': read<typeof RepositoryId, RepositoryDetails>(RepositoryId),
  'repositories.create': write<typeof CreateRepositoryInput, Repository>(CreateRepositoryInput),
  'repositories.import': write<typeof ImportRepositoryInput, Repository>(ImportRepositoryInput),
  'repositories.update': write<typeof UpdateRepositoryInput, Repository>(UpdateRepositoryInput),
  'repositories.delete': write<typeof DeleteRepositoryInput, { id: number; keyfile_kept_at: string | null }>(DeleteRepositoryInput),
  'repositories.uploadKeyfile': write<typeof UploadKeyfileInput, Repository>(UploadKeyfileInput),
  'repositories.exportKeyfile': write<typeof ExportKeyfileInput, KeyfileExport>(ExportKeyfileInput),
  'repositories.refresh': write<typeof RefreshInput, Repository[]>(RefreshInput),

  'jobs.start': write<typeof StartJobInput, Job>(StartJobInput),
  'jobs.list': read<typeof ListJobsInput, Job[]>(ListJobsInput),
  'jobs.get': read<typeof JobIdInput, JobDetails>(JobIdInput),
  'jobs.cancel': write<typeof JobIdInput, Job>(JobIdInput),

  'ssh.keys.list': read<typeof Empty, SshKey[]>(Empty),
  'ssh.keys.generate': write<typeof GenerateKeyInput, SshKey>(GenerateKeyInput),
  'ssh.keys.import': write<typeof ImportKeyInput, SshKey>(ImportKeyInput),
  'ssh.keys.unlock': write<typeof UnlockKeyInput, SshKey>(UnlockKeyInput),
  'ssh.keys.delete': write<typeof SshKeyId, { id: number }>(SshKeyId),
  'ssh.keys.deploy': write<typeof DeployKeyInput, KeyDeployResult>(DeployKeyInput),
  'ssh.connections.list': read<typeof Empty, SshConnection[]>(Empty),
  'ssh.connections.get': read<typeof ConnectionId, SshConnection>(ConnectionId),
  'ssh.connections.create': write<typeof CreateConnectionInput, SshConnection>(CreateConnectionInput),
  'ssh.connections.update': write<typeof UpdateConnectionInput, SshConnection>(UpdateConnectionInput),
  'ssh.connections.delete': write<typeof ConnectionId, { id: number }>(ConnectionId),
  'ssh.connections.test': write<typeof ConnectionId, SshTestResult>(ConnectionId),
  'ssh.hostKeys.get': read<typeof HostKeyQuery, HostKeyInfo>(HostKeyQuery),
  'ssh.hostKeys.confirm': write<typeof ConfirmHostKeyInput, HostKeyConfirmed>(ConfirmHostKeyInput),

  'dialog.openFile': desktop<typeof OpenFileInput, OpenedFile | null>(OpenFileInput),
  'dialog.pickDirectory': desktop<typeof PickDirectoryInput, string | null>(PickDirectoryInput),
  'dialog.saveFile': desktop<typeof SaveFileInput, { saved: boolean }>(SaveFileInput),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type CoreOperationName = {
  [K in OperationName]: Operations[K]['desktopOnly'] extends true ? never : K;
}[OperationName];
export type OperationInput<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type OperationOutput<K extends OperationName> = Operations[K] extends Operation<z.ZodType, infer O, boolean> ? O : never;

/** Push events: name to payload. */
export interface Events {
  'repositories.changed': { ids: number[] };
  /** A running job's progress, at most 5 per second per job. */
  'jobs.progress': JobProgressEvent;
  /** A job was queued, started, asked to cancel, or finished. */
  'jobs.updated': Job;
}
export type EventName = keyof Events;
const eventsMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
void eventsMatch;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** What the preload exposes and the renderer's transports implement. */
export type Api = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<Envelope<OperationOutput<K>>>;
};

// The preload's dependency-free list of channels must name exactly these operations.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<(typeof CHANNELS)[number], OperationName> = true;
void channelsMatch;
export { CHANNELS, EVENT_NAMES } from './channels';

export type { Repository, RepositoryDetails, KeyfileExport } from './repositories';
export type { SystemInfo, BorgInfo, OpenedFile } from './system';
export type { Job, JobDetails, JobKind, JobState, JobProgress, JobResult, JobLogLine, JobProgressEvent } from './jobs';
export type { SshKey, SshConnection, SshTestResult, SshTestSummary, HostKeyInfo, HostKeyConfirmed, KeyDeployResult } from './ssh';
export type { ErrorInfo, ErrorCode } from '../errors';
