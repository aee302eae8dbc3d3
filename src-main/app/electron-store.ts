/**
 * The core's OpenStore backed by electron-store: files in the app's userData directory,
 * atomic writes, versioned migrations (the same format conf writes headless).
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import ElectronStore, { type Options } from 'electron-store';
import type { KeyValueStore, OpenStore, StoreOptions } from '../core/store/types';

// electron-store hides projectVersion from its option type but honours it at run time
// (it defaults it to app.getVersion()); the core versions its schema separately from the app.
type ElectronStoreOptions = Options<Record<string, unknown>> & { projectVersion: string };

export const openElectronStore: OpenStore = (options: StoreOptions): KeyValueStore => {
  const storeOptions: ElectronStoreOptions = {
    name: options.configName,
    projectVersion: options.projectVersion,
    defaults: options.defaults,
    migrations: options.migrations,
    configFileMode: 0o600,
  };
  return new ElectronStore<Record<string, unknown>>(storeOptions);
};

/**
 * The file that holds safeStorage ciphertext, apart from the records. Not `secrets.json`: that is
 * the headless server's AES-GCM file, and both may share one data directory.
 */
export function openSecretsFile(dataDir: string, warn: (message: string) => void): ElectronStore<Record<string, unknown>> {
  const open = () => new ElectronStore<Record<string, unknown>>({ name: 'safe-storage-secrets', cwd: dataDir, configFileMode: 0o600 });
  try {
    return open();
  } catch (error) {
    // A damaged file is kept aside, never deleted, and the app starts: passphrases are asked for again.
    const file = join(dataDir, 'safe-storage-secrets.json');
    if (!existsSync(file)) throw error;
    const brokenFile = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, brokenFile);
    warn(`The stored passphrases could not be read and were kept aside as ${brokenFile}.`);
    return open();
  }
}
