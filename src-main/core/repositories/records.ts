import type { Repository } from '../contract';
import type { KeyValueStore, StoreOptions } from '../store/types';

/** What is stored per repository: the wire record less what is derived at the edge. */
export type StoredRepository = Omit<Repository, 'total_size' | 'has_running_maintenance' | 'has_keyfile'> & {
  /** When a copy of the keyfile was known to exist outside the app (exported, uploaded, found in borg's keys dir); null: never. */
  keyfile_backed_up_at: string | null;
};

export const REPOSITORY_STORE: StoreOptions = {
  configName: 'repositories',
  projectVersion: '1.0.0',
  defaults: { repositories: [], next_id: 1 },
  migrations: {
    '1.0.0': (store) => {
      if (!Array.isArray(store.get('repositories'))) store.set('repositories', []);
      if (typeof store.get('next_id') !== 'number') store.set('next_id', 1);
    },
  },
};

/** The repository records over conf / electron-store. Every write is one atomic file replace. */
export class RepositoryRecords {
  constructor(private readonly kv: KeyValueStore) {}

  all(): StoredRepository[] {
    const value = this.kv.get('repositories');
    return Array.isArray(value) ? (value as StoredRepository[]) : [];
  }

  get(id: number): StoredRepository | undefined {
    return this.all().find((r) => r.id === id);
  }

  /** Reserves an id that is never handed out again, even if the record is never written. */
  reserveId(): number {
    const next = this.kv.get('next_id');
    const id = typeof next === 'number' && next > 0 ? next : Math.max(0, ...this.all().map((r) => r.id)) + 1;
    this.kv.set('next_id', id + 1);
    return id;
  }

  put(record: StoredRepository): void {
    const all = this.all();
    const index = all.findIndex((r) => r.id === record.id);
    if (index === -1) all.push(record);
    else all[index] = record;
    this.kv.set('repositories', all);
  }

  remove(id: number): void {
    this.kv.set(
      'repositories',
      this.all().filter((r) => r.id !== id),
    );
  }
}
