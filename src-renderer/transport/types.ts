import type { EventName, Events, OpenedFile, OperationInput, OperationName, OperationOutput, Role } from '../lib/contract';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/**
 * How the renderer reaches the core: IPC in Electron, REST in a browser.
 * Components never see envelopes or HTTP; they get values or a thrown TransportError.
 */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  /** Runs one operation; throws a TransportError when the reply is not ok. */
  call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  /** Subscribes to a push event; the returned function removes exactly this subscription. */
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void;
  /** Lets the user choose a file and returns its text, or null when they cancel. */
  openFile(options: { title?: string; filters?: FileFilter[] }): Promise<OpenedFile | null>;
  /** False in a browser, where the server's file system cannot be browsed: the user types paths. */
  readonly canPickDirectory: boolean;
  /** A native folder picker; null when cancelled or unavailable. */
  pickDirectory(options?: { title?: string }): Promise<string | null>;
  /** Saves text to a file of the user's choosing; false when they cancel. */
  saveFile(options: { default_name: string; content: string; title?: string }): Promise<boolean>;
  /** The role of the current credentials; throws TransportError UNAUTHORIZED when there are none. */
  whoami(): Promise<Role>;
}
