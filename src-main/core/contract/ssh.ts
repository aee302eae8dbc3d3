import { z } from 'zod';

/** An SSH key Borg Desk holds; the private half never leaves `<dataDir>/ssh/keys`. */
export interface SshKey {
  id: number;
  name: string;
  /** ssh's key type: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256 ... */
  key_type: string;
  /** The one line to put in a server's authorized_keys. */
  public_key: string;
  /** SHA256:... as `ssh-keygen -l` prints it. */
  fingerprint: string;
  origin: 'generated' | 'imported';
  has_passphrase: boolean;
  /** For a key with a passphrase: whether Borg Desk holds it (after a restart without a keyring it may not). */
  passphrase_stored: boolean;
  created_at: string;
  /** Connections that log in with this key; the key cannot be removed while any does. */
  connection_ids: number[];
}

export interface SshTestSummary {
  ok: boolean;
  at: string;
  borg_version: string | null;
  error: { code: string; message: string } | null;
}

/** A server Borg Desk reaches over SSH, and how. */
export interface SshConnection {
  id: number;
  /** A label for people; null shows as username@host:port. */
  name: string | null;
  host: string;
  port: number;
  username: string;
  ssh_key_id: number;
  /** Prefix for repository paths given relative on this server (absolute or ~/...). */
  default_path: string | null;
  /** borg on the server when it is not `borg` on PATH (passed as --remote-path). */
  remote_path: string | null;
  /** The pinned host key's fingerprint, null until the user confirmed one. */
  host_key_fingerprint: string | null;
  last_test: SshTestSummary | null;
  /** Repositories reached through this connection (connection_id or source_ssh_connection_id). */
  repository_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface SshTestResult {
  ok: true;
  borg_version: string;
  host_key_fingerprint: string;
  key_fingerprint: string;
  duration_ms: number;
}

export interface HostKeyInfo {
  host: string;
  port: number;
  /** The pinned key, or null when none is pinned for host:port. */
  fingerprint: string | null;
  key_type: string | null;
}

export interface HostKeyConfirmed {
  host: string;
  port: number;
  fingerprint: string;
  key_type: string;
  /** When a different key was pinned before and this confirmation replaced it. */
  replaced_fingerprint: string | null;
}

export interface KeyDeployResult {
  /** True when the key was already accepted and no password was used. */
  already_authorized: boolean;
  /** Verified afterwards by a key-only login. */
  verified: true;
}

export const SSH_LIMITS = {
  nameLength: 100,
  hostLength: 253,
  usernameLength: 32,
  pathLength: 1024,
  privateKeyBytes: 16 * 1024,
  secretLength: 1024,
} as const;

const id = z.number().int().positive();

const name = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(SSH_LIMITS.nameLength, `name must be at most ${SSH_LIMITS.nameLength} characters`)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'name must not contain control characters');

const isIPv6 = (s: string) => z.ipv6().safeParse(s).success;

const HOSTNAME_RE = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/** A host name or an IP address; never something ssh could read as an option. */
export const SshHost = z
  .string({ error: 'host is required' })
  .trim()
  .min(1, 'host is required')
  .max(SSH_LIMITS.hostLength)
  .transform((s) => (s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s).toLowerCase())
  .refine((s) => HOSTNAME_RE.test(s) || isIPv6(s), 'host must be a host name or an IP address (no spaces, no leading "-")');

const port = z
  .number({ error: 'port must be a number' })
  .int('port must be a whole number')
  .min(1, 'port must be between 1 and 65535')
  .max(65535, 'port must be between 1 and 65535');

export const SshUsername = z
  .string({ error: 'username is required' })
  .trim()
  .max(SSH_LIMITS.usernameLength, `username must be at most ${SSH_LIMITS.usernameLength} characters`)
  .regex(/^[a-z_][a-z0-9_.-]*$/i, 'username must start with a letter or "_" and contain only letters, digits, ".", "_" and "-"');

const SAFE_PATH_CHARS = /^[A-Za-z0-9._/+@%=,:~-]*$/;

/** A server path: absolute or ~/-relative, and nothing a remote shell would interpret. Empty means none. */
const serverPath = (field: string) =>
  z
    .string()
    .trim()
    .max(SSH_LIMITS.pathLength)
    .refine((s) => s === '' || ((s.startsWith('/') || s.startsWith('~/')) && SAFE_PATH_CHARS.test(s)), `${field} must be an absolute or ~/ path without spaces or shell characters`)
    .nullable();

/** borg on the server: a path (absolute or ~/) or a command name on PATH such as borg-1.2. */
const remotePath = z
  .string()
  .trim()
  .max(SSH_LIMITS.pathLength)
  .refine(
    (s) => s === '' || ((s.startsWith('/') || s.startsWith('~/') || /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/.test(s)) && SAFE_PATH_CHARS.test(s)),
    'remote_path must be a command name, an absolute or a ~/ path, without spaces or shell characters',
  )
  .nullable();

const secret = (field: string) =>
  z
    .string()
    .max(SSH_LIMITS.secretLength, `${field} must be at most ${SSH_LIMITS.secretLength} characters`)
    // eslint-disable-next-line no-control-regex -- NUL and line breaks are exactly what is refused
    .refine((s) => !/[\r\n\u0000]/.test(s), `${field} must not contain line breaks`);

const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;
const fingerprint = z
  .string({ error: 'fingerprint is required' })
  .trim()
  .regex(FINGERPRINT_RE, 'fingerprint must look like SHA256:... (43 base64 characters)');

export const SshKeyId = z.strictObject({ id });
export const GenerateKeyInput = z.strictObject({
  name,
  /** Empty or absent: a key without passphrase. */
  passphrase: secret('passphrase').optional(),
});
export const ImportKeyInput = z.strictObject({
  name,
  private_key: z
    .string({ error: 'private_key is required' })
    .min(1, 'private_key is required')
    .max(SSH_LIMITS.privateKeyBytes, 'private_key is too large to be an SSH private key'),
  passphrase: secret('passphrase').optional(),
});
export const UnlockKeyInput = z.strictObject({ id, passphrase: secret('passphrase').min(1, 'passphrase is required') });
export const DeployKeyInput = z.strictObject({
  connection_id: id,
  password: secret('password').min(1, 'password is required'),
});

export const ConnectionId = z.strictObject({ id });
/** An empty label is no label. */
const connectionName = z.string().regex(/^\s*$/).transform(() => null).or(name).nullable();

export const CreateConnectionInput = z.strictObject({
  name: connectionName.optional(),
  host: SshHost,
  port: port.default(22),
  username: SshUsername,
  ssh_key_id: id,
  default_path: serverPath('default_path').optional(),
  remote_path: remotePath.optional(),
});
export const ConnectionChanges = z.strictObject({
  name: connectionName.optional(),
  host: SshHost.optional(),
  port: port.optional(),
  username: SshUsername.optional(),
  ssh_key_id: id.optional(),
  default_path: serverPath('default_path').optional(),
  remote_path: remotePath.optional(),
});
export const UpdateConnectionInput = z.strictObject({ id, changes: ConnectionChanges });

export const HostKeyQuery = z.strictObject({ connection_id: id });
export const ConfirmHostKeyInput = z.strictObject({ connection_id: id, fingerprint });

export type GenerateKeyInput = z.input<typeof GenerateKeyInput>;
export type ImportKeyInput = z.input<typeof ImportKeyInput>;
export type CreateConnectionInput = z.input<typeof CreateConnectionInput>;
export type ConnectionChanges = z.input<typeof ConnectionChanges>;
