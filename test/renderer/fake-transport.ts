/**
 * A transport typed against the contract: handlers answer operations, every call is recorded,
 * and an operation without a handler fails loudly so a test cannot pass by accident.
 */
import type { EventName, Events, OpenedFile, OperationInput, OperationName, OperationOutput, Role } from '../../src-renderer/lib/contract';
import { TransportError } from '../../src-renderer/transport/transport-error';
import type { Transport } from '../../src-renderer/transport/types';
import { makeSystemInfo } from './fixtures';

export type Handlers = {
  [K in OperationName]?: (input: OperationInput<K>) => OperationOutput<K> | Promise<OperationOutput<K>>;
};

export interface RecordedCall {
  op: OperationName;
  input: unknown;
}

export interface FakeTransport extends Transport {
  calls: RecordedCall[];
  /** The inputs of every call to one operation, in order. */
  inputsOf<K extends OperationName>(op: K): Array<OperationInput<K>>;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  listenerCount(event: EventName): number;
  /** What the next openFile() returns. */
  nextOpenedFile: OpenedFile | null;
  /** What the next pickDirectory() returns. */
  nextPickedDirectory: string | null;
  saved: Array<{ default_name: string; content: string }>;
  handlers: Handlers;
}

export function createFakeTransport(
  handlers: Handlers = {},
  options: { role?: Role; canPickDirectory?: boolean; kind?: 'ipc' | 'http' } = {},
): FakeTransport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // Every screen asks for system info and the running jobs; a test overrides them when they matter.
  const all: Handlers = { 'system.info': () => makeSystemInfo(), 'jobs.list': () => [], ...handlers };
  const fake: FakeTransport = {
    kind: options.kind ?? 'ipc',
    canPickDirectory: options.canPickDirectory ?? false,
    calls: [],
    handlers: all,
    nextOpenedFile: null,
    nextPickedDirectory: null,
    saved: [],
    async call<K extends OperationName>(op: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
      fake.calls.push({ op, input });
      const handler = fake.handlers[op] as ((input: OperationInput<K>) => OperationOutput<K> | Promise<OperationOutput<K>>) | undefined;
      if (handler === undefined) throw new TransportError('INTERNAL', `fake transport: no handler for ${op}`);
      // A real transport hands over a copy; so does the fake, so tests see the input as sent.
      return handler(structuredClone(input));
    },
    inputsOf<K extends OperationName>(op: K): Array<OperationInput<K>> {
      return fake.calls.filter((c) => c.op === op).map((c) => c.input as OperationInput<K>);
    },
    on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const listener = cb as (payload: unknown) => void;
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event, payload) {
      listeners.get(event)?.forEach((l) => l(payload));
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    openFile: () => Promise.resolve(fake.nextOpenedFile),
    pickDirectory: () => Promise.resolve(fake.nextPickedDirectory),
    saveFile: ({ default_name, content }) => {
      fake.saved.push({ default_name, content });
      return Promise.resolve(true);
    },
    whoami: () => Promise.resolve(options.role ?? 'admin'),
  };
  return fake;
}
