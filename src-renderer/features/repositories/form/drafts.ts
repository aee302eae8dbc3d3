/**
 * What the repository forms hold while the user types, and how that becomes a contract input.
 * Everything is a string here (what inputs give); conversion happens once, on submit.
 */
import type { EncryptionMode, OperationInput, Repository, RepositoryMode } from '../../../lib/contract';

export const COMPRESSION_ALGORITHMS = ['lz4', 'zstd', 'zlib', 'none'] as const;

export interface SettingsDraft {
  compression: string;
  compression_level: string;
  /** borg's "auto," prefix; not offered in the form, but kept when editing a repository that has it. */
  compression_auto: boolean;
  mode: RepositoryMode;
  bypass_lock: boolean;
  source_directories: string[];
  exclude_patterns: string[];
  remote_path: string;
  custom_flags: string;
  archive_name_template: string;
  pre_backup_script: string;
  post_backup_script: string;
  pre_hook_timeout: string;
  post_hook_timeout: string;
  continue_on_hook_failure: boolean;
}

/** Where a new or imported repository is: a folder here, or a path on a server behind an SSH connection. */
export type LocationKind = 'local' | 'server';

export interface LocationDraft {
  location: LocationKind;
  /** The chosen SSH connection's id ('' for none), used only when location is 'server'. */
  connection_id: string;
  path: string;
}

export interface CreateDraft extends SettingsDraft, LocationDraft {
  name: string;
  path: string;
  encryption: EncryptionMode;
  passphrase: string;
  passphrase_confirm: string;
}

export interface ImportDraft extends SettingsDraft, LocationDraft {
  name: string;
  path: string;
  passphrase: string;
  keyfile: { name: string; content: string } | null;
}

export interface EditDraft extends SettingsDraft {
  name: string;
  path: string;
  change_passphrase: boolean;
  current_passphrase: string;
  new_passphrase: string;
  new_passphrase_confirm: string;
}

export const DEFAULT_HOOK_TIMEOUT = 300;
/** The core's default (contract DEFAULT_ARCHIVE_NAME_TEMPLATE); the renderer imports types only. */
export const DEFAULT_ARCHIVE_NAME_TEMPLATE = '{hostname}-{now:%Y-%m-%dT%H:%M:%S}';

export function emptySettings(): SettingsDraft {
  return {
    compression: 'lz4',
    compression_level: '',
    compression_auto: false,
    mode: 'full',
    bypass_lock: false,
    source_directories: [],
    exclude_patterns: [],
    remote_path: '',
    custom_flags: '',
    archive_name_template: DEFAULT_ARCHIVE_NAME_TEMPLATE,
    pre_backup_script: '',
    post_backup_script: '',
    pre_hook_timeout: String(DEFAULT_HOOK_TIMEOUT),
    post_hook_timeout: String(DEFAULT_HOOK_TIMEOUT),
    continue_on_hook_failure: false,
  };
}

export function emptyCreateDraft(): CreateDraft {
  return { ...emptySettings(), name: '', location: 'local', connection_id: '', path: '', encryption: 'repokey', passphrase: '', passphrase_confirm: '' };
}

export function emptyImportDraft(): ImportDraft {
  return { ...emptySettings(), name: '', location: 'local', connection_id: '', path: '', passphrase: '', keyfile: null };
}

/** "auto,zstd,10" → its parts; anything unexpected is kept whole as the algorithm. */
export function parseCompression(value: string): Pick<SettingsDraft, 'compression' | 'compression_level' | 'compression_auto'> {
  const match = /^(auto,)?([a-z0-9]+)(?:,(\d+))?$/.exec(value.trim());
  if (match === null || match[2] === undefined) return { compression: value, compression_level: '', compression_auto: false };
  return { compression: match[2], compression_level: match[3] ?? '', compression_auto: match[1] !== undefined };
}

export function compressionString(draft: Pick<SettingsDraft, 'compression' | 'compression_level' | 'compression_auto'>): string {
  const level = draft.compression_level.trim();
  const takesLevel = draft.compression !== 'lz4' && draft.compression !== 'none';
  return `${draft.compression_auto ? 'auto,' : ''}${draft.compression}${takesLevel && level !== '' ? `,${level}` : ''}`;
}

export function editDraftFrom(repo: Repository): EditDraft {
  return {
    ...parseCompression(repo.compression),
    mode: repo.mode,
    bypass_lock: repo.bypass_lock,
    source_directories: [...repo.source_directories],
    exclude_patterns: [...repo.exclude_patterns],
    remote_path: repo.remote_path ?? '',
    custom_flags: repo.custom_flags ?? '',
    archive_name_template: repo.archive_name_template,
    pre_backup_script: repo.pre_backup_script ?? '',
    post_backup_script: repo.post_backup_script ?? '',
    pre_hook_timeout: String(repo.pre_hook_timeout),
    post_hook_timeout: String(repo.post_hook_timeout),
    continue_on_hook_failure: repo.continue_on_hook_failure,
    name: repo.name,
    path: repo.path,
    change_passphrase: false,
    current_passphrase: '',
    new_passphrase: '',
    new_passphrase_confirm: '',
  };
}

// Blank optional text means "not set": null on the wire, and absent from a create.
function optionalText(value: string): string | null {
  return value.trim() === '' ? null : value;
}

function optionalFields(draft: SettingsDraft) {
  const fields: { remote_path?: string; custom_flags?: string; archive_name_template?: string; pre_backup_script?: string; post_backup_script?: string } = {};
  // Sent only when changed from the default, so a plain create carries just what the user set.
  const template = draft.archive_name_template.trim();
  if (template !== DEFAULT_ARCHIVE_NAME_TEMPLATE) fields.archive_name_template = template;
  const remotePath = optionalText(draft.remote_path);
  if (remotePath !== null) fields.remote_path = remotePath.trim();
  const customFlags = optionalText(draft.custom_flags);
  if (customFlags !== null) fields.custom_flags = customFlags.trim();
  const pre = optionalText(draft.pre_backup_script);
  if (pre !== null) fields.pre_backup_script = pre;
  const post = optionalText(draft.post_backup_script);
  if (post !== null) fields.post_backup_script = post;
  return fields;
}

function sharedInput(draft: SettingsDraft) {
  return {
    compression: compressionString(draft),
    mode: draft.mode,
    bypass_lock: draft.bypass_lock,
    source_directories: draft.source_directories,
    exclude_patterns: draft.exclude_patterns,
    pre_hook_timeout: Number(draft.pre_hook_timeout),
    post_hook_timeout: Number(draft.post_hook_timeout),
    continue_on_hook_failure: draft.continue_on_hook_failure,
    ...optionalFields(draft),
  };
}

/** On a server: the connection that reaches it; the path is then the path on that server. */
function locationInput(draft: LocationDraft): { connection_id?: number } {
  return draft.location === 'server' && draft.connection_id !== '' ? { connection_id: Number(draft.connection_id) } : {};
}

export function toCreateInput(draft: CreateDraft): OperationInput<'repositories.create'> {
  return {
    name: draft.name.trim(),
    path: draft.path.trim(),
    ...locationInput(draft),
    encryption: draft.encryption,
    ...(draft.encryption === 'none' ? {} : { passphrase: draft.passphrase }),
    ...sharedInput(draft),
  };
}

export function toImportInput(draft: ImportDraft): OperationInput<'repositories.import'> {
  return {
    name: draft.name.trim(),
    path: draft.path.trim(),
    ...locationInput(draft),
    ...(draft.passphrase === '' ? {} : { passphrase: draft.passphrase }),
    ...(draft.keyfile === null ? {} : { keyfile_content: draft.keyfile.content }),
    ...sharedInput(draft),
  };
}

type Changes = OperationInput<'repositories.update'>['changes'];

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Only what the user changed, so an edit never rewrites fields it did not touch. */
export function diffChanges(original: Repository, draft: EditDraft): Changes {
  const changes: Changes = {};
  const name = draft.name.trim();
  if (name !== original.name) changes.name = name;
  const path = draft.path.trim();
  if (path !== original.path) changes.path = path;
  const compression = compressionString(draft);
  if (compression !== original.compression) changes.compression = compression;
  if (draft.mode !== original.mode) changes.mode = draft.mode;
  if (draft.bypass_lock !== original.bypass_lock) changes.bypass_lock = draft.bypass_lock;
  if (!sameList(draft.source_directories, original.source_directories)) changes.source_directories = draft.source_directories;
  if (!sameList(draft.exclude_patterns, original.exclude_patterns)) changes.exclude_patterns = draft.exclude_patterns;

  // A stored "" and a stored null both mean "not set"; neither counts as a change from a blank field.
  const stored = (value: string | null): string | null => (value === null ? null : optionalText(value));
  const remotePath = optionalText(draft.remote_path)?.trim() ?? null;
  if (remotePath !== stored(original.remote_path)) changes.remote_path = remotePath;
  const customFlags = optionalText(draft.custom_flags)?.trim() ?? null;
  if (customFlags !== stored(original.custom_flags)) changes.custom_flags = customFlags;
  const template = draft.archive_name_template.trim();
  if (template !== original.archive_name_template) changes.archive_name_template = template;
  const pre = optionalText(draft.pre_backup_script);
  if (pre !== stored(original.pre_backup_script)) changes.pre_backup_script = pre;
  const post = optionalText(draft.post_backup_script);
  if (post !== stored(original.post_backup_script)) changes.post_backup_script = post;

  const preTimeout = Number(draft.pre_hook_timeout);
  if (preTimeout !== original.pre_hook_timeout) changes.pre_hook_timeout = preTimeout;
  const postTimeout = Number(draft.post_hook_timeout);
  if (postTimeout !== original.post_hook_timeout) changes.post_hook_timeout = postTimeout;
  if (draft.continue_on_hook_failure !== original.continue_on_hook_failure) {
    changes.continue_on_hook_failure = draft.continue_on_hook_failure;
  }
  if (draft.change_passphrase) {
    changes.current_passphrase = draft.current_passphrase;
    changes.passphrase = draft.new_passphrase;
  }
  return changes;
}
