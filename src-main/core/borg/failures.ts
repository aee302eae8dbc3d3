import { AppError, type ErrorCode } from '../errors';
import type { BorgLogEntry } from './log-parser';

const MSGID_CODES: Record<string, ErrorCode> = {
  PassphraseWrong: 'PASSPHRASE_WRONG',
  PasswordRetriesExceeded: 'PASSPHRASE_REQUIRED',
  NoPassphraseFailure: 'PASSPHRASE_REQUIRED',
  'Repository.DoesNotExist': 'REPO_NOT_FOUND',
  'Repository.InvalidRepository': 'NOT_A_REPOSITORY',
  'Repository.InvalidRepositoryConfig': 'NOT_A_REPOSITORY',
  'Repository.AlreadyExists': 'REPO_EXISTS',
  'Repository.PathAlreadyExists': 'CONFLICT',
  'Repository.ParentPathDoesNotExist': 'VALIDATION',
  'Repository.PathPermissionDenied': 'VALIDATION',
  LockTimeout: 'REPO_LOCKED',
  LockFailed: 'REPO_LOCKED',
  LockError: 'REPO_LOCKED',
  LockErrorT: 'REPO_LOCKED',
  NotLocked: 'REPO_LOCKED',
  NotMyLock: 'REPO_LOCKED',
  KeyfileNotFoundError: 'KEYFILE_MISSING',
  KeyfileMismatchError: 'KEYFILE_MISMATCH',
  KeyfileInvalidError: 'KEYFILE_MISMATCH',
  UnsupportedManifestError: 'BORG_FAILED',
};

const PLAIN: Partial<Record<ErrorCode, string>> = {
  PASSPHRASE_WRONG: 'The passphrase is wrong for this repository.',
  PASSPHRASE_REQUIRED: 'This repository is encrypted: a passphrase is needed.',
  REPO_NOT_FOUND: 'No borg repository exists at this location.',
  NOT_A_REPOSITORY: 'This location is not a borg repository.',
  REPO_EXISTS: 'A borg repository already exists at this location. Import it instead of creating a new one.',
  REPO_LOCKED: 'The repository is locked by another borg process. Wait for it to finish, then try again.',
  KEYFILE_MISSING: 'This repository uses keyfile encryption and its keyfile is missing. Upload the keyfile for it.',
  KEYFILE_MISMATCH: 'The keyfile does not belong to this repository.',
  SSH_AUTH_FAILED: 'The server refused the SSH key. Deploy the public key to the server or choose another key.',
  SSH_CONNECTION_FAILED: 'Could not reach the SSH server. Check the host, the port and that the server is running.',
  REMOTE_BORG_MISSING: 'borg was not found on the server. Install borg there or set the remote borg path (remote_path).',
  HOST_KEY_UNKNOWN: 'The server’s host key is not known yet: confirm its fingerprint first.',
  HOST_KEY_CHANGED: 'The server’s host key has changed. This can mean an attack; the connection was refused.',
};

function textOf(logs: readonly BorgLogEntry[]): string {
  return logs
    .map((e) => (e.type === 'log_message' || e.type === 'text' ? e.message : ''))
    .filter((m) => m !== '')
    .join('\n');
}

/** The code for an ssh-level failure seen in borg's output, if any. */
export function sshFailureCode(text: string): ErrorCode | null {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text)) return 'HOST_KEY_CHANGED';
  if (/No (ED25519|RSA|ECDSA|DSA)? ?host key is known|Host key verification failed/i.test(text)) return 'HOST_KEY_UNKNOWN';
  if (/Permission denied \(/i.test(text)) return 'SSH_AUTH_FAILED';
  if (/borg: (command )?not found|borg: No such file|command not found|No such file or directory.*borg|exec: .*borg.*not found/i.test(text))
    return 'REMOTE_BORG_MISSING';
  if (/Connection refused|Connection timed out|Could not resolve hostname|No route to host|Network is unreachable|Connection closed by remote host|kex_exchange_identification/i.test(text))
    return 'SSH_CONNECTION_FAILED';
  return null;
}

/** Turns a failed borg run (rc >= 2) into an AppError with a plain sentence and borg's own words. */
export function borgFailure(logs: readonly BorgLogEntry[], exitCode: number | null, signal: string | null): AppError {
  const errors = logs.filter(
    (e): e is Extract<BorgLogEntry, { type: 'log_message' }> =>
      e.type === 'log_message' && (e.levelname === 'ERROR' || e.levelname === 'CRITICAL'),
  );
  const withId = errors.find((e) => e.msgid !== undefined && MSGID_CODES[e.msgid] !== undefined);
  const all = textOf(logs);
  // The first line of borg's error, never a traceback.
  const borgMessage = (withId ?? errors.find((e) => !e.message.startsWith('Traceback')) ?? errors[0])?.message
    ?.split('\n')[0]
    ?.trim();
  const details: Record<string, unknown> = { exit_code: exitCode };
  if (signal !== null) details.signal = signal;
  if (borgMessage) details.borg_message = borgMessage;
  if (withId?.msgid) details.msgid = withId.msgid;

  let code: ErrorCode | null = withId?.msgid !== undefined ? (MSGID_CODES[withId.msgid] ?? null) : null;
  if (code === null || code === 'BORG_FAILED') code = sshFailureCode(all) ?? code;
  if (code === null && /Keymanagement not available/i.test(all)) {
    return new AppError('VALIDATION', 'This repository is not encrypted, so it has no key to export.', details);
  }
  if (code === null && /FileNotFoundError: .*No such file or directory/.test(all) && /find_key|sanity_check/.test(all)) {
    code = 'KEYFILE_MISSING';
  }
  if (code === null && /EOFError|getpass/i.test(all)) code = 'PASSPHRASE_REQUIRED';
  if (code === null) {
    return new AppError('BORG_FAILED', borgMessage ? `borg failed: ${borgMessage}` : `borg failed with exit code ${String(exitCode)}.`, details);
  }
  const plain = PLAIN[code] ?? (borgMessage ? `borg: ${borgMessage}` : 'borg failed.');
  return new AppError(code, plain, details);
}
