import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../src-renderer/lib/contract';
import { createIpcTransport, type BorgDeskBridge } from '../../../src-renderer/transport/ipc';
import { TransportError } from '../../../src-renderer/transport/transport-error';
import { makeRepository } from '../fixtures';

function bridgeWith(overrides: Partial<Record<string, (input: unknown) => Promise<Envelope<unknown>>>>): BorgDeskBridge {
  const fallback = () => Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'unexpected call' } } as Envelope<unknown>);
  return new Proxy({} as BorgDeskBridge, {
    get: (_target, prop: string) => (prop === 'on' ? vi.fn(() => () => {}) : (overrides[prop] ?? fallback)),
  });
}

describe('IPC transport', () => {
  it('unwraps an ok envelope', async () => {
    const repos = [makeRepository()];
    const list = vi.fn(() => Promise.resolve({ ok: true, value: repos } as Envelope<unknown>));
    const transport = createIpcTransport(bridgeWith({ 'repositories.list': list }));
    await expect(transport.call('repositories.list', {})).resolves.toEqual(repos);
    expect(list).toHaveBeenCalledWith({});
  });

  it('rebuilds a TransportError from an error envelope', async () => {
    const transport = createIpcTransport(
      bridgeWith({
        'repositories.delete': () =>
          Promise.resolve({ ok: false, error: { code: 'CONFLICT', message: 'only copy', details: { keyfile_at_risk: true } } } as Envelope<unknown>),
      }),
    );
    const error = await transport.call('repositories.delete', { id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { keyfile_at_risk: true } });
  });

  it('uses the dialog operations for files and folders', async () => {
    const pick = vi.fn(() => Promise.resolve({ ok: true, value: '/home/me' } as Envelope<unknown>));
    const save = vi.fn(() => Promise.resolve({ ok: true, value: { saved: true } } as Envelope<unknown>));
    const open = vi.fn(() => Promise.resolve({ ok: true, value: { name: 'k', content: 'BORG_KEY' } } as Envelope<unknown>));
    const transport = createIpcTransport(bridgeWith({ 'dialog.pickDirectory': pick, 'dialog.saveFile': save, 'dialog.openFile': open }));
    await expect(transport.pickDirectory({ title: 'Pick' })).resolves.toBe('/home/me');
    await expect(transport.saveFile({ default_name: 'a.key', content: 'x' })).resolves.toBe(true);
    await expect(transport.openFile({ title: 'Key' })).resolves.toEqual({ name: 'k', content: 'BORG_KEY' });
    expect(pick).toHaveBeenCalledWith({ title: 'Pick' });
    expect(save).toHaveBeenCalledWith({ default_name: 'a.key', content: 'x' });
    expect(open).toHaveBeenCalledWith({ title: 'Key' });
    await expect(transport.whoami()).resolves.toBe('admin');
  });
});
