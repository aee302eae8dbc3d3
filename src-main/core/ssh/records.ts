import type { SshConnection, SshKey } from '../contract/ssh';
import type { KeyValueStore, StoreOptions } from '../store/types';

/** A key as stored: the wire record less what is derived (usage, whether its passphrase is held). */
export type StoredSshKey = Omit<SshKey, 'connection_ids' | 'passphrase_stored'>;

/** A connection as stored: the wire record less what is derived (pinned host key, usage). */
export type StoredSshConnection = Omit<SshConnection, 'host_key_fingerprint' | 'repository_ids'>;

export const SSH_STORE: StoreOptions = {
  configName: 'ssh',
  projectVersion: '1.0.0',
  defaults: { keys: [], connections: [], next_key_id: 1, next_connection_id: 1 },
  migrations: {
    '1.0.0': (store) => {
      if (!Array.isArray(store.get('keys'))) store.set('keys', []);
      if (!Array.isArray(store.get('connections'))) store.set('connections', []);
      if (typeof store.get('next_key_id') !== 'number') store.set('next_key_id', 1);
      if (typeof store.get('next_connection_id') !== 'number') store.set('next_connection_id', 1);
    },
  },
};

type Collection = 'keys' | 'connections';
const NEXT: Record<Collection, string> = { keys: 'next_key_id', connections: 'next_connection_id' };

/** SSH keys and connections over conf / electron-store; every write is one atomic file replace. */
export class SshRecords {
  constructor(private readonly kv: KeyValueStore) {}

  keys(): StoredSshKey[] {
    return this.all('keys') as StoredSshKey[];
  }
  key(id: number): StoredSshKey | undefined {
    return this.keys().find((k) => k.id === id);
  }
  putKey(record: StoredSshKey): void {
    this.put('keys', record);
  }
  removeKey(id: number): void {
    this.remove('keys', id);
  }
  reserveKeyId(): number {
    return this.reserve('keys');
  }

  connections(): StoredSshConnection[] {
    return this.all('connections') as StoredSshConnection[];
  }
  connection(id: number): StoredSshConnection | undefined {
    return this.connections().find((c) => c.id === id);
  }
  putConnection(record: StoredSshConnection): void {
    this.put('connections', record);
  }
  removeConnection(id: number): void {
    this.remove('connections', id);
  }
  reserveConnectionId(): number {
    return this.reserve('connections');
  }

  private all(collection: Collection): { id: number }[] {
    const value = this.kv.get(collection);
    return Array.isArray(value) ? (value as { id: number }[]) : [];
  }

  private put(collection: Collection, record: { id: number }): void {
    const all = this.all(collection);
    const index = all.findIndex((r) => r.id === record.id);
    if (index === -1) all.push(record);
    else all[index] = record;
    this.kv.set(collection, all);
  }

  private remove(collection: Collection, id: number): void {
    this.kv.set(
      collection,
      this.all(collection).filter((r) => r.id !== id),
    );
  }

  /** An id never handed out again, even if its record is never written. */
  private reserve(collection: Collection): number {
    const next = this.kv.get(NEXT[collection]);
    const id = typeof next === 'number' && next > 0 ? next : Math.max(0, ...this.all(collection).map((r) => r.id)) + 1;
    this.kv.set(NEXT[collection], id + 1);
    return id;
  }
}
