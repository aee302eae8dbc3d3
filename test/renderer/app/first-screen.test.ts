import { describe, expect, it, vi } from 'vitest';
import { authKeys, prefetchFirstScreen } from '../../../src-renderer/app/first-screen';
import { createQueryClient } from '../../../src-renderer/app/query-client';
import { repositoryKeys } from '../../../src-renderer/features/repositories/queries';
import { TransportError } from '../../../src-renderer/transport/transport-error';
import { createFakeTransport } from '../fake-transport';
import { makeRepository } from '../fixtures';

const list = () => [makeRepository({ id: 1, name: 'laptop' })];

describe('prefetchFirstScreen', () => {
  it('over HTTP with a token: asks for the role and the list at once, into the keys the screens read', async () => {
    const transport = createFakeTransport({ 'repositories.list': list }, { kind: 'http', role: 'viewer' });
    const whoami = vi.spyOn(transport, 'whoami');
    const client = createQueryClient();
    const ready = prefetchFirstScreen(client, transport, 'tok');
    // Both sent before either answer is awaited.
    expect(whoami).toHaveBeenCalledTimes(1);
    expect(transport.inputsOf('repositories.list')).toHaveLength(1);
    await ready;
    expect(client.getQueryData(authKeys.whoami('tok'))).toBe('viewer');
    expect(client.getQueryData(repositoryKeys.list())).toEqual(list());
  });

  it('over HTTP without a token asks nothing; over IPC asks only for the list', async () => {
    const http = createFakeTransport({ 'repositories.list': list }, { kind: 'http' });
    await prefetchFirstScreen(createQueryClient(), http, null);
    expect(http.calls).toEqual([]);

    const ipc = createFakeTransport({ 'repositories.list': list }, { kind: 'ipc' });
    const whoami = vi.spyOn(ipc, 'whoami');
    await prefetchFirstScreen(createQueryClient(), ipc, null);
    expect(whoami).not.toHaveBeenCalled();
    expect(ipc.inputsOf('repositories.list')).toHaveLength(1);
  });

  it('settles when the token is refused, leaving the error for the sign-in screen to show', async () => {
    const transport = createFakeTransport({ 'repositories.list': list }, { kind: 'http' });
    vi.spyOn(transport, 'whoami').mockRejectedValue(new TransportError('UNAUTHORIZED', 'Bad token.'));
    const client = createQueryClient();
    await expect(prefetchFirstScreen(client, transport, 'bad')).resolves.toBeUndefined();
    expect(client.getQueryState(authKeys.whoami('bad'))?.status).toBe('error');
  });
});
