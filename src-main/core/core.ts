import type { CoreOperationName, OperationOutput } from './contract';
import type { EventBus } from './events/emitter';
import type { SecretStore } from './secrets/types';
import type { OpenStore } from './store/types';

export interface CoreDeps {
  /** Where the app keeps its own files: keyfiles, ssh keys, known_hosts, secrets (headless). */
  dataDir: string;
  openStore: OpenStore;
  secrets: SecretStore;
  mode: 'desktop' | 'server';
  appVersion: string;
  /** Explicit borg binary; otherwise found on PATH. */
  borgPath?: string;
  /** Environment for borg and ssh children (defaults to process.env). Tests pass a temp BORG_BASE_DIR here. */
  env?: NodeJS.ProcessEnv;
}

/** The one entry both front doors use: validate, run, answer typed output or throw AppError. */
export interface Core {
  invoke<K extends CoreOperationName>(op: K, input: unknown): Promise<OperationOutput<K>>;
  readonly events: EventBus;
  close(): Promise<void>;
}
