import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src-main/server/app';
import { TOKENS, admin, viewer } from '../fixtures/server';
import { startSshd, type Sshd } from '../fixtures/sshd';
import { localBorgVersion, sshSandbox, type SshSandbox } from './helpers';

let sshd: Sshd;
let box: SshSandbox;
let app: FastifyInstance;

beforeAll(async () => {
  sshd = await startSshd();
  box = sshSandbox();
  app = await createServer({ core: box.core, tokens: TOKENS });
});

afterAll(async () => {
  await app?.close();
  await box?.remove();
  await sshd?.stop();
});

const call = (options: InjectOptions) => app.inject(options);

describe('REST /api/ssh-keys and /api/ssh-connections', () => {
  it('answers 401 without a valid token', async () => {
    for (const url of ['/api/ssh-keys', '/api/ssh-connections', '/api/ssh-connections/1/host-key']) {
      const res = await call({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect((await call({ method: 'GET', url: '/api/ssh-keys', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
  });

  it('lets the viewer read but forbids every write, changing nothing', async () => {
    expect((await call({ method: 'GET', url: '/api/ssh-keys', headers: viewer })).json()).toEqual({ success: true, keys: [] });
    expect((await call({ method: 'GET', url: '/api/ssh-connections/', headers: viewer })).json()).toEqual({ success: true, connections: [] });
    const writes: InjectOptions[] = [
      { method: 'POST', url: '/api/ssh-keys', payload: { name: 'k' } },
      { method: 'POST', url: '/api/ssh-keys/import', payload: { name: 'k', private_key: 'x' } },
      { method: 'POST', url: '/api/ssh-keys/1/unlock', payload: { passphrase: 'x' } },
      { method: 'DELETE', url: '/api/ssh-keys/1' },
      { method: 'POST', url: '/api/ssh-connections', payload: { host: '127.0.0.1', username: 'root', ssh_key_id: 1 } },
      { method: 'PUT', url: '/api/ssh-connections/1', payload: { name: 'x' } },
      { method: 'DELETE', url: '/api/ssh-connections/1' },
      { method: 'POST', url: '/api/ssh-connections/1/test' },
      { method: 'POST', url: '/api/ssh-connections/1/host-key/confirm', payload: { fingerprint: `SHA256:${'A'.repeat(43)}` } },
      { method: 'POST', url: '/api/ssh-connections/1/deploy-key', payload: { password: 'secret' } },
    ];
    for (const write of writes) {
      const res = await call({ ...write, headers: viewer });
      expect(res.statusCode, `${write.method} ${write.url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await call({ method: 'GET', url: '/api/ssh-keys', headers: viewer })).json().keys).toEqual([]);
  });

  it('runs the whole first-contact flow for the admin, never returning a private key', async () => {
    const made = await call({ method: 'POST', url: '/api/ssh-keys', headers: admin, payload: { name: 'REST key' } });
    expect(made.statusCode).toBe(200);
    expect(made.body).not.toContain('PRIVATE KEY');
    const key = made.json().key;
    expect(made.json()).toMatchObject({ success: true, key: { id: 1, name: 'REST key', key_type: 'ssh-ed25519' } });

    const bad = await call({ method: 'POST', url: '/api/ssh-connections', headers: admin, payload: { host: '-oProxyCommand=x', username: 'root', ssh_key_id: key.id } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ success: false, error: { code: 'VALIDATION' } });

    const created = await call({ method: 'POST', url: '/api/ssh-connections/', headers: admin, payload: { host: '127.0.0.1', port: sshd.port, username: 'root', ssh_key_id: key.id } });
    expect(created.statusCode).toBe(200);
    const connection = created.json().connection;
    expect(connection).toMatchObject({ host: '127.0.0.1', port: sshd.port, host_key_fingerprint: null });

    const got = await call({ method: 'GET', url: `/api/ssh-connections/${connection.id}`, headers: viewer });
    expect(got.json()).toEqual({ success: true, connection });
    expect((await call({ method: 'GET', url: `/api/ssh-connections/${connection.id}/host-key`, headers: viewer })).json()).toEqual({
      success: true,
      host_key: { host: '127.0.0.1', port: sshd.port, fingerprint: null, key_type: null },
    });

    const unknown = await call({ method: 'POST', url: `/api/ssh-connections/${connection.id}/test`, headers: admin });
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json()).toMatchObject({ success: false, error: { code: 'HOST_KEY_UNKNOWN', details: { fingerprint: sshd.hostKeyFingerprint } } });

    const confirmed = await call({
      method: 'POST',
      url: `/api/ssh-connections/${connection.id}/host-key/confirm`,
      headers: admin,
      payload: { fingerprint: unknown.json().error.details.fingerprint },
    });
    expect(confirmed.json()).toMatchObject({ success: true, host_key: { fingerprint: sshd.hostKeyFingerprint, replaced_fingerprint: null } });

    const refused = await call({ method: 'POST', url: `/api/ssh-connections/${connection.id}/test`, headers: admin });
    expect(refused.statusCode).toBe(502);
    expect(refused.json().error).toMatchObject({ code: 'SSH_AUTH_FAILED', details: { key_fingerprint: key.fingerprint } });

    sshd.authorize(key.public_key);
    const tested = await call({ method: 'POST', url: `/api/ssh-connections/${connection.id}/test`, headers: admin });
    expect(tested.json()).toMatchObject({ success: true, result: { ok: true, borg_version: localBorgVersion() } });

    const renamed = await call({ method: 'PUT', url: `/api/ssh-connections/${connection.id}`, headers: admin, payload: { name: 'Loopback', remote_path: '/usr/bin/borg' } });
    expect(renamed.json()).toMatchObject({ success: true, connection: { name: 'Loopback', remote_path: '/usr/bin/borg', last_test: null } });
    const unknownField = await call({ method: 'PUT', url: `/api/ssh-connections/${connection.id}`, headers: admin, payload: { proxy_command: 'nc' } });
    expect(unknownField.statusCode).toBe(400);

    const noPassword = await call({ method: 'POST', url: `/api/ssh-connections/${connection.id}/deploy-key`, headers: admin, payload: {} });
    expect(noPassword.statusCode).toBe(400);
    const already = await call({ method: 'POST', url: `/api/ssh-connections/${connection.id}/deploy-key`, headers: admin, payload: { password: 'unused' } });
    expect(already.json()).toMatchObject({ success: true, result: { already_authorized: true, verified: true } });

    const inUse = await call({ method: 'DELETE', url: `/api/ssh-keys/${key.id}`, headers: admin });
    expect(inUse.statusCode).toBe(409);
    expect((await call({ method: 'DELETE', url: `/api/ssh-connections/${connection.id}`, headers: admin })).json()).toMatchObject({ success: true, id: connection.id });
    expect((await call({ method: 'DELETE', url: `/api/ssh-keys/${key.id}`, headers: admin })).json()).toMatchObject({ success: true, id: key.id });
    expect((await call({ method: 'GET', url: '/api/ssh-keys', headers: viewer })).json().keys).toEqual([]);
  });

  it('answers 404 for unknown ids and 400 for ids that are not numbers', async () => {
    const missing = await call({ method: 'GET', url: '/api/ssh-connections/999', headers: viewer });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    expect((await call({ method: 'GET', url: '/api/ssh-connections/abc', headers: viewer })).statusCode).toBe(400);
    expect((await call({ method: 'DELETE', url: '/api/ssh-keys/0', headers: admin })).statusCode).toBe(400);
    expect((await call({ method: 'DELETE', url: '/api/ssh-keys/999', headers: admin })).statusCode).toBe(404);
  });
});
