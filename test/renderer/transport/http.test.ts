import { describe, expect, it, vi } from 'vitest';
import { createHttpTransport, filenameFromDisposition } from '../../../src-renderer/transport/http';
import { TransportError } from '../../../src-renderer/transport/transport-error';
import { makeRepository, makeSystemInfo } from '../fixtures';

type FetchArgs = [string, RequestInit];

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function setup(respond: (url: string, init: RequestInit) => Response | Promise<Response>, token: string | null = 'tok-123') {
  const fetchMock = vi.fn((url: string, init: RequestInit) => Promise.resolve(respond(url, init)));
  const onUnauthorized = vi.fn();
  const transport = createHttpTransport({ fetch: fetchMock as unknown as typeof fetch, getToken: () => token, onUnauthorized });
  const lastCall = (): FetchArgs => fetchMock.mock.calls.at(-1) as FetchArgs;
  return { transport, fetchMock, onUnauthorized, lastCall };
}

const header = (init: RequestInit, name: string): string | undefined => (init.headers as Record<string, string>)[name];

describe('HTTP transport routes', () => {
  it('GET /api/system/info with the bearer token, unwrapping `system`', async () => {
    const system = makeSystemInfo();
    const { transport, lastCall } = setup(() => json({ success: true, system }));
    await expect(transport.call('system.info', {})).resolves.toEqual(system);
    const [url, init] = lastCall();
    expect(url).toBe('/api/system/info');
    expect(init.method).toBe('GET');
    expect(header(init, 'Authorization')).toBe('Bearer tok-123');
  });

  it('GET /api/repositories/ unwrapping `repositories`', async () => {
    const repositories = [makeRepository({ id: 1 }), makeRepository({ id: 2 })];
    const { transport, lastCall } = setup(() => json({ success: true, repositories }));
    await expect(transport.call('repositories.list', {})).resolves.toEqual(repositories);
    expect(lastCall()[0]).toBe('/api/repositories/');
  });

  it('GET /api/repositories/:id as RepositoryDetails without `success`', async () => {
    const repository = makeRepository({ id: 5 });
    const { transport, lastCall } = setup(() => json({ success: true, repository, live: null, live_error: { code: 'REPO_LOCKED', message: 'locked' } }));
    await expect(transport.call('repositories.get', { id: 5 })).resolves.toEqual({
      repository,
      live: null,
      live_error: { code: 'REPO_LOCKED', message: 'locked' },
    });
    expect(lastCall()[0]).toBe('/api/repositories/5');
  });

  it('POST /api/repositories/ and /import with the input as JSON, unwrapping `repository`', async () => {
    const repository = makeRepository({ id: 8 });
    const { transport, fetchMock } = setup(() => json({ success: true, message: 'ok', repository }));
    const input = { name: 'a', path: '/a', encryption: 'none' as const, mode: 'observe' as const };
    await expect(transport.call('repositories.create', input)).resolves.toEqual(repository);
    await expect(transport.call('repositories.import', { name: 'b', path: '/b', mode: 'observe' })).resolves.toEqual(repository);
    const [createUrl, createInit] = fetchMock.mock.calls[0] as FetchArgs;
    const [importUrl, importInit] = fetchMock.mock.calls[1] as FetchArgs;
    expect([createUrl, createInit.method]).toEqual(['/api/repositories/', 'POST']);
    expect(header(createInit, 'Content-Type')).toBe('application/json');
    expect(JSON.parse(createInit.body as string)).toEqual(input);
    expect([importUrl, importInit.method]).toEqual(['/api/repositories/import', 'POST']);
    expect(JSON.parse(importInit.body as string)).toEqual({ name: 'b', path: '/b', mode: 'observe' });
  });

  it('PUT /api/repositories/:id with only the changes as the body', async () => {
    const repository = makeRepository({ id: 3, name: 'renamed' });
    const { transport, lastCall } = setup(() => json({ success: true, message: 'ok', repository }));
    await expect(transport.call('repositories.update', { id: 3, changes: { name: 'renamed' } })).resolves.toEqual(repository);
    const [url, init] = lastCall();
    expect([url, init.method]).toEqual(['/api/repositories/3', 'PUT']);
    expect(JSON.parse(init.body as string)).toEqual({ name: 'renamed' });
  });

  it('DELETE /api/repositories/:id, with ?confirm_keyfile_loss=true only when confirmed', async () => {
    const { transport, fetchMock } = setup(() => json({ success: true, message: 'gone', id: 4, keyfile_kept_at: '/data/keys/retired/4' }));
    await expect(transport.call('repositories.delete', { id: 4 })).resolves.toEqual({ id: 4, keyfile_kept_at: '/data/keys/retired/4' });
    await transport.call('repositories.delete', { id: 4, confirm_keyfile_loss: true });
    expect((fetchMock.mock.calls[0] as FetchArgs)[0]).toBe('/api/repositories/4');
    expect((fetchMock.mock.calls[0] as FetchArgs)[1].method).toBe('DELETE');
    expect((fetchMock.mock.calls[1] as FetchArgs)[0]).toBe('/api/repositories/4?confirm_keyfile_loss=true');
  });

  it('POST /api/repositories/:id/keyfile as multipart with the file in "keyfile"', async () => {
    const repository = makeRepository({ id: 2, has_keyfile: true });
    const { transport, lastCall } = setup(() => json({ success: true, message: 'ok', repository }));
    await expect(transport.call('repositories.uploadKeyfile', { id: 2, content: 'BORG_KEY 12\nabc\n' })).resolves.toEqual(repository);
    const [url, init] = lastCall();
    expect([url, init.method]).toEqual(['/api/repositories/2/keyfile', 'POST']);
    expect(init.body).toBeInstanceOf(FormData);
    // The browser writes the multipart boundary itself; a hand-set Content-Type would break it.
    expect(header(init, 'Content-Type')).toBeUndefined();
    const file = (init.body as FormData).get('keyfile') as File;
    expect(file.name).toBe('keyfile');
    expect(await file.text()).toBe('BORG_KEY 12\nabc\n');
  });

  it('GET /api/repositories/:id/keyfile?format=… returning the text and the attachment name', async () => {
    const { transport, fetchMock } = setup(
      (url) =>
        new Response(url.endsWith('paper') ? 'PAPER' : 'BORG_KEY 12', {
          status: 200,
          headers: { 'Content-Disposition': `attachment; filename="${url.endsWith('paper') ? 'laptop-key.txt' : 'laptop.key'}"` },
        }),
    );
    await expect(transport.call('repositories.exportKeyfile', { id: 6, format: 'keyfile' })).resolves.toEqual({
      filename: 'laptop.key',
      content: 'BORG_KEY 12',
      format: 'keyfile',
    });
    await expect(transport.call('repositories.exportKeyfile', { id: 6, format: 'paper' })).resolves.toEqual({
      filename: 'laptop-key.txt',
      content: 'PAPER',
      format: 'paper',
    });
    expect(fetchMock.mock.calls.map((c) => c[0])).toEqual(['/api/repositories/6/keyfile?format=keyfile', '/api/repositories/6/keyfile?format=paper']);
  });

  it('POST /api/repositories/refresh with {} or {id}', async () => {
    const repositories = [makeRepository({ id: 1 })];
    const { transport, fetchMock } = setup(() => json({ success: true, repositories }));
    await expect(transport.call('repositories.refresh', {})).resolves.toEqual(repositories);
    await transport.call('repositories.refresh', { id: 1 });
    const bodies = fetchMock.mock.calls.map((c) => [c[0], (c[1] as RequestInit).method, JSON.parse((c[1] as RequestInit).body as string)]);
    expect(bodies).toEqual([
      ['/api/repositories/refresh', 'POST', {}],
      ['/api/repositories/refresh', 'POST', { id: 1 }],
    ]);
  });

  it('GET /api/auth/whoami for the role', async () => {
    const { transport, lastCall } = setup(() => json({ success: true, role: 'viewer' }));
    await expect(transport.whoami()).resolves.toBe('viewer');
    expect(lastCall()[0]).toBe('/api/auth/whoami');
  });

  it('refuses desktop-only operations instead of inventing a route', async () => {
    const { transport, fetchMock } = setup(() => json({}));
    await expect(transport.call('dialog.pickDirectory', {})).rejects.toBeInstanceOf(TransportError);
    expect(fetchMock).not.toHaveBeenCalled();
    await expect(transport.pickDirectory()).resolves.toBeNull();
    expect(transport.canPickDirectory).toBe(false);
  });
});

describe('HTTP transport errors', () => {
  it('turns {success:false,error} into a TransportError with code, message and details', async () => {
    const { transport, onUnauthorized } = setup(() =>
      json({ success: false, error: { code: 'CONFLICT', message: 'only copy', details: { keyfile_at_risk: true } } }, 409),
    );
    const error = await transport.call('repositories.delete', { id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'only copy', details: { keyfile_at_risk: true } });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('treats a 2xx body with success:false as an error too', async () => {
    const { transport } = setup(() => json({ success: false, error: { code: 'BORG_FAILED', message: 'borg said no' } }, 200));
    await expect(transport.call('repositories.list', {})).rejects.toMatchObject({ code: 'BORG_FAILED', message: 'borg said no' });
  });

  it('signs out on 401 UNAUTHORIZED but not on 401 PASSPHRASE_WRONG', async () => {
    const wrongToken = setup(() => json({ success: false, error: { code: 'UNAUTHORIZED', message: 'A valid access token is needed' } }, 401));
    await expect(wrongToken.transport.call('repositories.list', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(wrongToken.onUnauthorized).toHaveBeenCalledTimes(1);

    const wrongPassphrase = setup(() => json({ success: false, error: { code: 'PASSPHRASE_WRONG', message: 'wrong' } }, 401));
    await expect(wrongPassphrase.transport.call('repositories.get', { id: 1 })).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
    expect(wrongPassphrase.onUnauthorized).not.toHaveBeenCalled();
  });

  it('falls back to the status when the body is not JSON', async () => {
    const { transport } = setup(() => new Response('<html>Bad gateway</html>', { status: 423, statusText: 'Locked' }));
    await expect(transport.call('repositories.list', {})).rejects.toMatchObject({ code: 'REPO_LOCKED' });
  });

  it('reports an unreachable server as NETWORK', async () => {
    const { transport } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(transport.call('repositories.list', {})).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('sends no Authorization header without a token', async () => {
    const { transport, lastCall } = setup(() => json({ success: true, repositories: [] }), null);
    await transport.call('repositories.list', {});
    expect(header(lastCall()[1], 'Authorization')).toBeUndefined();
  });
});

describe('filenameFromDisposition', () => {
  it('reads quoted, bare and RFC 5987 names, and strips directories', () => {
    expect(filenameFromDisposition('attachment; filename="laptop.key"')).toBe('laptop.key');
    expect(filenameFromDisposition('attachment; filename=laptop.key')).toBe('laptop.key');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''caf%C3%A9.key")).toBe('café.key');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
