/**
 * The connection form's draft (strings, as inputs give them), its checks, and how it becomes a
 * contract input. The rules mirror the contract's so mistakes show at once; the core checks again.
 */
import type { OperationInput } from '../../lib/contract';
import type { SshConnection, SshKey } from './types';

export interface ConnectionDraft {
  name: string;
  host: string;
  port: string;
  username: string;
  ssh_key_id: string;
  default_path: string;
  remote_path: string;
}

export type ConnectionErrors = Partial<Record<keyof ConnectionDraft, string>>;

const HOSTNAME = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;
const IPV6 = /^\[?[0-9a-f:.]+(%[\w.]+)?\]?$/i;
const USERNAME = /^[a-z_][a-z0-9_.-]*$/i;
const SAFE_PATH = /^[A-Za-z0-9._/+@%=,:~-]*$/;
const COMMAND_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function emptyConnectionDraft(keys: readonly SshKey[]): ConnectionDraft {
  // With a single key there is nothing to choose.
  const only = keys.length === 1 ? String(keys[0]?.id) : '';
  return { name: '', host: '', port: '22', username: '', ssh_key_id: only, default_path: '', remote_path: '' };
}

export function connectionDraftFrom(c: SshConnection): ConnectionDraft {
  return {
    name: c.name ?? '',
    host: c.host,
    port: String(c.port),
    username: c.username,
    ssh_key_id: String(c.ssh_key_id),
    default_path: c.default_path ?? '',
    remote_path: c.remote_path ?? '',
  };
}

const isServerPath = (s: string) => (s.startsWith('/') || s.startsWith('~/')) && SAFE_PATH.test(s);

export function validateConnection(draft: ConnectionDraft): ConnectionErrors {
  const errors: ConnectionErrors = {};
  const name = draft.name.trim();
  if (name.length > 100) errors.name = 'The name must be at most 100 characters.';
  else if (CONTROL.test(name)) errors.name = 'The name must not contain control characters.';

  const host = draft.host.trim();
  if (host === '') errors.host = 'Enter the server’s host name or IP address.';
  else if (host.length > 253 || !(HOSTNAME.test(host) || (host.includes(':') && IPV6.test(host)))) {
    errors.host = 'Enter a host name or an IP address, without spaces, "user@" or a leading "-".';
  }

  const port = Number(draft.port.trim());
  if (draft.port.trim() === '' || !Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'Enter a port from 1 to 65535.';

  const username = draft.username.trim();
  if (username === '') errors.username = 'Enter the user name to log in as.';
  else if (username.length > 32 || !USERNAME.test(username)) {
    errors.username = 'A user name starts with a letter or "_" and has only letters, digits, ".", "_" and "-".';
  }

  if (draft.ssh_key_id === '') errors.ssh_key_id = 'Choose the SSH key to log in with.';

  const defaultPath = draft.default_path.trim();
  if (defaultPath !== '' && !isServerPath(defaultPath)) {
    errors.default_path = 'Use an absolute path (/srv/backups) or one under the home folder (~/backups), without spaces or shell characters.';
  }
  const remotePath = draft.remote_path.trim();
  if (remotePath !== '' && !(isServerPath(remotePath) || (COMMAND_NAME.test(remotePath) && SAFE_PATH.test(remotePath)))) {
    errors.remote_path = 'Use a command name (borg-1.2) or a path (/usr/local/bin/borg), without spaces or shell characters.';
  }
  return errors;
}

const optional = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

export function toCreateConnectionInput(draft: ConnectionDraft): OperationInput<'ssh.connections.create'> {
  const input: OperationInput<'ssh.connections.create'> = {
    host: draft.host.trim(),
    port: Number(draft.port.trim()),
    username: draft.username.trim(),
    ssh_key_id: Number(draft.ssh_key_id),
  };
  const name = optional(draft.name);
  if (name !== undefined) input.name = name;
  const defaultPath = optional(draft.default_path);
  if (defaultPath !== undefined) input.default_path = defaultPath;
  const remotePath = optional(draft.remote_path);
  if (remotePath !== undefined) input.remote_path = remotePath;
  return input;
}

/** Only what changed; a cleared optional field becomes null. */
export function connectionChanges(original: SshConnection, draft: ConnectionDraft): OperationInput<'ssh.connections.update'>['changes'] {
  const changes: OperationInput<'ssh.connections.update'>['changes'] = {};
  const orNull = (s: string): string | null => optional(s) ?? null;
  if (orNull(draft.name) !== original.name) changes.name = orNull(draft.name);
  if (draft.host.trim().toLowerCase() !== original.host) changes.host = draft.host.trim();
  if (Number(draft.port.trim()) !== original.port) changes.port = Number(draft.port.trim());
  if (draft.username.trim() !== original.username) changes.username = draft.username.trim();
  if (Number(draft.ssh_key_id) !== original.ssh_key_id) changes.ssh_key_id = Number(draft.ssh_key_id);
  if (orNull(draft.default_path) !== original.default_path) changes.default_path = orNull(draft.default_path);
  if (orNull(draft.remote_path) !== original.remote_path) changes.remote_path = orNull(draft.remote_path);
  return changes;
}
