/**
 * Every error the user can meet, as a sentence that says what happened and what to do.
 * Keyed by the contract's stable `code`; the server's own message is shown beside it.
 */
import { isTransportError, type TransportErrorCode } from '../transport/transport-error';

export const ERROR_SENTENCES: Record<TransportErrorCode, string> = {
  PASSPHRASE_WRONG: 'The passphrase is wrong. Check it and try again.',
  PASSPHRASE_REQUIRED: 'This repository is encrypted and needs its passphrase. Enter it and try again.',
  REPO_LOCKED:
    'The repository is locked by another borg process. Wait for it to finish; if no borg process is running any more, break the stale lock with "borg break-lock" and try again.',
  NOT_A_REPOSITORY: 'There is no borg repository at that path. Check the path, or create a new repository there instead.',
  REPO_NOT_FOUND: 'The repository could not be found at its path. Check that the disk or server is reachable and that the path is right.',
  REPO_EXISTS: 'A repository already exists there. Use Import instead.',
  KEYFILE_MISSING: 'This repository uses keyfile encryption and Borg Desk has no keyfile for it. Upload the keyfile, then try again.',
  KEYFILE_MISMATCH: 'That keyfile belongs to a different repository. Choose the keyfile made for this repository.',
  BORG_MISSING: 'Borg is not installed or could not be found. Install borg (the details below say how), then try again.',
  BORG_FAILED: 'Borg reported an error. The details below say what went wrong.',
  VALIDATION: 'Some values are not valid. Correct the marked fields and try again.',
  NOT_FOUND: 'It no longer exists; it may have been removed meanwhile. Reload the list.',
  CONFLICT: 'This conflicts with something Borg Desk already has or is doing. The details below say what; change it, then try again.',
  FORBIDDEN: 'Your access is read-only. Ask an administrator to do this.',
  UNAUTHORIZED: 'Your session has ended. Sign in again with your access token.',
  HOST_KEY_UNKNOWN: "The server's SSH host key is not known yet. Check its fingerprint and trust it before connecting.",
  HOST_KEY_CHANGED:
    "The server's SSH host key has changed since it was trusted. This can be an attack: check with the server's administrator before trusting the new key.",
  SSH_AUTH_FAILED: 'The SSH server refused the login. Check the user name and that the SSH key is installed on the server.',
  SSH_CONNECTION_FAILED: 'Could not connect to the SSH server. Check the host name, the port and the network.',
  REMOTE_BORG_MISSING: 'Borg is not installed on the remote server, or not on its PATH. Install it there, or set the remote borg path.',
  JOB_RUNNING: 'A job is running on this repository. Wait for it to finish or cancel it, then try again.',
  OBSERVE_MODE: 'This repository is in observe mode, which is read-only. Switch it to full mode to do this.',
  HOOK_FAILED: "A pre- or post-backup script failed. Check the script's output below, fix it, then try again.",
  TIMEOUT: 'Borg took too long and was stopped. Check that the repository is reachable, then try again.',
  CANCELLED: 'The operation was cancelled.',
  INTERNAL: 'Something went wrong inside Borg Desk. Try again; if it keeps happening, check the logs.',
  NETWORK: 'Borg Desk could not reach its server. Check that it is still running, then try again.',
};

export interface ExplainedError {
  code: TransportErrorCode;
  /** What happened and what to do. */
  sentence: string;
  /** The server's own words, when they add something to the sentence. */
  serverMessage: string | null;
  /** VALIDATION issues by top-level field name (`source_directories`, `name`, ...). */
  fieldErrors: Record<string, string>;
  details: Record<string, unknown> | undefined;
}

const KNOWN_CODES = new Set<string>(Object.keys(ERROR_SENTENCES));

/** The sentence for a code; unknown codes (a newer server) fall back to the generic one. */
export function sentenceFor(code: string): string {
  return KNOWN_CODES.has(code) ? ERROR_SENTENCES[code as TransportErrorCode] : ERROR_SENTENCES.INTERNAL;
}

/** Codes that SSH shares with repositories, said for the SSH case when the details show it is one. */
function sshSentence(code: string, details: Record<string, unknown> | undefined): string | null {
  if (code === 'PASSPHRASE_REQUIRED' && typeof details?.ssh_key_id === 'number') {
    return 'The SSH key has a passphrase that Borg Desk does not hold right now. Unlock the key with its passphrase, then try again.';
  }
  if (code === 'SSH_AUTH_FAILED' && details?.method === 'password') {
    return 'The server refused the password. Check it and try again; the server may also not allow password logins.';
  }
  return null;
}

export function explainError(error: unknown): ExplainedError {
  if (!isTransportError(error)) {
    return { code: 'INTERNAL', sentence: ERROR_SENTENCES.INTERNAL, serverMessage: null, fieldErrors: {}, details: undefined };
  }
  const code = KNOWN_CODES.has(error.code) ? error.code : 'INTERNAL';
  const sentence = sshSentence(error.code, error.details) ?? sentenceFor(error.code);
  const message = error.message.trim();
  return {
    code,
    sentence,
    serverMessage: message === '' || message === sentence ? null : message,
    fieldErrors: fieldErrorsOf(error.code, message, error.details),
    details: error.details,
  };
}

/** A VALIDATION error's issues by field, or the field a refusal names (`details.field`, e.g. a duplicate name). */
function fieldErrorsOf(code: string, message: string, details: Record<string, unknown> | undefined): Record<string, string> {
  const fromIssues = code === 'VALIDATION' ? fieldErrorsFrom(details) : {};
  const field = details?.field;
  if (typeof field === 'string' && field !== '' && fromIssues[field] === undefined && message !== '') {
    return { ...fromIssues, [field]: message };
  }
  return fromIssues;
}

/** `details.issues` (`[{ path, message }]`, path as "a.b.0" or ["a","b",0]) by top-level field. */
export function fieldErrorsFrom(details: Record<string, unknown> | undefined): Record<string, string> {
  const issues = details?.issues;
  if (!Array.isArray(issues)) return {};
  const result: Record<string, string> = {};
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const segments = Array.isArray(path) ? path.map(String) : typeof path === 'string' ? path.split('.') : [];
    // Update wraps its fields in `changes`; the form knows them by their own names.
    const field = segments[0] === 'changes' ? segments[1] : segments[0];
    if (field === undefined || field === '') continue;
    result[field] ??= message;
  }
  return result;
}

/** True for the delete refusal that protects the only copy of a keyfile. */
export function isKeyfileAtRisk(error: unknown): boolean {
  return isTransportError(error) && error.code === 'CONFLICT' && error.details?.keyfile_at_risk === true;
}
