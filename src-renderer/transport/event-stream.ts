import type { EventName, Events } from '../lib/contract';

export interface SseMessage {
  event: string;
  data: string;
}

/** Splits complete server-sent events off the front of a buffer; returns them and the unfinished rest. */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages: SseMessage[] = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

interface EventStreamOptions {
  url: string;
  fetch: typeof fetch;
  getToken: () => string | null;
  onUnauthorized?: () => void;
  /** Delay before reconnect attempt n (0-based); tests shorten it. */
  backoff?: (attempt: number) => number;
}

type Listener = (payload: unknown) => void;

/**
 * One shared SSE connection (GET /api/events) for all subscribers, read with fetch because
 * EventSource cannot send the Authorization header. Opens with the first subscriber, closes
 * with the last, and reconnects with backoff when the server goes away.
 */
export function createEventStream(options: EventStreamOptions) {
  const listeners = new Map<string, Set<Listener>>();
  const backoff = options.backoff ?? ((attempt: number) => Math.min(30_000, 1000 * 2 ** attempt));
  let controller: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let connectedBefore = false;

  const subscriberCount = (): number => [...listeners.values()].reduce((n, set) => n + set.size, 0);

  const dispatch = (event: string, payload: unknown): void => {
    listeners.get(event)?.forEach((listener) => listener(payload));
  };

  const stop = (): void => {
    controller?.abort();
    controller = null;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  };

  const scheduleReconnect = (): void => {
    if (subscriberCount() === 0 || retryTimer !== null) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, backoff(attempt++));
  };

  async function connect(): Promise<void> {
    if (controller !== null || subscriberCount() === 0) return;
    const own = new AbortController();
    controller = own;
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      const token = options.getToken();
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      const response = await options.fetch(options.url, { headers, signal: own.signal, cache: 'no-store', credentials: 'omit' });
      if (response.status === 401) {
        controller = null;
        options.onUnauthorized?.();
        return;
      }
      if (!response.ok || response.body === null) throw new Error(`events: ${response.status}`);
      attempt = 0;
      // Events sent while we were away are lost: tell subscribers to reload everything.
      if (connectedBefore) dispatch('repositories.changed', { ids: [] });
      connectedBefore = true;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const parsed = parseSse(buffer);
        buffer = parsed.rest;
        for (const message of parsed.messages) {
          try {
            dispatch(message.event, JSON.parse(message.data));
          } catch {
            // A line that is not JSON is not one of our events; skip it.
          }
        }
      }
    } catch {
      if (own.signal.aborted) return;
    }
    if (controller === own) {
      controller = null;
      scheduleReconnect();
    }
  }

  return {
    on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void {
      const listener = cb as Listener;
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      void connect();
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.get(event)?.delete(listener);
        if (subscriberCount() === 0) stop();
      };
    },
  };
}
