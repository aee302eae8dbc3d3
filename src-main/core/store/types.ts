/** What the core needs from conf / electron-store (both satisfy it). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly path: string;
}

/** Options the core hands to whoever constructs the store (conf headless, electron-store in the app). */
export interface StoreOptions {
  configName: string;
  projectVersion: string;
  defaults: Record<string, unknown>;
  migrations: Record<string, (store: { get(key: string): unknown; set(key: string, value: unknown): void }) => void>;
}

export type OpenStore = (options: StoreOptions) => KeyValueStore;
