import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, serverSandbox, viewer, type ServerSandbox } from '../fixtures/server';

const PASS = 'correct horse battery staple';

function multipart(field: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----borgdesk' + Math.random().toString(16).slice(2);
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="keyfile"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('REST /api/repositories', () => {
  let sb: ServerSandbox;
  beforeEach(async () => {
    sb = await serverSandbox();
  });
  afterEach(async () => {
    await sb.remove();
  });

  const body = () => ({
    name: 'my-backup',
    path: sb.borg.path('my-repo'),
    encryption: 'keyfile',
    passphrase: PASS,
    compression: 'lz4',
    source_directories: ['/data', '/home'],
    exclude_patterns: ['*.log', '*.tmp'],
    mode: 'full',
  });

  it('answers the reference’s empty list, and 401 without or with a wrong token', async () => {
    const ok = await sb.app.inject({ method: 'GET', url: '/api/repositories/', headers: viewer });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ success: true, repositories: [] });
    const none = await sb.app.inject({ method: 'GET', url: '/api/repositories/' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await sb.app.inject({ method: 'GET', url: '/api/repositories/', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('forbids every write to the viewer token and changes nothing', async () => {
    const calls = [
      { method: 'POST' as const, url: '/api/repositories/', payload: body() },
      { method: 'POST' as const, url: '/api/repositories/import', payload: { name: 'x', path: '/x', mode: 'observe' } },
      { method: 'PUT' as const, url: '/api/repositories/1', payload: { name: 'y' } },
      { method: 'DELETE' as const, url: '/api/repositories/1' },
      { method: 'GET' as const, url: '/api/repositories/1/keyfile' },
      { method: 'POST' as const, url: '/api/repositories/refresh', payload: {} },
    ];
    for (const call of calls) {
      const res = await sb.app.inject({ ...call, headers: viewer });
      expect(res.statusCode, `${call.method} ${call.url}`).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await sb.app.inject({ method: 'GET', url: '/api/repositories/', headers: viewer })).json().repositories).toEqual([]);
  });

  it('walks through create, get, update, keyfile download and upload, and delete as the reference shows', async () => {
    const created = await sb.app.inject({ method: 'POST', url: '/api/repositories/', headers: admin, payload: body() });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({
      success: true,
      message: 'Repository created successfully',
      repository: { id: 1, name: 'my-backup', path: sb.borg.path('my-repo'), encryption: 'keyfile', compression: 'lz4' },
    });
    expect(created.body).not.toContain(PASS);

    const list = (await sb.app.inject({ method: 'GET', url: '/api/repositories/', headers: viewer })).json();
    const record = list.repositories[0];
    for (const field of [
      'id', 'name', 'path', 'encryption', 'compression', 'source_directories', 'exclude_patterns', 'repository_type', 'host', 'port',
      'username', 'ssh_key_id', 'remote_path', 'last_backup', 'last_check', 'last_compact', 'total_size', 'archive_count', 'created_at',
      'updated_at', 'pre_backup_script', 'post_backup_script', 'hook_timeout', 'pre_hook_timeout', 'post_hook_timeout',
      'continue_on_hook_failure', 'mode', 'bypass_lock', 'custom_flags', 'has_running_maintenance', 'has_keyfile', 'source_ssh_connection_id',
    ]) {
      expect(record, field).toHaveProperty(field);
    }
    expect(record).toMatchObject({ repository_type: 'local', host: null, has_keyfile: true, archive_count: 0, hook_timeout: 300 });

    const got = (await sb.app.inject({ method: 'GET', url: '/api/repositories/1', headers: viewer })).json();
    expect(got).toMatchObject({ success: true, repository: { id: 1 }, live: { archive_count: 0, encryption: 'keyfile' }, live_error: null });

    const updated = await sb.app.inject({ method: 'PUT', url: '/api/repositories/1', headers: admin, payload: { name: 'updated-name', source_directories: ['/data', '/home', '/var'] } });
    expect(updated.json()).toMatchObject({ success: true, repository: { name: 'updated-name', source_directories: ['/data', '/home', '/var'] } });

    const key = await sb.app.inject({ method: 'GET', url: '/api/repositories/1/keyfile', headers: admin });
    expect(key.statusCode).toBe(200);
    expect(key.headers['content-disposition']).toBe('attachment; filename="updated-name.borg-key"');
    expect(key.body).toBe(readFileSync(join(sb.dataDir, 'keys', 'repository-1.key'), 'utf8'));
    const paper = await sb.app.inject({ method: 'GET', url: '/api/repositories/1/keyfile?format=paper', headers: admin });
    expect(paper.body).toContain('BORG PAPER KEY');

    const upload = multipart('keyfile', key.body);
    const uploaded = await sb.app.inject({ method: 'POST', url: '/api/repositories/1/keyfile', headers: { ...admin, ...upload.headers }, payload: upload.payload });
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.json()).toMatchObject({ success: true, repository: { has_keyfile: true } });
    const bad = multipart('keyfile', 'this is not a key');
    const rejected = await sb.app.inject({ method: 'POST', url: '/api/repositories/1/keyfile', headers: { ...admin, ...bad.headers }, payload: bad.payload });
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.code).toBe('VALIDATION');

    const deleted = await sb.app.inject({ method: 'DELETE', url: '/api/repositories/1', headers: admin });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().message).toMatch(/were not touched/);
    expect((await sb.app.inject({ method: 'GET', url: '/api/repositories/1', headers: admin })).statusCode).toBe(404);
  });

  it('maps errors to the documented statuses with a structured body', async () => {
    const cases: [string, InjectOptions, number, string][] = [
      ['bad id', { method: 'GET', url: '/api/repositories/abc', headers: admin }, 400, 'VALIDATION'],
      ['missing', { method: 'GET', url: '/api/repositories/42', headers: admin }, 404, 'NOT_FOUND'],
      ['unknown field', { method: 'POST', url: '/api/repositories/', headers: admin, payload: { ...body(), colour: 'red' } }, 400, 'VALIDATION'],
      ['not json', { method: 'POST', url: '/api/repositories/', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"name":' }, 400, 'VALIDATION'],
      ['array body', { method: 'POST', url: '/api/repositories/', headers: admin, payload: [1, 2] }, 400, 'VALIDATION'],
      ['no such route', { method: 'GET', url: '/api/nothing', headers: admin }, 404, 'NOT_FOUND'],
      ['import missing repo', { method: 'POST', url: '/api/repositories/import', headers: admin, payload: { name: 'x', path: sb.borg.path('none'), mode: 'observe' } }, 404, 'REPO_NOT_FOUND'],
    ];
    for (const [label, request, status, code] of cases) {
      const res = await sb.app.inject(request);
      expect(res.statusCode, label).toBe(status);
      expect(res.json(), label).toMatchObject({ success: false, error: { code } });
    }
    await sb.app.inject({ method: 'POST', url: '/api/repositories/', headers: admin, payload: body() });
    const dup = await sb.app.inject({ method: 'POST', url: '/api/repositories/', headers: admin, payload: { ...body(), path: sb.borg.path('other') } });
    expect(dup.statusCode).toBe(409);
    const wrong = await sb.app.inject({
      method: 'POST',
      url: '/api/repositories/import',
      headers: admin,
      payload: { name: 'again', path: sb.borg.path('my-repo'), passphrase: 'nope', mode: 'observe' },
    });
    expect(wrong.statusCode).toBe(409); // same path as an existing record: refused before borg runs
  });

  it('answers system info with the borg version', async () => {
    const res = await sb.app.inject({ method: 'GET', url: '/api/system/info', headers: viewer });
    expect(res.json()).toMatchObject({ success: true, system: { borg: { available: true, version: expect.stringMatching(/^1\.\d+/) }, mode: 'server' } });
    const who = await sb.app.inject({ method: 'GET', url: '/api/auth/whoami', headers: viewer });
    expect(who.json()).toEqual({ success: true, role: 'viewer' });
  });
});
