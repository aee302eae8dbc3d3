import { join } from 'node:path';
import type { z } from 'zod';
import { sshFailureCode } from '../borg/failures';
import type { Repository } from '../contract/repositories';
import type {
  ConnectionChanges,
  CreateConnectionInput,
  GenerateKeyInput,
  HostKeyConfirmed,
  HostKeyInfo,
  ImportKeyInput,
  KeyDeployResult,
  SshConnection,
  SshKey,
  SshTestResult,
} from '../contract/ssh';
import { AppError, toErrorInfo } from '../errors';
import type { RemoteConnections } from '../repositories/access';
import type { SecretStore } from '../secrets/types';
import type { KeyValueStore } from '../store/types';
import { Mutex } from '../util/mutex';
import { SshAgent } from './agent';
import { runCommand, type CommandResult } from './exec';
import { KnownHosts, preferredKey, scanHostKeys, type HostKey } from './host-keys';
import { keyComment, privateKeyText, SshKeyFiles } from './keys';
import { batchSshOptions, borgRsh, passwordSshOptions, sshEnvironment, type SshIdentity } from './options';
import { runPty } from './pty';
import { SshRecords, type StoredSshConnection, type StoredSshKey } from './records';

type GenerateParsed = z.output<typeof GenerateKeyInput>;
type ImportParsed = z.output<typeof ImportKeyInput>;
type CreateParsed = z.output<typeof CreateConnectionInput>;
type ChangesParsed = z.output<typeof ConnectionChanges>;

/** What the SSH module needs to know about repositories: which connections they use. */
export type RepositoryUse = Pick<Repository, 'id' | 'connection_id' | 'source_ssh_connection_id'>;

export interface SshServiceDeps {
  dataDir: string;
  store: KeyValueStore;
  secrets: SecretStore;
  /** Base environment for ssh, ssh-keygen, ssh-keyscan and ssh-agent. */
  env: NodeJS.ProcessEnv;
  /** The repositories as they are now (bound late: the repository service is built after this one). */
  repositories: () => readonly RepositoryUse[];
  now?: () => Date;
}

const keySecret = (id: number) => `ssh-key:${id}:passphrase`;
const TEST_TIMEOUT_MS = 30_000;
const DEPLOY_TIMEOUT_MS = 45_000;
const READY = 'BORG_DESK_DEPLOY_READY';
const DONE = 'BORG_DESK_DEPLOY_DONE';
/** One argv element, run by the remote login shell; the public key arrives on stdin after READY. */
const DEPLOY_SCRIPT = `echo ${READY} && umask 077 && mkdir -p ~/.ssh && chmod 700 ~/.ssh && cat >> ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys && echo ${DONE}`;

function firstMeaningfulLine(text: string): string | null {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('@@@') && !/^Warning: Permanently added/.test(l)) ?? null
  );
}

function endpoint(c: { username: string; host: string; port: number }): string {
  return `${c.username}@${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`;
}

/** App-managed SSH keys, connections and pinned host keys; also how borg reaches a connection. */
export class SshService implements RemoteConnections {
  private readonly records: SshRecords;
  private readonly files: SshKeyFiles;
  private readonly knownHosts: KnownHosts;
  private readonly agent: SshAgent;
  private readonly env: NodeJS.ProcessEnv;
  private readonly mutex = new Mutex();
  private readonly now: () => Date;

  constructor(private readonly deps: SshServiceDeps) {
    this.records = new SshRecords(deps.store);
    this.env = sshEnvironment(deps.env);
    this.files = new SshKeyFiles(deps.dataDir, this.env);
    this.knownHosts = new KnownHosts(join(deps.dataDir, 'ssh', 'known_hosts'));
    this.agent = new SshAgent(this.env);
    this.now = deps.now ?? (() => new Date());
  }

  get knownHostsFile(): string {
    return this.knownHosts.file;
  }

  // ---- keys ----

  async listKeys(): Promise<SshKey[]> {
    return Promise.all(this.records.keys().map((k) => this.presentKey(k)));
  }

  async generateKey(input: GenerateParsed): Promise<SshKey> {
    const passphrase = input.passphrase !== undefined && input.passphrase !== '' ? input.passphrase : null;
    const id = await this.mutex.run(() => {
      this.assertKeyNameFree(input.name, null);
      return this.records.reserveKeyId();
    });
    const pub = await this.files.generate(id, keyComment(input.name), passphrase);
    return this.saveKey(id, input.name, 'generated', pub, passphrase);
  }

  async importKey(input: ImportParsed): Promise<SshKey> {
    const passphrase = input.passphrase !== undefined && input.passphrase !== '' ? input.passphrase : null;
    // Refuse what is no private key before an id is reserved: a refusal leaves ssh.json as it was.
    privateKeyText(input.private_key);
    const id = await this.mutex.run(() => {
      this.assertKeyNameFree(input.name, null);
      return this.records.reserveKeyId();
    });
    const opened = await this.files.import(id, input.private_key, passphrase);
    return this.saveKey(id, input.name, 'imported', opened, opened.hasPassphrase ? passphrase : null);
  }

  /** Gives Borg Desk a key's passphrase again (after a restart without a keyring), checked against the key. */
  async unlockKey(id: number, passphrase: string): Promise<SshKey> {
    const key = this.keyRecord(id);
    if (!key.has_passphrase) throw new AppError('VALIDATION', `The SSH key "${key.name}" has no passphrase.`, { field: 'passphrase' });
    await this.files.verify(id, passphrase);
    await this.deps.secrets.set(keySecret(id), passphrase);
    await this.agent.add(this.files.pathFor(id), key.fingerprint, passphrase);
    return this.presentKey(key);
  }

  async deleteKey(id: number): Promise<{ id: number }> {
    const key = await this.mutex.run(() => {
      const record = this.keyRecord(id);
      const users = this.records.connections().filter((c) => c.ssh_key_id === id);
      if (users.length > 0) {
        throw new AppError('CONFLICT', `The SSH key "${record.name}" is used by ${users.length === 1 ? 'a connection' : `${users.length} connections`}; choose another key for them first.`, {
          connection_ids: users.map((c) => c.id),
        });
      }
      this.records.removeKey(id);
      return record;
    });
    await this.agent.remove(this.files.pathFor(id), key.fingerprint);
    this.files.remove(id);
    await this.deps.secrets.delete(keySecret(id));
    return { id };
  }

  private async saveKey(
    id: number,
    name: string,
    origin: StoredSshKey['origin'],
    pub: { keyType: string; line: string; fingerprint: string },
    passphrase: string | null,
  ): Promise<SshKey> {
    try {
      if (passphrase !== null) await this.deps.secrets.set(keySecret(id), passphrase);
      const record: StoredSshKey = {
        id,
        name: name.trim(),
        key_type: pub.keyType,
        public_key: pub.line,
        fingerprint: pub.fingerprint,
        origin,
        has_passphrase: passphrase !== null,
        created_at: this.now().toISOString(),
      };
      await this.mutex.run(() => {
        this.assertKeyNameFree(name, null);
        this.records.putKey(record);
      });
      return this.presentKey(record);
    } catch (error) {
      this.files.remove(id);
      await this.deps.secrets.delete(keySecret(id)).catch(() => undefined);
      throw error;
    }
  }

  private async presentKey(key: StoredSshKey): Promise<SshKey> {
    return {
      ...key,
      passphrase_stored: key.has_passphrase ? (await this.deps.secrets.get(keySecret(key.id))) !== null : false,
      connection_ids: this.records.connections().filter((c) => c.ssh_key_id === key.id).map((c) => c.id),
    };
  }

  private keyRecord(id: number): StoredSshKey {
    const key = this.records.key(id);
    if (key === undefined) throw new AppError('NOT_FOUND', `SSH key ${id} does not exist.`, { id });
    return key;
  }

  private assertKeyNameFree(name: string, selfId: number | null): void {
    const wanted = name.trim().toLocaleLowerCase();
    if (this.records.keys().some((k) => k.id !== selfId && k.name.trim().toLocaleLowerCase() === wanted)) {
      throw new AppError('CONFLICT', `An SSH key named "${name.trim()}" already exists.`, { field: 'name' });
    }
  }

  // ---- connections ----

  listConnections(): SshConnection[] {
    const repositories = this.deps.repositories();
    return this.records.connections().map((c) => this.presentConnection(c, repositories));
  }

  getConnection(id: number): SshConnection {
    return this.presentConnection(this.connectionRecord(id));
  }

  createConnection(input: CreateParsed): Promise<SshConnection> {
    return this.mutex.run(() => {
      this.assertKeyExists(input.ssh_key_id);
      const name = input.name ?? null;
      if (name !== null) this.assertConnectionNameFree(name, null);
      const now = this.now().toISOString();
      const record: StoredSshConnection = {
        id: this.records.reserveConnectionId(),
        name,
        host: input.host,
        port: input.port,
        username: input.username,
        ssh_key_id: input.ssh_key_id,
        default_path: emptyToNull(input.default_path),
        remote_path: emptyToNull(input.remote_path),
        last_test: null,
        created_at: now,
        updated_at: now,
      };
      this.records.putConnection(record);
      return this.presentConnection(record);
    });
  }

  updateConnection(id: number, changes: ChangesParsed): Promise<SshConnection> {
    return this.mutex.run(() => {
      const current = this.connectionRecord(id);
      const next: StoredSshConnection = { ...current };
      if (changes.name !== undefined) next.name = changes.name;
      if (changes.host !== undefined) next.host = changes.host;
      if (changes.port !== undefined) next.port = changes.port;
      if (changes.username !== undefined) next.username = changes.username;
      if (changes.ssh_key_id !== undefined) {
        this.assertKeyExists(changes.ssh_key_id);
        next.ssh_key_id = changes.ssh_key_id;
      }
      if (changes.default_path !== undefined) next.default_path = emptyToNull(changes.default_path);
      if (changes.remote_path !== undefined) next.remote_path = emptyToNull(changes.remote_path);
      if (next.name !== null) this.assertConnectionNameFree(next.name, id);
      const serverChanged = next.host !== current.host || next.port !== current.port || next.username !== current.username;
      if (serverChanged) {
        const users = this.repositoriesUsing(id);
        if (users.length > 0) {
          throw new AppError(
            'CONFLICT',
            'Repositories use this connection and their locations name this server and user; the host, port and username cannot change while they do.',
            { repository_ids: users },
          );
        }
      }
      if (serverChanged || next.ssh_key_id !== current.ssh_key_id || next.remote_path !== current.remote_path) next.last_test = null;
      next.updated_at = this.now().toISOString();
      this.records.putConnection(next);
      return this.presentConnection(next);
    });
  }

  deleteConnection(id: number): Promise<{ id: number }> {
    return this.mutex.run(() => {
      const record = this.connectionRecord(id);
      const users = this.repositoriesUsing(id);
      if (users.length > 0) {
        throw new AppError('CONFLICT', `${users.length === 1 ? 'A repository uses' : `${users.length} repositories use`} this connection; remove them from Borg Desk first.`, {
          repository_ids: users,
        });
      }
      this.records.removeConnection(id);
      // The pinned host key goes with the last connection that names that server.
      if (!this.records.connections().some((c) => c.host === record.host && c.port === record.port)) this.knownHosts.forget(record.host, record.port);
      return { id };
    });
  }

  /** Logs in with the connection's key (BatchMode, pinned host key) and asks the server's borg for its version. */
  async testConnection(id: number): Promise<SshTestResult> {
    const connection = this.connectionRecord(id);
    const started = Date.now();
    try {
      const key = this.keyRecord(connection.ssh_key_id);
      const pinned = await this.assertHostKnown(connection);
      const borg = connection.remote_path ?? 'borg';
      const result = await this.login(connection, key, `${borg} --version`, pinned);
      const line = firstMeaningfulLine(result.stdout) ?? '';
      const version = /^\S*borg\S* (\d+\.\d+\S*)$/i.exec(line)?.[1];
      if (result.code === 126 || result.code === 127 || version === undefined) {
        const serverMessage = firstMeaningfulLine(result.stderr) ?? (line || null);
        throw new AppError(
          'REMOTE_BORG_MISSING',
          connection.remote_path === null
            ? `borg was not found on ${connection.host}. Install borg there, or set the connection's remote borg path (remote_path) to where it is, e.g. /usr/local/bin/borg.`
            : `borg was not found at ${connection.remote_path} on ${connection.host}. Check the remote borg path (remote_path), or clear it to use borg from the server's PATH.`,
          { remote_path: connection.remote_path, exit_code: result.code, ...(serverMessage !== null ? { server_message: serverMessage } : {}) },
        );
      }
      const host = preferredKey(pinned);
      const outcome: SshTestResult = {
        ok: true,
        borg_version: version,
        host_key_fingerprint: host?.fingerprint ?? '',
        key_fingerprint: key.fingerprint,
        duration_ms: Date.now() - started,
      };
      await this.recordTest(id, { ok: true, at: this.now().toISOString(), borg_version: version, error: null });
      return outcome;
    } catch (error) {
      const info = toErrorInfo(error);
      await this.recordTest(id, { ok: false, at: this.now().toISOString(), borg_version: null, error: { code: info.code, message: info.message } });
      throw error;
    }
  }

  private recordTest(id: number, summary: NonNullable<StoredSshConnection['last_test']>): Promise<void> {
    return this.mutex.run(() => {
      const latest = this.records.connection(id);
      if (latest !== undefined) this.records.putConnection({ ...latest, last_test: summary });
    });
  }

  private presentConnection(c: StoredSshConnection, repositories = this.deps.repositories()): SshConnection {
    return {
      ...c,
      host_key_fingerprint: preferredKey(this.knownHosts.pinned(c.host, c.port))?.fingerprint ?? null,
      repository_ids: this.repositoriesUsing(c.id, repositories),
    };
  }

  private connectionRecord(id: number): StoredSshConnection {
    const c = this.records.connection(id);
    if (c === undefined) throw new AppError('NOT_FOUND', `SSH connection ${id} does not exist.`, { id });
    return c;
  }

  private repositoriesUsing(connectionId: number, repositories = this.deps.repositories()): number[] {
    return repositories
      .filter((r) => r.connection_id === connectionId || r.source_ssh_connection_id === connectionId)
      .map((r) => r.id);
  }

  private assertKeyExists(id: number): void {
    if (this.records.key(id) === undefined) throw new AppError('VALIDATION', `SSH key ${id} does not exist.`, { field: 'ssh_key_id' });
  }

  private assertConnectionNameFree(name: string, selfId: number | null): void {
    const wanted = name.trim().toLocaleLowerCase();
    if (this.records.connections().some((c) => c.id !== selfId && c.name !== null && c.name.trim().toLocaleLowerCase() === wanted)) {
      throw new AppError('CONFLICT', `An SSH connection named "${name.trim()}" already exists.`, { field: 'name' });
    }
  }

  // ---- host keys ----

  hostKey(connectionId: number): HostKeyInfo {
    const c = this.connectionRecord(connectionId);
    const pinned = preferredKey(this.knownHosts.pinned(c.host, c.port));
    return { host: c.host, port: c.port, fingerprint: pinned?.fingerprint ?? null, key_type: pinned?.keyType ?? null };
  }

  /** Pins the server's key, but only if the key it presents right now has the fingerprint the user confirmed. */
  async confirmHostKey(connectionId: number, fingerprint: string): Promise<HostKeyConfirmed> {
    const c = this.connectionRecord(connectionId);
    const scanned = await scanHostKeys(c.host, c.port, this.env);
    const match = scanned.find((k) => k.fingerprint === fingerprint);
    if (match === undefined) {
      const presented = preferredKey(scanned);
      throw new AppError(
        'HOST_KEY_CHANGED',
        `${c.host} port ${c.port} does not present the key you confirmed (${fingerprint}); it presents ${presented?.fingerprint ?? 'another key'}. Nothing was pinned.`,
        { host: c.host, port: c.port, expected_fingerprint: fingerprint, presented_fingerprint: presented?.fingerprint ?? null, key_type: presented?.keyType ?? null },
      );
    }
    const replaced = await this.mutex.run(() => this.knownHosts.pin(c.host, c.port, match));
    const previous = replaced.find((k) => k.fingerprint !== match.fingerprint);
    return { host: c.host, port: c.port, fingerprint: match.fingerprint, key_type: match.keyType, replaced_fingerprint: previous?.fingerprint ?? null };
  }

  /** The pinned keys for a connection's server, or HOST_KEY_UNKNOWN carrying the fingerprint it presents now. */
  private async assertHostKnown(c: StoredSshConnection): Promise<HostKey[]> {
    const pinned = this.knownHosts.pinned(c.host, c.port);
    if (pinned.length > 0) return pinned;
    const presented = preferredKey(await scanHostKeys(c.host, c.port, this.env)) as HostKey;
    throw new AppError(
      'HOST_KEY_UNKNOWN',
      `Borg Desk has not met ${c.host} port ${c.port} before. Check that its host key fingerprint is ${presented.fingerprint} (${presented.keyType}), then confirm it.`,
      { connection_id: c.id, host: c.host, port: c.port, fingerprint: presented.fingerprint, key_type: presented.keyType },
    );
  }

  private async hostKeyChanged(c: StoredSshConnection, pinned: HostKey[], sshMessage: string): Promise<AppError> {
    const expected = preferredKey(pinned);
    let presented = /The fingerprint for the \S+ key sent by the remote host is\s*(SHA256:[A-Za-z0-9+/]+)/.exec(sshMessage)?.[1] ?? null;
    let keyType: string | null = null;
    if (presented === null) {
      const scanned = await scanHostKeys(c.host, c.port, this.env).catch(() => [] as HostKey[]);
      const other = scanned.find((k) => k.keyType === expected?.keyType) ?? preferredKey(scanned);
      presented = other?.fingerprint ?? null;
      keyType = other?.keyType ?? null;
    }
    return new AppError(
      'HOST_KEY_CHANGED',
      `The host key of ${c.host} port ${c.port} has changed: Borg Desk pinned ${expected?.fingerprint ?? 'another key'}, the server now presents ${presented ?? 'a different key'}. ` +
        'This can mean someone is intercepting the connection, so it was refused. If the server was reinstalled or its keys renewed, check the new fingerprint and confirm it.',
      {
        connection_id: c.id,
        host: c.host,
        port: c.port,
        expected_fingerprint: expected?.fingerprint ?? null,
        presented_fingerprint: presented,
        key_type: keyType ?? expected?.keyType ?? null,
      },
    );
  }

  // ---- logging in ----

  /** How ssh authenticates with this key: the file, plus the app's agent when the key has a passphrase. */
  private async identity(key: StoredSshKey): Promise<SshIdentity> {
    const keyFile = this.files.pathFor(key.id);
    if (!this.files.has(key.id)) {
      throw new AppError('NOT_FOUND', `The private key file of SSH key "${key.name}" is missing (${keyFile}). Import the key again.`, { ssh_key_id: key.id });
    }
    if (!key.has_passphrase) return { keyFile, agentSocket: null };
    const passphrase = await this.deps.secrets.get(keySecret(key.id));
    if (passphrase === null) {
      throw new AppError(
        'PASSPHRASE_REQUIRED',
        `The SSH key "${key.name}" has a passphrase that Borg Desk does not hold (no system keyring to keep it). Unlock the key with its passphrase.`,
        { ssh_key_id: key.id, field: 'ssh_key_passphrase' },
      );
    }
    return { keyFile, agentSocket: await this.agent.add(keyFile, key.fingerprint, passphrase) };
  }

  /** Runs one command on the server with the key (BatchMode); ssh's own failures become precise AppErrors. */
  private async login(c: StoredSshConnection, key: StoredSshKey, command: string, pinned: HostKey[]): Promise<CommandResult> {
    const identity = await this.identity(key);
    const result = await runCommand({
      file: 'ssh',
      args: [...batchSshOptions(this.knownHosts.file, identity), '-p', String(c.port), '--', `${c.username}@${c.host}`, command],
      env: this.env,
      timeoutMs: TEST_TIMEOUT_MS,
    });
    if (result.code !== 255) return result;
    throw await this.sshError(c, key, pinned, result.stderr);
  }

  private async sshError(c: StoredSshConnection, key: StoredSshKey, pinned: HostKey[], stderr: string): Promise<AppError> {
    const code = sshFailureCode(stderr);
    const sshMessage = firstMeaningfulLine(stderr.split('\n').filter((l) => !/^[@ ]|^IT IS POSSIBLE|^Someone could|^It is also|^Please contact/.test(l)).join('\n'));
    if (code === 'HOST_KEY_CHANGED' || (code === 'HOST_KEY_UNKNOWN' && pinned.length > 0)) return this.hostKeyChanged(c, pinned, stderr);
    if (code === 'HOST_KEY_UNKNOWN') {
      return this.assertHostKnown(c).then(
        () => new AppError('HOST_KEY_UNKNOWN', `The host key of ${c.host} port ${c.port} is not pinned yet.`, { connection_id: c.id, host: c.host, port: c.port }),
        (error: AppError) => error,
      );
    }
    if (code === 'SSH_AUTH_FAILED') {
      return new AppError(
        'SSH_AUTH_FAILED',
        `${endpoint(c)} refused the SSH key "${key.name}" (${key.fingerprint}). Add its public key to ~/.ssh/authorized_keys of ${c.username} on the server (deploy it with the account's password), or choose another key.`,
        { connection_id: c.id, ssh_key_id: key.id, key_name: key.name, key_fingerprint: key.fingerprint, username: c.username, host: c.host, port: c.port, ...(sshMessage ? { ssh_message: sshMessage } : {}) },
      );
    }
    return new AppError(
      'SSH_CONNECTION_FAILED',
      `Could not connect to ${endpoint(c)}${sshMessage ? `: ${sshMessage}` : ''}. Check the host, the port and that the SSH server is running.`,
      { connection_id: c.id, host: c.host, port: c.port, ...(sshMessage ? { ssh_message: sshMessage } : {}) },
    );
  }

  /**
   * Appends the connection key's public key to ~/.ssh/authorized_keys on the server, logging in
   * once with the account's password. ssh runs on a pty and the password answers its prompt: it is
   * never in argv, the environment, a file or a log. The host key must already be pinned.
   */
  async deployKey(connectionId: number, password: string): Promise<KeyDeployResult> {
    const c = this.connectionRecord(connectionId);
    const key = this.keyRecord(c.ssh_key_id);
    const pinned = await this.assertHostKnown(c);
    try {
      await this.login(c, key, 'true', pinned);
      return { already_authorized: true, verified: true };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'SSH_AUTH_FAILED') throw error;
    }
    let sent = false;
    const result = await runPty({
      file: 'ssh',
      args: [...passwordSshOptions(this.knownHosts.file), '-p', String(c.port), '--', `${c.username}@${c.host}`, DEPLOY_SCRIPT],
      env: this.env,
      timeoutMs: DEPLOY_TIMEOUT_MS,
      rules: [
        { name: 'password', prompt: /password[^\n]*:\s*$/i, answer: password, times: 1 },
        { name: 'host-key', prompt: /continue connecting \(yes\/no/i, answer: null },
        { name: 'passphrase', prompt: /passphrase[^\n]*:\s*$/i, answer: null },
      ],
      onOutput: (seen, write) => {
        if (sent || !seen.includes(READY)) return;
        sent = true;
        // A blank line first, in case the file lacks a final newline; ^D on its own line ends cat's input.
        write(`\n${key.public_key}\n\u0004`);
      },
    });
    if (result.stopped?.reason === 'timeout') {
      throw new AppError('TIMEOUT', `${endpoint(c)} did not finish within ${DEPLOY_TIMEOUT_MS / 1000} s; the login was stopped.`, { timeout_ms: DEPLOY_TIMEOUT_MS });
    }
    if (result.stopped?.rule === 'password' || (!result.output.includes(READY) && /Permission denied/i.test(result.output))) {
      throw new AppError('SSH_AUTH_FAILED', `${endpoint(c)} refused the password for ${c.username}. (The server may also not allow password logins.)`, {
        connection_id: c.id,
        username: c.username,
        host: c.host,
        port: c.port,
        method: 'password',
      });
    }
    if (!result.output.includes(DONE) || result.exitCode !== 0) {
      if (!result.output.includes(READY)) throw await this.sshError(c, key, pinned, result.output);
      const serverMessage = firstMeaningfulLine(result.output.split(READY)[1]?.replace(key.public_key, '') ?? '');
      throw new AppError('SSH_CONNECTION_FAILED', `Logged in to ${endpoint(c)}, but could not add the key to ~/.ssh/authorized_keys${serverMessage ? `: ${serverMessage}` : ''}.`, {
        connection_id: c.id,
        stage: 'authorized_keys',
        ...(serverMessage ? { server_message: serverMessage } : {}),
      });
    }
    try {
      await this.login(c, key, 'true', pinned);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SSH_AUTH_FAILED') {
        throw new AppError(
          'SSH_AUTH_FAILED',
          `The key was added to ~/.ssh/authorized_keys of ${c.username} on ${c.host}, but the server still refuses it. The server may read keys from another file (AuthorizedKeysFile) or refuse the permissions of the home folder.`,
          { ...error.details, stage: 'verify' },
        );
      }
      throw error;
    }
    return { already_authorized: false, verified: true };
  }

  // ---- RemoteConnections (for the repository service) ----

  exists(connectionId: number): boolean {
    return this.records.connection(connectionId) !== undefined;
  }

  async describe(connectionId: number): Promise<{
    host: string;
    port: number;
    username: string;
    ssh_key_id: number | null;
    remote_path: string | null;
    default_path: string | null;
  }> {
    const c = this.records.connection(connectionId);
    if (c === undefined) throw new AppError('VALIDATION', `SSH connection ${connectionId} does not exist`, { field: 'connection_id' });
    return { host: c.host, port: c.port, username: c.username, ssh_key_id: c.ssh_key_id, remote_path: c.remote_path, default_path: c.default_path };
  }

  /**
   * BORG_RSH (and BORG_REMOTE_PATH) for borg to reach this connection. Fails fast with
   * HOST_KEY_UNKNOWN when the server's key was never confirmed, instead of letting ssh fail vaguely.
   */
  async borgEnv(connectionId: number): Promise<Record<string, string>> {
    const c = this.records.connection(connectionId);
    if (c === undefined) throw new AppError('VALIDATION', `SSH connection ${connectionId} does not exist`, { field: 'connection_id' });
    const key = this.records.key(c.ssh_key_id);
    if (key === undefined) throw new AppError('VALIDATION', `The SSH key of connection ${connectionId} no longer exists.`, { field: 'connection_id' });
    await this.assertHostKnown(c);
    const env: Record<string, string> = { BORG_RSH: borgRsh(this.knownHosts.file, await this.identity(key)) };
    // The repository's own --remote-path, when it has one, overrides this.
    if (c.remote_path !== null) env.BORG_REMOTE_PATH = c.remote_path;
    return env;
  }

  close(): Promise<void> {
    return this.agent.stop();
  }
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}
