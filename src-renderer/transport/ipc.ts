import type { Api, Envelope, EventName, Events, OperationInput, OperationName, OperationOutput } from '../lib/contract';
import { TransportError } from './transport-error';
import type { Transport } from './types';

/** The shape of `window.borgDesk`, as the preload exposes it (src-preload/types.ts). */
export type BorgDeskBridge = Api & {
  on<K extends EventName>(name: K, listener: (payload: Events[K]) => void): () => void;
};

declare global {
  interface Window {
    borgDesk?: BorgDeskBridge;
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  const { code, message, details } = envelope.error;
  throw new TransportError(code, message, details);
}

/** The desktop transport: every call goes through the preload bridge, dialogs are native. */
export function createIpcTransport(bridge: BorgDeskBridge): Transport {
  async function call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
    // TypeScript cannot correlate the indexed function with K; the Api type guarantees it.
    const fn = bridge[op] as unknown as (input: OperationInput<K>) => Promise<Envelope<OperationOutput<K>>>;
    return unwrap(await fn(input));
  }

  return {
    kind: 'ipc',
    canPickDirectory: true,
    call,
    on: (event, cb) => bridge.on(event, cb),
    openFile: (options) => call('dialog.openFile', options),
    pickDirectory: (options = {}) => call('dialog.pickDirectory', options),
    saveFile: async ({ default_name, content, title }) => {
      const result = await call('dialog.saveFile', title === undefined ? { default_name, content } : { default_name, content, title });
      return result.saved;
    },
    // Whoever runs the desktop app owns it.
    whoami: () => Promise.resolve('admin'),
  };
}
