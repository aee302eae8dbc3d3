/**
 * The core's OpenStore backed by electron-store: files in the app's userData directory,
 * atomic writes, versioned migrations (the same format conf writes headless).
 */
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
export function openSecretsFile(): ElectronStore<Record<string, unknown>> {
  return new ElectronStore<Record<string, unknown>>({ name: 'safe-storage-secrets', configFileMode: 0o600 });
}
