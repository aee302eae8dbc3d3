import type { Repository } from '../contract';
import { DEFAULT_ARCHIVE_NAME_TEMPLATE } from '../contract/repositories';
import type { KeyValueStore, StoreOptions } from '../store/types';

/** What is stored per repository: the wire record less what is derived at the edge. */
export type StoredRepository = Omit<Repository, 'total_size' | 'has_running_maintenance' | 'has_keyfile'> & {
  /** When a copy of the keyfile was known to exist outside the app (exported, uploaded, found in borg's keys dir); null: never. */
  keyfile_backed_up_at: string | null;
};

export const REPOSITORY_STORE: StoreOptions = {
  configName: 'repositories',
  projectVersion: '1.1.0',
  defaults: { repositories: [], next_id: 1 },
  migrations: {
    '1.0.0': (store) => {
      if (!Array.isArray(store.get('repositories'))) store.set('repositories', []);
      if (typeof store.get('next_id') !== 'number') store.set('next_id', 1);
    },
    // 1.1.0: backups name archives from a per-repository template.
    '1.1.0': (store) => {
      const records = store.get('repositories');
      if (!Array.isArray(records)) return;
      store.set(
        'repositories',
        records.map((r: Record<string, unknown>) =>
          typeof r.archive_name_template === 'string' ? r : { ...r, archive_name_template: DEFAULT_ARCHIVE_NAME_TEMPLATE },
        ),
      );
    },
  },
};

/**
 * The repository records over conf / electron-store. Every write is one atomic file replace.
 * Reads come from memory: this process is the file's only writer, and conf would otherwise
 * re-read and parse the whole file on every get (3.5 ms at 1,000 records).
 */
export class RepositoryRecords {
  private cache: StoredRepository[];

  constructor(private readonly kv: KeyValueStore) {
    const value = kv.get('repositories');
    this.cache = Array.isArray(value) ? (value as StoredRepository[]) : [];
  }

  /** A copy: callers may sort or filter it without touching the records. */
  all(): StoredRepository[] {
    return [...this.cache];
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
    this.write(all);
  }

  remove(id: number): void {
    this.write(this.all().filter((r) => r.id !== id));
  }

  /** File first: if the write fails, memory still matches what is on disk. */
  private write(all: StoredRepository[]): void {
    this.kv.set('repositories', all);
    this.cache = all;
  }
}
