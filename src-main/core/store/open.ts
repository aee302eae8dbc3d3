import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyValueStore, OpenStore, StoreOptions } from './types';

export interface OpenedStore {
  store: KeyValueStore;
  /** Set when the file could not be read and was kept aside: the UI tells the user. */
  recovered: { brokenFile: string; reason: string } | null;
}

/**
 * Opens a store; if its file is corrupt, keeps the broken file aside (never deletes it) and starts
 * from an empty one, reporting where the old file went.
 */
export function openStoreWithRecovery(open: OpenStore, options: StoreOptions, dataDir: string): OpenedStore {
  try {
    return { store: open(options), recovered: null };
  } catch (error) {
    const file = join(dataDir, `${options.configName}.json`);
    if (!existsSync(file)) throw error;
    const brokenFile = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, brokenFile);
    return { store: open(options), recovered: { brokenFile, reason: (error as Error).message } };
  }
}
