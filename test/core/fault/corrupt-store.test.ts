/**
 * Damaged files in the data dir: the server still starts, keeps each broken file aside (never
 * deletes it), says so in system.info, and goes on working with what it can read.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, Repository, SystemInfo } from '../../../src-main/core/contract';
import { createServer } from '../../../src-main/server/app';
import { admin, serverSandbox, TOKENS, type ServerSandbox } from '../../fixtures/server';

let sb: ServerSandbox;
const opened: { app: FastifyInstance; close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const server of opened.splice(0)) await server.close();
  await sb?.remove();
});

/** A restart: a new core over the same data dir, behind a new server. */
async function restart(): Promise<FastifyInstance> {
  const core = sb.reopen();
  const app = await createServer({ core, tokens: TOKENS });
  opened.push({
    app,
    close: async () => {
      await app.close();
      await core.close();
    },
  });
  return app;
}

async function get<T>(app: FastifyInstance, url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: admin });
  expect(res.statusCode, `${url} -> ${res.body}`).toBe(200);
  return JSON.parse(res.body) as T;
}

async function stopFirstServer(): Promise<void> {
  await sb.app.close();
  await sb.core.close();
}

async function createOver(app: FastifyInstance, name: string, extra: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/repositories',
    headers: admin,
    payload: { name, path: sb.borg.path(`repo-${name}`), encryption: 'none', source_directories: [sb.borg.tree('src', 1)], ...extra },
  });
}

/** Files in the data dir whose names say they were kept aside, with their bytes. */
function keptAside(prefix: string): string[] {
  return readdirSync(sb.dataDir)
    .filter((f) => f.startsWith(`${prefix}.corrupt-`))
    .map((f) => readFileSync(join(sb.dataDir, f), 'latin1'));
}

describe('corrupted store files', () => {
  it('starts with broken repositories, jobs and ssh stores kept aside, says so over REST, and works on', async () => {
    sb = await serverSandbox();
    const created = await createOver(sb.app, 'before');
    expect(created.statusCode, created.body).toBe(200);
    const id = (JSON.parse(created.body) as { repository: Repository }).repository.id;
    const check = await sb.app.inject({ method: 'POST', url: `/api/repositories/${id}/check`, headers: admin, payload: {} });
    expect(check.statusCode, check.body).toBe(200);
    await stopFirstServer(); // waits for the job, so jobs.json holds it
    expect(readFileSync(join(sb.dataDir, 'jobs.json'), 'utf8')).toMatch(/"kind":\s*"check"/);

    const damage = {
      'repositories.json': '{"repositories": [ {"id": 1, "name": "bef',
      'jobs.json': '\u0000\u0001\u00ff garbage',
      'ssh.json': '{"keys": [}',
    };
    for (const [file, bytes] of Object.entries(damage)) writeFileSync(join(sb.dataDir, file), bytes, 'latin1');

    const app = await restart();
    const { system } = await get<{ system: SystemInfo }>(app, '/api/system/info');
    const warnings = system.warnings.join('\n');
    expect(warnings).toMatch(/repository list .* kept aside as .*repositories\.json\.corrupt-/);
    expect(warnings).toMatch(/job history .* kept aside as .*jobs\.json\.corrupt-/);
    expect(warnings).toMatch(/SSH keys .* kept aside as .*ssh\.json\.corrupt-/);
    // Kept byte for byte, for the user (or support) to recover by hand.
    expect(keptAside('repositories.json')).toEqual([damage['repositories.json']]);
    expect(keptAside('jobs.json')).toEqual([damage['jobs.json']]);
    expect(keptAside('ssh.json')).toEqual([damage['ssh.json']]);

    expect((await get<{ repositories: Repository[] }>(app, '/api/repositories')).repositories).toEqual([]);
    expect((await get<{ jobs: Job[] }>(app, '/api/jobs')).jobs).toEqual([]);
    expect((await get<{ keys: unknown[] }>(app, '/api/ssh-keys')).keys).toEqual([]);

    // It works on: a new record is written to a fresh, healthy file.
    const again = await createOver(app, 'after');
    expect(again.statusCode, again.body).toBe(200);
    await opened.pop()?.close();

    const healthy = await restart();
    const next = await get<{ system: SystemInfo }>(healthy, '/api/system/info');
    expect(next.system.warnings.filter((w) => /kept aside/.test(w))).toEqual([]);
    expect((await get<{ repositories: Repository[] }>(healthy, '/api/repositories')).repositories.map((r) => r.name)).toEqual(['after']);
  });

  it('treats an empty store file (what a crash can leave behind) as broken, not as an empty list', async () => {
    sb = await serverSandbox();
    expect((await createOver(sb.app, 'kept')).statusCode).toBe(200);
    await stopFirstServer();
    writeFileSync(join(sb.dataDir, 'repositories.json'), '');
    writeFileSync(join(sb.dataDir, 'jobs.json'), '');

    const app = await restart();
    const { system } = await get<{ system: SystemInfo }>(app, '/api/system/info');
    expect(system.warnings.join('\n')).toMatch(/repositories\.json\.corrupt-/);
    expect(system.warnings.join('\n')).toMatch(/jobs\.json\.corrupt-/);
    expect(keptAside('repositories.json')).toEqual(['']);
  });

  it('loads the readable jobs from a job history with junk entries and fails the ones a restart interrupted', async () => {
    sb = await serverSandbox();
    await stopFirstServer();
    const at = '2026-01-01T00:00:00.000Z';
    const job = (id: string, state: string) => ({ id, repository_id: 1, kind: 'backup', state, created_at: at, started_at: at, finished_at: null, log: [] });
    writeFileSync(
      join(sb.dataDir, 'jobs.json'),
      JSON.stringify({
        jobs: [job('done-1', 'succeeded'), null, 42, 'text', { id: 7 }, { ...job('bad-kind', 'succeeded'), kind: 'rm -rf' }, job('was-running', 'running')],
        __internal__: { migrations: { version: '1.0.0' } },
      }),
    );

    const app = await restart();
    const { jobs } = await get<{ jobs: Job[] }>(app, '/api/jobs');
    expect(jobs.map((j) => [j.id, j.state]).sort()).toEqual([
      ['done-1', 'succeeded'],
      ['was-running', 'failed'],
    ]);
    const { system } = await get<{ system: SystemInfo }>(app, '/api/system/info');
    expect(system.warnings.filter((w) => /kept aside/.test(w))).toEqual([]);
  });

  it('keeps a corrupt secrets file aside and says so, instead of failing every call that needs a passphrase', async () => {
    sb = await serverSandbox();
    const created = await createOver(sb.app, 'locked', { encryption: 'repokey', passphrase: 'fault-suite passphrase' });
    expect(created.statusCode, created.body).toBe(200);
    const id = (JSON.parse(created.body) as { repository: Repository }).repository.id;
    await stopFirstServer();
    const broken = '{"version":1,"entries":{"repository:1:passphrase":{"iv":"AAAA';
    writeFileSync(join(sb.dataDir, 'secrets.json'), broken);

    const app = await restart();
    const { system } = await get<{ system: SystemInfo }>(app, '/api/system/info');
    expect(system.warnings.join('\n')).toMatch(/secrets\.json\.corrupt-/);
    expect(keptAside('secrets.json')).toEqual([broken]);

    // A new encrypted repository can still be added (its passphrase goes to a fresh secrets file).
    const fresh = await createOver(app, 'fresh', { encryption: 'repokey', passphrase: 'another passphrase' });
    expect(fresh.statusCode, fresh.body).toBe(200);
    // The old one answers with what is wrong (its passphrase is gone), not "an unexpected error".
    const backup = await app.inject({ method: 'POST', url: `/api/repositories/${id}/backup`, headers: admin, payload: {} });
    expect(backup.statusCode, backup.body).toBeLessThan(500);
    if (backup.statusCode === 200) {
      const jobId = (JSON.parse(backup.body) as { job: Job }).job.id;
      let job: Job;
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = (await get<{ job: Job }>(app, `/api/jobs/${jobId}`)).job;
      } while (!['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'].includes(job.state));
      expect(job.error?.code).not.toBe('INTERNAL');
    }
  });
});
