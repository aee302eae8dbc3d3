import { existsSync, readdirSync, statSync, accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import prettyBytes from 'pretty-bytes';
import { borgInfo, borgInit, borgKeyExport, borgListArchives, type RepoInfo } from '../borg/commands';
import { localRepositoryId } from '../borg/repository-config';
import type { BorgRunner } from '../borg/runner';
import {
  KEYFILE_MODES,
  type CreateRepositoryInput,
  type RepositoryEncryption,
  type ImportRepositoryInput,
  type KeyfileExport,
  type Repository,
  type RepositoryChanges,
  type RepositoryDetails,
} from '../contract/repositories';
import type { z } from 'zod';
import { AppError, toErrorInfo } from '../errors';
import type { EventBus } from '../events/emitter';
import type { SecretStore } from '../secrets/types';
import { Mutex } from '../util/mutex';
import { borgTarget, targetOf, type BorgTarget, type RemoteConnections } from './access';
import type { RepositoryActivity } from './activity';
import { keyfileRepositoryId, type KeyfileVault } from './keyfiles';
import { formatLocation, locationKey, parseLocation, type Location } from './location';
import type { RepositoryRecords, StoredRepository } from './records';
import { mapBounded, refreshRecord } from './status';

type CreateParsed = z.output<typeof CreateRepositoryInput>;
type ImportParsed = z.output<typeof ImportRepositoryInput>;
type ChangesParsed = z.output<typeof RepositoryChanges>;

export interface RepositoryServiceDeps {
  records: RepositoryRecords;
  secrets: SecretStore;
  vault: KeyfileVault;
  runner: BorgRunner;
  connections: RemoteConnections;
  activity: RepositoryActivity;
  events: EventBus;
  now?: () => Date;
  /** How many repositories refresh at once. */
  refreshParallelism?: number;
}

const secretName = (id: number) => `repository:${id}:passphrase`;
const isKeyfileMode = (mode: string) => (KEYFILE_MODES as readonly string[]).includes(mode);
const KNOWN_ENCRYPTION = new Set(['repokey', 'keyfile', 'repokey-blake2', 'keyfile-blake2', 'none', 'authenticated', 'authenticated-blake2']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The record minus what stays inside the app (when its keyfile was exported). Copied key by key:
 * object rest over a record parsed from the store takes V8's slow path, 6 ms per 1,000 records
 * against 1.5 ms, and the list copies every record on every call.
 */
function withoutBackupMark(record: StoredRepository): Omit<StoredRepository, 'keyfile_backed_up_at'> {
  const copy: Partial<Record<keyof StoredRepository, unknown>> = {};
  for (const key of Object.keys(record) as Array<keyof StoredRepository>) {
    if (key !== 'keyfile_backed_up_at') copy[key] = record[key];
  }
  return copy as Omit<StoredRepository, 'keyfile_backed_up_at'>;
}

/** Every repository operation of the reference API, over real borg. */
export class RepositoryService {
  private readonly mutex = new Mutex();
  private readonly pendingNames = new Set<string>();
  private readonly pendingLocations = new Set<string>();
  private readonly now: () => Date;

  constructor(private readonly deps: RepositoryServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The wire form: stored record plus what is derived at the edge. */
  present(record: StoredRepository, hasKeyfile: boolean = this.deps.vault.has(record.id)): Repository {
    const derived: Omit<Repository, keyof StoredRepository> = {
      total_size: record.total_size_bytes === null ? null : prettyBytes(record.total_size_bytes),
      has_running_maintenance: this.deps.activity.hasMaintenance(record.id),
      has_keyfile: hasKeyfile,
    };
    return Object.assign(withoutBackupMark(record), derived);
  }

  list(): Repository[] {
    const keyfiles = this.deps.vault.held();
    return this.deps.records.all().map((r) => this.present(r, keyfiles.has(r.id)));
  }

  record(id: number): StoredRepository {
    const record = this.deps.records.get(id);
    if (record === undefined) throw new AppError('NOT_FOUND', `Repository ${id} does not exist.`, { id });
    return record;
  }

  async passphraseOf(id: number): Promise<string | null> {
    return this.deps.secrets.get(secretName(id));
  }

  /** How borg reaches this repository; read-only calls may bypass the lock in observe mode. */
  target(record: StoredRepository, readOnly: boolean): Promise<BorgTarget> {
    return targetOf(record, this.deps.vault, this.deps.connections, readOnly);
  }

  async get(id: number): Promise<RepositoryDetails> {
    const record = this.record(id);
    try {
      const target = await this.target(record, true);
      const passphrase = await this.passphraseOf(id);
      // One after the other: run together they collide on borg's lock about one time in three,
      // and borg then sleeps half a second before retrying.
      const info = await borgInfo(this.deps.runner, target, passphrase);
      const archives = await borgListArchives(this.deps.runner, target, passphrase);
      const last = archives.at(-1);
      return {
        repository: this.present(record),
        live: {
          borg_repository_id: info.id,
          encryption: info.encryption,
          location: info.location,
          total_size_bytes: info.totalSize,
          total_compressed_bytes: info.totalCompressed,
          unique_compressed_bytes: info.uniqueCompressed,
          archive_count: archives.length,
          newest_archive: last ? { name: last.name, time: last.start } : null,
        },
        live_error: null,
      };
    } catch (error) {
      const info = toErrorInfo(error);
      return { repository: this.present(record), live: null, live_error: { code: info.code, message: info.message } };
    }
  }

  async create(input: CreateParsed): Promise<Repository> {
    const location = await this.resolveLocation(input.path, input.connection_id ?? null);
    const release = await this.reserve(input.name, location, null);
    try {
      if (location.kind === 'local') this.checkCreatablePath(location.path);
      const id = this.deps.records.reserveId();
      const keyfile = isKeyfileMode(input.encryption);
      if (keyfile) this.deps.vault.ensureDir();
      const target = await borgTarget(
        {
          location,
          connectionId: input.connection_id ?? null,
          remotePath: input.remote_path ?? null,
          keyFile: keyfile ? this.deps.vault.pathFor(id) : null,
          bypassLock: false,
        },
        this.deps.connections,
      );
      const passphrase = input.encryption === 'none' ? null : (input.passphrase ?? null);
      await borgInit(this.deps.runner, target, input.encryption, passphrase);
      // The new repository's id, from what init wrote (its keyfile, or a local repository's
      // config) rather than from a second borg run; borg info when neither says.
      const borgId = (keyfile ? this.keyfileRepositoryIdOf(id) : null) ?? (location.kind === 'local' ? localRepositoryId(location.path) : null);
      const info = borgId === null ? await borgInfo(this.deps.runner, target, passphrase) : { id: borgId, uniqueCompressed: 0 };
      if (passphrase !== null) await this.deps.secrets.set(secretName(id), passphrase);
      const record = await this.newRecord(id, input, location, input.encryption, info);
      // A new repository's status is known without asking borg again: no archives, info's size.
      record.last_refresh_at = this.now().toISOString();
      this.deps.records.put(record);
      this.changed([id]);
      return this.present(record);
    } finally {
      release();
    }
  }

  async import(input: ImportParsed): Promise<Repository> {
    const location = await this.resolveLocation(input.path, input.connection_id ?? null);
    const release = await this.reserve(input.name, location, null);
    let staged: { path: string; commit(): void; discard(): void } | null = null;
    try {
      // Checked before an id is reserved: a refused keyfile must leave the stored records as they were.
      const keyfile = input.keyfile_content !== undefined && input.keyfile_content !== '' ? input.keyfile_content : null;
      const keyId = keyfile === null ? null : keyfileRepositoryId(keyfile);
      const id = this.deps.records.reserveId();
      if (keyfile !== null) staged = this.deps.vault.stage(id, keyfile);
      const target = await borgTarget(
        {
          location,
          connectionId: input.connection_id ?? null,
          remotePath: input.remote_path ?? null,
          keyFile: staged?.path ?? null,
          bypassLock: input.mode === 'observe' && input.bypass_lock,
        },
        this.deps.connections,
      );
      const passphrase = input.passphrase !== undefined && input.passphrase !== '' ? input.passphrase : null;
      const info = await borgInfo(this.deps.runner, target, passphrase);
      if (keyId !== null && keyId !== info.id) {
        throw new AppError('KEYFILE_MISMATCH', 'The keyfile does not belong to this repository.', { keyfile_repository_id: keyId, repository_id: info.id });
      }
      if (!KNOWN_ENCRYPTION.has(info.encryption)) {
        throw new AppError('VALIDATION', `borg reports an encryption mode Borg Desk does not know: ${info.encryption}`);
      }
      if (input.encryption !== undefined && input.encryption !== info.encryption) {
        throw new AppError('VALIDATION', `The repository uses ${info.encryption} encryption, not ${input.encryption}.`, { field: 'encryption' });
      }
      if (staged !== null && !isKeyfileMode(info.encryption)) {
        throw new AppError('VALIDATION', `This repository keeps its key inside (${info.encryption}); it needs no keyfile.`, { field: 'keyfile_content' });
      }
      let backedUp: string | null = null;
      if (staged !== null) {
        staged.commit();
        staged = null;
        backedUp = this.now().toISOString(); // the user supplied it, so a copy exists outside the app
      } else if (isKeyfileMode(info.encryption)) {
        // borg found the key in its own keys folder: keep the app's own copy so the record never depends on it.
        const exported = await borgKeyExport(this.deps.runner, target, passphrase, false);
        this.deps.vault.stage(id, exported).commit();
        backedUp = this.now().toISOString();
      }
      if (passphrase !== null) await this.deps.secrets.set(secretName(id), passphrase);
      const record = await this.newRecord(id, input, location, info.encryption as RepositoryEncryption, info);
      record.keyfile_backed_up_at = backedUp;
      this.deps.records.put(record);
      this.changed([id]);
      return this.present(await this.refreshOne(record));
    } finally {
      staged?.discard();
      release();
    }
  }

  async update(id: number, changes: ChangesParsed): Promise<Repository> {
    const current = this.record(id);
    const next: StoredRepository = { ...current };
    let newLocation: Location | null = null;
    if (changes.path !== undefined) {
      const location = await this.resolveLocation(changes.path, current.connection_id);
      if (locationKey(location) !== locationKey(parseLocation(current.path))) newLocation = location;
      next.path = formatLocation(location);
    }
    const assign = <K extends keyof ChangesParsed & keyof StoredRepository>(key: K) => {
      if (changes[key] !== undefined) (next as Record<string, unknown>)[key] = changes[key];
    };
    (
      [
        'name', 'compression', 'source_directories', 'exclude_patterns', 'mode', 'bypass_lock', 'custom_flags',
        'pre_backup_script', 'post_backup_script', 'hook_timeout', 'pre_hook_timeout', 'post_hook_timeout',
        'continue_on_hook_failure', 'archive_name_template',
      ] as const
    ).forEach(assign);
    if (changes.remote_path !== undefined) next.remote_path = changes.remote_path === '' ? null : changes.remote_path;
    if (changes.custom_flags !== undefined) next.custom_flags = changes.custom_flags === null || changes.custom_flags.trim() === '' ? null : changes.custom_flags;
    if (next.bypass_lock && next.mode !== 'observe') {
      throw new AppError('VALIDATION', 'bypass_lock is only allowed in observe mode', { field: 'bypass_lock' });
    }
    if (next.mode === 'full' && next.source_directories.length === 0) {
      throw new AppError('VALIDATION', 'source_directories needs at least one directory in full mode (or use observe mode)', { field: 'source_directories' });
    }
    if (changes.source_connection_id !== undefined) {
      if (changes.source_connection_id !== null && !this.deps.connections.exists(changes.source_connection_id)) {
        throw new AppError('VALIDATION', `SSH connection ${changes.source_connection_id} does not exist`, { field: 'source_connection_id' });
      }
      next.source_ssh_connection_id = changes.source_connection_id;
    }

    const release = await this.reserve(next.name, newLocation, id);
    try {
      if (newLocation !== null || changes.passphrase !== undefined) this.deps.activity.assertIdle(id, 'change its path or passphrase');
      let passphrase = await this.passphraseOf(id);
      if (changes.passphrase !== undefined) {
        if (passphrase === null || changes.current_passphrase === undefined || !sameSecret(passphrase, changes.current_passphrase)) {
          throw new AppError('PASSPHRASE_WRONG', 'The current passphrase does not match the one Borg Desk holds; the stored passphrase was not changed.', {
            field: 'current_passphrase',
          });
        }
        passphrase = changes.passphrase;
      }
      if (newLocation !== null || changes.passphrase !== undefined) {
        // Verify against borg: an edit never creates or swaps a repository, and never stores a passphrase that does not open it.
        const info = await borgInfo(this.deps.runner, await this.target(next, true), passphrase);
        if (current.borg_repository_id !== null && info.id !== current.borg_repository_id) {
          throw new AppError('CONFLICT', 'The new path holds a different borg repository; the path was not changed.', {
            field: 'path',
            expected_repository_id: current.borg_repository_id,
            found_repository_id: info.id,
          });
        }
        next.borg_repository_id = info.id;
      }
      if (changes.passphrase !== undefined && passphrase !== null) await this.deps.secrets.set(secretName(id), passphrase);
      next.updated_at = this.now().toISOString();
      this.deps.records.put(next);
      this.changed([id]);
      return this.present(next);
    } finally {
      release();
    }
  }

  async delete(id: number, confirmKeyfileLoss: boolean): Promise<{ id: number; keyfile_kept_at: string | null }> {
    return this.mutex.run(async () => {
      const record = this.record(id);
      this.deps.activity.assertIdle(id, 'remove it');
      if (this.deps.vault.has(id) && record.keyfile_backed_up_at === null && !confirmKeyfileLoss) {
        throw new AppError(
          'CONFLICT',
          'Borg Desk holds the only copy of this repository’s keyfile. Export it first, or confirm that you accept losing access.',
          { keyfile_at_risk: true },
        );
      }
      // The keyfile is moved aside, never deleted: a mistaken removal can still be undone by hand.
      const kept = this.deps.vault.retire(id, record.borg_repository_id);
      this.deps.records.remove(id);
      await this.deps.secrets.delete(secretName(id));
      this.changed([id]);
      return { id, keyfile_kept_at: kept };
    });
  }

  async uploadKeyfile(id: number, content: string): Promise<Repository> {
    const record = this.record(id);
    if (!isKeyfileMode(record.encryption)) {
      throw new AppError('VALIDATION', `This repository uses ${record.encryption} encryption; only keyfile repositories take a keyfile.`, { field: 'keyfile' });
    }
    const keyId = keyfileRepositoryId(content);
    if (record.borg_repository_id !== null && keyId !== record.borg_repository_id) {
      throw new AppError('KEYFILE_MISMATCH', 'The keyfile does not belong to this repository: its id is another repository’s.', {
        keyfile_repository_id: keyId,
        repository_id: record.borg_repository_id,
      });
    }
    const staged = this.deps.vault.stage(id, content);
    try {
      const target = await this.target(record, true);
      target.env.BORG_KEY_FILE = staged.path;
      await borgInfo(this.deps.runner, target, await this.passphraseOf(id));
    } catch (error) {
      staged.discard();
      throw error;
    }
    const next = await this.mutex.run(() => {
      const latest = this.record(id);
      staged.commit();
      const updated = { ...latest, keyfile_backed_up_at: this.now().toISOString(), updated_at: this.now().toISOString() };
      this.deps.records.put(updated);
      return updated;
    });
    this.changed([id]);
    return this.present(await this.refreshOne(next));
  }

  async exportKeyfile(id: number, format: 'keyfile' | 'paper'): Promise<KeyfileExport> {
    const record = this.record(id);
    if (record.encryption === 'none') {
      throw new AppError('VALIDATION', 'This repository is not encrypted, so it has no key to export.');
    }
    const content = await borgKeyExport(this.deps.runner, await this.target(record, false), await this.passphraseOf(id), format === 'paper');
    await this.mutex.run(() => {
      const latest = this.deps.records.get(id);
      if (latest !== undefined) this.deps.records.put({ ...latest, keyfile_backed_up_at: this.now().toISOString() });
    });
    const safeName = record.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || `repository-${id}`;
    return { filename: `${safeName}${format === 'paper' ? '.paper-key.txt' : '.borg-key'}`, content, format };
  }

  /** Refreshes one or all repositories' status from borg, a few at a time. */
  async refresh(id?: number): Promise<Repository[]> {
    const records = id === undefined ? this.deps.records.all() : [this.record(id)];
    const refreshed = await mapBounded(records, this.deps.refreshParallelism ?? 4, (r) => this.refreshOne(r));
    this.changed(refreshed.map((r) => r.id));
    return refreshed.map((r) => this.present(r));
  }

  async refreshOne(record: StoredRepository): Promise<StoredRepository> {
    const updated = await refreshRecord(this.deps.runner, record, () => this.target(record, true), await this.passphraseOf(record.id), this.now);
    return this.mutex.run(() => {
      const latest = this.deps.records.get(record.id);
      if (latest === undefined) return updated; // removed meanwhile: do not resurrect it
      const merged: StoredRepository = {
        ...latest,
        borg_repository_id: updated.borg_repository_id,
        total_size_bytes: updated.total_size_bytes,
        archive_count: updated.archive_count,
        last_backup: updated.last_backup,
        last_refresh_at: updated.last_refresh_at,
        last_refresh_error: updated.last_refresh_error,
      };
      this.deps.records.put(merged);
      return merged;
    });
  }

  /** Updates stored fields after a job (last_check, last_compact ...), then refreshes status. */
  async markJobResult(id: number, patch: Partial<Pick<StoredRepository, 'last_check' | 'last_compact'>>): Promise<void> {
    await this.mutex.run(() => {
      const latest = this.deps.records.get(id);
      if (latest !== undefined) this.deps.records.put({ ...latest, ...patch });
    });
    const latest = this.deps.records.get(id);
    if (latest !== undefined) await this.refreshOne(latest);
    this.changed([id]);
  }

  private changed(ids: number[]): void {
    this.deps.events.emit('repositories.changed', { ids });
  }

  private async resolveLocation(path: string, connectionId: number | null): Promise<Location> {
    if (connectionId === null) {
      const location = parseLocation(path);
      if (location.kind === 'ssh') {
        throw new AppError('VALIDATION', 'A repository on a server needs an SSH connection (connection_id), so its host key and login key are known.', {
          field: 'connection_id',
        });
      }
      return location;
    }
    const connection = await this.deps.connections.describe(connectionId);
    let remotePath = path.trim();
    if (remotePath.startsWith('ssh://')) {
      const parsed = parseLocation(remotePath);
      if (parsed.kind !== 'ssh' || parsed.host !== connection.host.toLowerCase().replace(/^\[|\]$/g, '') || parsed.port !== connection.port || (parsed.username ?? connection.username) !== connection.username) {
        throw new AppError('VALIDATION', 'The ssh:// path names another server than the chosen SSH connection.', { field: 'path' });
      }
      remotePath = parsed.path;
    } else if (!remotePath.startsWith('/') && connection.default_path) {
      remotePath = `${connection.default_path.replace(/\/+$/, '')}/${remotePath}`;
    }
    const host = connection.host.includes(':') ? `[${connection.host}]` : connection.host;
    return parseLocation(`ssh://${encodeURIComponent(connection.username)}@${host}:${connection.port}${remotePath.startsWith('/') ? '' : '/'}${remotePath}`);
  }

  /** Claims a name and location until the returned release; refuses ones taken by a record or a pending call. */
  private reserve(name: string, location: Location | null, selfId: number | null): Promise<() => void> {
    return this.mutex.run(() => {
      const nameKey = name.trim().toLocaleLowerCase();
      const locKey = location === null ? null : locationKey(location);
      const others = this.deps.records.all().filter((r) => r.id !== selfId);
      if (this.pendingNames.has(nameKey) || others.some((r) => r.name.trim().toLocaleLowerCase() === nameKey)) {
        throw new AppError('CONFLICT', `A repository named "${name.trim()}" already exists.`, { field: 'name' });
      }
      if (locKey !== null && (this.pendingLocations.has(locKey) || others.some((r) => locationKey(parseLocation(r.path)) === locKey))) {
        throw new AppError('CONFLICT', 'Another repository in Borg Desk already uses this path.', { field: 'path' });
      }
      this.pendingNames.add(nameKey);
      if (locKey !== null) this.pendingLocations.add(locKey);
      return () => {
        this.pendingNames.delete(nameKey);
        if (locKey !== null) this.pendingLocations.delete(locKey);
      };
    });
  }

  private checkCreatablePath(path: string): void {
    if (existsSync(path)) {
      const stat = statSync(path);
      if (!stat.isDirectory()) throw new AppError('VALIDATION', 'The path is a file, not a directory.', { field: 'path' });
      const entries = readdirSync(path);
      if (entries.includes('config') && entries.includes('data')) {
        throw new AppError('REPO_EXISTS', 'A borg repository already exists at this path. Import it instead of creating a new one.', { field: 'path' });
      }
      if (entries.length > 0) {
        throw new AppError('CONFLICT', 'The directory is not empty. Choose an empty or new directory for a new repository.', { field: 'path' });
      }
      this.assertWritable(path);
      return;
    }
    let parent = dirname(path);
    while (!existsSync(parent) && parent !== dirname(parent)) parent = dirname(parent);
    if (parent !== dirname(path)) {
      throw new AppError('VALIDATION', `The parent directory ${dirname(path)} does not exist.`, { field: 'path' });
    }
    this.assertWritable(parent);
  }

  private assertWritable(dir: string): void {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new AppError('VALIDATION', `Borg Desk cannot write to ${dir}.`, { field: 'path' });
    }
  }

  /** The repository id in the header of the keyfile the vault holds for a record, or null. */
  private keyfileRepositoryIdOf(id: number): string | null {
    try {
      return keyfileRepositoryId(this.deps.vault.read(id));
    } catch {
      return null;
    }
  }

  private async newRecord(
    id: number,
    input: CreateParsed | ImportParsed,
    location: Location,
    encryption: RepositoryEncryption,
    info: Pick<RepoInfo, 'id' | 'uniqueCompressed'>,
  ): Promise<StoredRepository> {
    const now = this.now().toISOString();
    const connectionId = input.connection_id ?? null;
    const connection = connectionId !== null ? await this.deps.connections.describe(connectionId) : null;
    if (input.source_connection_id != null && !this.deps.connections.exists(input.source_connection_id)) {
      throw new AppError('VALIDATION', `SSH connection ${input.source_connection_id} does not exist`, { field: 'source_connection_id' });
    }
    return {
      id,
      name: input.name,
      path: formatLocation(location),
      encryption,
      compression: input.compression,
      source_directories: input.source_directories,
      exclude_patterns: input.exclude_patterns,
      repository_type: location.kind === 'ssh' ? 'ssh' : 'local',
      host: location.kind === 'ssh' ? location.host : null,
      port: location.kind === 'ssh' ? location.port : null,
      username: location.kind === 'ssh' ? location.username : null,
      ssh_key_id: connection?.ssh_key_id ?? null,
      connection_id: connectionId,
      remote_path: input.remote_path ? input.remote_path : (connection?.remote_path ?? null),
      last_backup: null,
      last_check: null,
      last_compact: null,
      total_size_bytes: info.uniqueCompressed,
      archive_count: 0,
      created_at: now,
      updated_at: now,
      pre_backup_script: input.pre_backup_script ?? null,
      post_backup_script: input.post_backup_script ?? null,
      hook_timeout: input.hook_timeout,
      pre_hook_timeout: input.pre_hook_timeout,
      post_hook_timeout: input.post_hook_timeout,
      continue_on_hook_failure: input.continue_on_hook_failure,
      mode: input.mode,
      bypass_lock: input.bypass_lock,
      custom_flags: input.custom_flags && input.custom_flags.trim() !== '' ? input.custom_flags : null,
      archive_name_template: input.archive_name_template,
      source_ssh_connection_id: input.source_connection_id ?? null,
      borg_repository_id: info.id,
      last_refresh_at: null,
      last_refresh_error: null,
      keyfile_backed_up_at: null,
    };
  }
}
