/**
 * The contract's rules, checked before sending so mistakes show next to their field at once.
 * The server checks again; its VALIDATION issues land on the same field names.
 */
import type { CreateDraft, EditDraft, ImportDraft, LocationDraft, SettingsDraft } from './drafts';

export type FieldErrors = Record<string, string>;

export const NAME_MAX = 100;
export const HOOK_TIMEOUT_MAX = 86400;
export const PASSPHRASE_MAX = 1024;

const ABSOLUTE_LOCAL = /^(\/|[A-Za-z]:[\\/])/;
const SSH_URL = /^ssh:\/\/[^/\s]+\/\S/;
const SCP_STYLE = /^[^\s/@:]+@[^\s/:]+:\S/;
const REMOTE_PATH = /^[^\s'"`$;&|<>\\]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export function isAbsoluteLocalPath(value: string): boolean {
  return ABSOLUTE_LOCAL.test(value.trim());
}

/** A repository lives at an absolute local path or behind ssh (ssh://user@host:port/path or user@host:path). */
export function isRepositoryLocation(value: string): boolean {
  const v = value.trim();
  return ABSOLUTE_LOCAL.test(v) || SSH_URL.test(v) || SCP_STYLE.test(v);
}

function checkName(name: string, errors: FieldErrors): void {
  const trimmed = name.trim();
  if (trimmed === '') errors.name = 'Enter a name.';
  else if (trimmed.length > NAME_MAX) errors.name = `The name must be at most ${NAME_MAX} characters.`;
  else if (CONTROL_CHARS.test(trimmed)) errors.name = 'The name must not contain control characters.';
}

function checkPath(path: string, errors: FieldErrors): void {
  if (path.trim() === '') errors.path = 'Enter the repository path.';
  else if (!isRepositoryLocation(path)) errors.path = 'Use an absolute path (starting with /) or an ssh:// address.';
}

/** What the forms know about the servers they can reach: a connection's default path, if it has one. */
export type DefaultPathOf = (connectionId: string) => string | null;

const noDefaultPaths: DefaultPathOf = () => null;

/** A folder here (never a server address: those need a connection), or a path on the chosen server. */
function checkLocation(draft: LocationDraft, errors: FieldErrors, defaultPathOf: DefaultPathOf): void {
  const path = draft.path.trim();
  if (draft.location === 'local') {
    if (SSH_URL.test(path) || SCP_STYLE.test(path)) errors.path = 'That is a location on a server: choose "On a server" under Location, then its connection.';
    else checkPath(draft.path, errors);
    return;
  }
  if (draft.connection_id === '') errors.connection_id = 'Choose the connection to the server.';
  if (path === '') errors.path = 'Enter the path on the server.';
  else if (!/^(\/|~|ssh:\/\/)/.test(path) && draft.connection_id !== '' && defaultPathOf(draft.connection_id) === null) {
    errors.path = 'Use an absolute path on the server (starting with /), or give the connection a default path.';
  }
}

function checkPassphraseText(value: string, field: string, errors: FieldErrors): void {
  if (value.length > PASSPHRASE_MAX) errors[field] = `The passphrase must be at most ${PASSPHRASE_MAX} characters.`;
  else if (value.includes('\n') || value.includes('\u0000')) errors[field] = 'The passphrase must be a single line.';
}

function checkHookTimeout(value: string, field: string, errors: FieldErrors): void {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > HOOK_TIMEOUT_MAX) {
    errors[field] = `Enter whole seconds from 1 to ${HOOK_TIMEOUT_MAX}.`;
  }
}

function checkSettings(draft: SettingsDraft, errors: FieldErrors): void {
  if (draft.bypass_lock && draft.mode !== 'observe') {
    errors.bypass_lock = 'Bypass lock is only allowed in observe mode.';
  }
  if (draft.mode === 'full' && draft.source_directories.length === 0) {
    errors.source_directories = 'Add at least one source directory, or choose observe mode.';
  } else {
    const relative = draft.source_directories.find((d) => !isAbsoluteLocalPath(d));
    if (relative !== undefined) errors.source_directories = `Source directories must be absolute paths: "${relative}" is not.`;
  }
  if (draft.exclude_patterns.some((p) => p === '' || /[\n\r]/.test(p) || p.includes('\u0000'))) {
    errors.exclude_patterns = 'Each exclude pattern must be a single, non-empty line.';
  }
  const level = draft.compression_level.trim();
  if (level !== '') {
    const n = Number(level);
    if (draft.compression === 'zstd' && !(Number.isInteger(n) && n >= 1 && n <= 22)) {
      errors.compression_level = 'zstd levels go from 1 to 22.';
    } else if ((draft.compression === 'zlib' || draft.compression === 'lzma') && !(Number.isInteger(n) && n >= 0 && n <= 9)) {
      errors.compression_level = `${draft.compression} levels go from 0 to 9.`;
    }
  }
  const remotePath = draft.remote_path.trim();
  if (remotePath !== '' && !REMOTE_PATH.test(remotePath)) {
    errors.remote_path = 'The remote borg path must be a plain path, without spaces or shell characters.';
  }
  const template = draft.archive_name_template.trim();
  if (template === '') {
    errors.archive_name_template = 'Give an archive name template, e.g. {hostname}-{now}.';
  } else if (!/\{(now|utcnow|unixtime)[^}]*\}/.test(template)) {
    errors.archive_name_template = 'The archive name template needs a time placeholder ({now}, {utcnow} or {unixtime}) so every backup gets its own name.';
  }
  checkHookTimeout(draft.pre_hook_timeout, 'pre_hook_timeout', errors);
  checkHookTimeout(draft.post_hook_timeout, 'post_hook_timeout', errors);
}

export function validateCreate(draft: CreateDraft, defaultPathOf: DefaultPathOf = noDefaultPaths): FieldErrors {
  const errors: FieldErrors = {};
  checkName(draft.name, errors);
  checkLocation(draft, errors, defaultPathOf);
  if (draft.encryption !== 'none') {
    if (draft.passphrase === '') errors.passphrase = 'Enter a passphrase, or choose encryption "none".';
    else checkPassphraseText(draft.passphrase, 'passphrase', errors);
    if (errors.passphrase === undefined && draft.passphrase !== draft.passphrase_confirm) {
      errors.passphrase_confirm = 'The passphrases do not match.';
    }
  }
  checkSettings(draft, errors);
  return errors;
}

export function validateImport(draft: ImportDraft, defaultPathOf: DefaultPathOf = noDefaultPaths): FieldErrors {
  const errors: FieldErrors = {};
  checkName(draft.name, errors);
  checkLocation(draft, errors, defaultPathOf);
  checkPassphraseText(draft.passphrase, 'passphrase', errors);
  if (draft.keyfile !== null && draft.keyfile.content.trim() === '') errors.keyfile_content = 'That keyfile is empty.';
  checkSettings(draft, errors);
  return errors;
}

export function validateEdit(draft: EditDraft): FieldErrors {
  const errors: FieldErrors = {};
  checkName(draft.name, errors);
  checkPath(draft.path, errors);
  checkSettings(draft, errors);
  if (draft.change_passphrase) {
    if (draft.current_passphrase === '') errors.current_passphrase = 'Enter the current passphrase.';
    if (draft.new_passphrase === '') errors.passphrase = 'Enter the new passphrase.';
    else checkPassphraseText(draft.new_passphrase, 'passphrase', errors);
    if (errors.passphrase === undefined && draft.new_passphrase !== draft.new_passphrase_confirm) {
      errors.passphrase_confirm = 'The passphrases do not match.';
    }
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}
