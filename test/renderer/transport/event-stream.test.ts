import { describe, expect, it, vi } from 'vitest';
import { createEventStream, parseSse } from '../../../src-renderer/transport/event-stream';

describe('parseSse', () => {
  it('splits complete events and keeps the unfinished rest', () => {
    const { messages, rest } = parseSse(': connected\n\nevent: repositories.changed\ndata: {"ids":[1]}\n\nevent: repositories.changed\ndata: {"id');
    expect(messages).toEqual([{ event: 'repositories.changed', data: '{"ids":[1]}' }]);
    expect(rest).toBe('event: repositories.changed\ndata: {"id');
  });

  it('joins multi-line data and accepts CRLF', () => {
    expect(parseSse('event: x\r\ndata: a\r\ndata: b\r\n\r\n').messages).toEqual([{ event: 'x', data: 'a\nb' }]);
  });
});

function streamOf(chunks: string[]): { body: ReadableStream<Uint8Array>; push: (s: string) => void } {
  const encoder = new TextEncoder();
  let push: (s: string) => void = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      push = (s) => controller.enqueue(encoder.encode(s));
    },
  });
  return { body, push: (s) => push(s) };
}

describe('createEventStream', () => {
  it('opens one authorized connection, delivers typed events split across chunks, and closes with the last subscriber', async () => {
    const { body, push } = streamOf([': connected\n\nevent: repositories.changed\ndata: {"ids"', ':[3]}\n\n']);
    let signal: AbortSignal | undefined;
    const fetchMock = vi.fn((_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      return Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }));
    });
    const stream = createEventStream({ url: '/api/events', fetch: fetchMock as unknown as typeof fetch, getToken: () => 'tok' });
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = stream.on('repositories.changed', first);
    const offSecond = stream.on('repositories.changed', second);
    await vi.waitFor(() => expect(first).toHaveBeenCalledWith({ ids: [3] }));
    expect(second).toHaveBeenCalledWith({ ids: [3] });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect((fetchMock.mock.calls[0]?.[1].headers as Record<string, string>).Authorization).toBe('Bearer tok');

    offFirst();
    push('event: repositories.changed\ndata: {"ids":[4]}\n\n');
    await vi.waitFor(() => expect(second).toHaveBeenCalledWith({ ids: [4] }));
    expect(first).toHaveBeenCalledTimes(1);
    expect(signal?.aborted).toBe(false);
    offSecond();
    expect(signal?.aborted).toBe(true);
  });

  it('signs out on 401 instead of retrying', async () => {
    const onUnauthorized = vi.fn();
    const fetchMock = vi.fn(() => Promise.resolve(new Response('{}', { status: 401 })));
    const stream = createEventStream({ url: '/api/events', fetch: fetchMock as unknown as typeof fetch, getToken: () => 'bad', onUnauthorized, backoff: () => 1 });
    const off = stream.on('repositories.changed', () => {});
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    off();
  });

  it('reconnects after the server drops, and tells subscribers to reload', async () => {
    let connections = 0;
    const fetchMock = vi.fn(() => {
      connections += 1;
      // The first connection ends at once; the second stays open.
      const { body } = streamOf(connections === 1 ? [] : [': hello\n\n']);
      if (connections === 1) return Promise.resolve(new Response('', { status: 200 }));
      return Promise.resolve(new Response(body, { status: 200 }));
    });
    const stream = createEventStream({ url: '/api/events', fetch: fetchMock as unknown as typeof fetch, getToken: () => 't', backoff: () => 1 });
    const listener = vi.fn();
    const off = stream.on('repositories.changed', listener);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(listener).toHaveBeenCalledWith({ ids: [] }));
    off();
  });
});
