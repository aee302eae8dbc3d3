import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../../src-main/server/app';
import { createRepository, makeTree, sandbox, waitForJob, type Sandbox } from './helpers';

const tokens = { admin: 'admin-token-0123456789', viewer: 'viewer-token-0123456789', adminFile: null, viewerFile: null };
const admin = { authorization: `Bearer ${tokens.admin}` };
const viewer = { authorization: `Bearer ${tokens.viewer}` };

describe('REST /api/jobs', () => {
  let sb: Sandbox;
  let app: FastifyInstance;
  beforeAll(async () => {
    sb = sandbox();
    makeTree(join(sb.root, 'src'), { dirs: 1, filesPerDir: 20, bigFiles: 0 });
    app = await createServer({ core: sb.core, tokens });
  });
  afterAll(async () => {
    await app.close();
    await sb.remove();
  });

  it('starts a backup, lists it, shows it with its log, and refuses writes to the viewer', async () => {
    const repo = await createRepository(sb, 'rest');
    const forbidden = await app.inject({ method: 'POST', url: `/api/repositories/${repo.id}/backup`, headers: viewer });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');

    const started = await app.inject({ method: 'POST', url: `/api/repositories/${repo.id}/jobs`, headers: admin, payload: { kind: 'backup' } });
    expect(started.statusCode).toBe(200);
    const body = started.json();
    expect(body).toMatchObject({ success: true, job: { repository_id: repo.id, kind: 'backup' } });
    await waitForJob(sb.core, body.job.id);

    const list = await app.inject({ method: 'GET', url: `/api/jobs?repository_id=${repo.id}`, headers: viewer });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ success: true, jobs: [{ id: body.job.id, state: 'succeeded' }] });

    const one = await app.inject({ method: 'GET', url: `/api/jobs/${body.job.id}`, headers: viewer });
    expect(one.json().job.log.length).toBeGreaterThan(0);
    expect(one.json().job.result.nfiles).toBe(20);

    const check = await app.inject({ method: 'POST', url: `/api/repositories/${repo.id}/check`, headers: admin });
    expect(check.json().job.kind).toBe('check');
    const cancelled = await app.inject({ method: 'POST', url: `/api/jobs/${check.json().job.id}/cancel`, headers: admin });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().success).toBe(true);
    await waitForJob(sb.core, check.json().job.id);

    const compact = await app.inject({ method: 'POST', url: `/api/repositories/${repo.id}/compact`, headers: admin });
    expect((await waitForJob(sb.core, compact.json().job.id)).state).toBe('succeeded');
  });

  it('maps errors to statuses', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/jobs/does-not-exist', headers: viewer })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/jobs?repository_id=abc', headers: viewer })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/repositories/1/jobs', headers: admin, payload: { kind: 'prune' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/repositories/999/backup', headers: admin })).statusCode).toBe(404);
    const observed = await createRepository(sb, 'rest-observe');
    await sb.core.invoke('repositories.update', { id: observed.id, changes: { mode: 'observe' } });
    const refused = await app.inject({ method: 'POST', url: `/api/repositories/${observed.id}/backup`, headers: admin });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('OBSERVE_MODE');
  });
});
