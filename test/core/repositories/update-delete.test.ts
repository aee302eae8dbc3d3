import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../fixtures/errors';
import { coreSandbox, type CoreSandbox } from '../../fixtures/core';

const PASS = 'correct horse battery staple';

describe('repositories: update, delete, keyfiles, status', () => {
  let sb: CoreSandbox;
  let holder: ChildProcess | null = null;
  beforeEach(() => {
    sb = coreSandbox();
  });
  afterEach(async () => {
    holder?.kill('SIGKILL');
    holder = null;
    await sb.remove();
  });

  const create = (over: Record<string, unknown> = {}) =>
    sb.core.invoke('repositories.create', {
      name: 'docs',
      path: sb.borg.path('repo'),
      encryption: 'repokey',
      passphrase: PASS,
      source_directories: ['/srv/data'],
      ...over,
    });

  /** Holds borg's exclusive lock on a repository until killed. */
  async function holdLock(path: string): Promise<void> {
    holder = spawn('borg', ['with-lock', path, 'sleep', '120'], {
      env: { ...sb.borg.env, BORG_PASSPHRASE: PASS },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100 && !existsSync(join(path, 'lock.exclusive')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(path, 'lock.exclusive'))).toBe(true);
  }

  it('edits settings in place, keeping id and history', async () => {
    const repo = await create();
    const updated = await sb.core.invoke('repositories.update', {
      id: repo.id,
      changes: { name: 'documents', source_directories: ['/data', '/home'], exclude_patterns: ['*.tmp'], compression: 'zstd,3', pre_hook_timeout: 60 },
    });
    expect(updated).toMatchObject({ id: repo.id, name: 'documents', source_directories: ['/data', '/home'], exclude_patterns: ['*.tmp'], compression: 'zstd,3', pre_hook_timeout: 60, created_at: repo.created_at });
    expect(updated.updated_at >= repo.updated_at).toBe(true);
    const reopened = sb.reopen();
    expect((await reopened.invoke('repositories.list', {}))[0]?.name).toBe('documents');
  });

  it('follows a moved repository when the new path holds the same borg repository', async () => {
    const repo = await create();
    renameSync(sb.borg.path('repo'), sb.borg.path('moved'));
    const updated = await sb.core.invoke('repositories.update', { id: repo.id, changes: { path: sb.borg.path('moved') } });
    expect(updated.path).toBe(sb.borg.path('moved'));
  });

  it('never creates or swaps a repository through an edit of its path', async () => {
    const repo = await create();
    const missing = await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { path: sb.borg.path('elsewhere') } }));
    expect(missing.code).toBe('REPO_NOT_FOUND');
    expect(existsSync(sb.borg.path('elsewhere'))).toBe(false);
    sb.borg.cli(['init', '-e', 'repokey', sb.borg.path('stranger')], { passphrase: PASS });
    const swapped = await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { path: sb.borg.path('stranger') } }));
    expect(swapped.code).toBe('CONFLICT');
    expect((await sb.core.invoke('repositories.list', {}))[0]?.path).toBe(sb.borg.path('repo'));
  });

  it('changes the stored passphrase only with proof of the current one and a new one that opens the repository', async () => {
    const repo = await create();
    expect((await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { passphrase: 'new' } }))).code).toBe('VALIDATION');
    expect((await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { passphrase: 'new', current_passphrase: 'guess' } }))).code).toBe('PASSPHRASE_WRONG');
    // The user changed it with borg outside the app: the new one opens the repository.
    sb.borg.cli(['key', 'change-passphrase', sb.borg.path('repo')], { passphrase: PASS, env: { BORG_NEW_PASSPHRASE: 'second phrase' } });
    expect((await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { passphrase: 'not it', current_passphrase: PASS } }))).code).toBe('PASSPHRASE_WRONG');
    await sb.core.invoke('repositories.update', { id: repo.id, changes: { passphrase: 'second phrase', current_passphrase: PASS } });
    const details = await sb.core.invoke('repositories.get', { id: repo.id });
    expect(details.live_error).toBeNull();
  });

  it('refuses bypass_lock outside observe mode and an unknown id', async () => {
    const repo = await create();
    expect((await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { bypass_lock: true } }))).code).toBe('VALIDATION');
    expect((await rejection(sb.core.invoke('repositories.update', { id: 99, changes: { name: 'x' } }))).code).toBe('NOT_FOUND');
    expect((await rejection(sb.core.invoke('repositories.update', { id: repo.id, changes: { colour: 'red' } }))).code).toBe('VALIDATION');
  });

  it('removes the record but never borg data', async () => {
    const repo = await create();
    const result = await sb.core.invoke('repositories.delete', { id: repo.id });
    expect(result).toEqual({ id: repo.id, keyfile_kept_at: null });
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);
    expect(sb.borg.cli(['info', sb.borg.path('repo')], { passphrase: PASS }).status).toBe(0);
    expect(readFileSync(join(sb.dataDir, 'secrets.json'), 'utf8')).not.toContain('repository:1:');
    expect((await rejection(sb.core.invoke('repositories.delete', { id: repo.id }))).code).toBe('NOT_FOUND');
  });

  it('refuses to drop the only copy of a keyfile until it is exported or the loss is confirmed, and keeps it aside', async () => {
    const repo = await create({ encryption: 'keyfile' });
    const atRisk = await rejection(sb.core.invoke('repositories.delete', { id: repo.id }));
    expect(atRisk.code).toBe('CONFLICT');
    expect(atRisk.details).toMatchObject({ keyfile_at_risk: true });
    await sb.core.invoke('repositories.exportKeyfile', { id: repo.id });
    const result = await sb.core.invoke('repositories.delete', { id: repo.id });
    expect(result.keyfile_kept_at).toContain(join('keys', 'removed'));
    expect(readFileSync(result.keyfile_kept_at as string, 'utf8')).toContain(`BORG_KEY ${repo.borg_repository_id}`);
    expect(existsSync(join(sb.dataDir, 'keys', `repository-${repo.id}.key`))).toBe(false);
  });

  it('refuses removal while a job runs on the repository', async () => {
    const repo = await create();
    const end = sb.core.internals.activity.begin(repo.id, 'backup');
    expect((await rejection(sb.core.invoke('repositories.delete', { id: repo.id }))).code).toBe('JOB_RUNNING');
    end();
    await sb.core.invoke('repositories.delete', { id: repo.id });
  });

  it('takes an uploaded keyfile only if it is this repository’s key', async () => {
    const elsewhere = { BORG_BASE_DIR: sb.borg.path('other-machine') };
    const path = sb.borg.path('kf');
    sb.borg.cli(['init', '-e', 'keyfile', path], { passphrase: PASS, env: elsewhere });
    sb.borg.cli(['init', '-e', 'keyfile', sb.borg.path('kf2')], { passphrase: PASS, env: elsewhere });
    const key = sb.borg.cli(['key', 'export', path, '-'], { passphrase: PASS, env: elsewhere }).stdout;
    const otherKey = sb.borg.cli(['key', 'export', sb.borg.path('kf2'), '-'], { passphrase: PASS, env: elsewhere }).stdout;
    const repo = await sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe', keyfile_content: key });
    // Lose the app's copy, then upload.
    writeFileSync(join(sb.dataDir, 'keys', `repository-${repo.id}.key`), otherKey);
    const refreshed = (await sb.core.invoke('repositories.refresh', { id: repo.id }))[0];
    expect(refreshed?.last_refresh_error?.code).toBe('KEYFILE_MISMATCH');
    expect((await rejection(sb.core.invoke('repositories.uploadKeyfile', { id: repo.id, content: otherKey }))).code).toBe('KEYFILE_MISMATCH');
    expect((await rejection(sb.core.invoke('repositories.uploadKeyfile', { id: repo.id, content: 'not a key' }))).code).toBe('VALIDATION');
    const fixed = await sb.core.invoke('repositories.uploadKeyfile', { id: repo.id, content: key });
    expect(fixed.last_refresh_error).toBeNull();
    expect(readdirSync(join(sb.dataDir, 'keys')).filter((f) => f.includes('candidate'))).toEqual([]);
    const rk = await create({ name: 'rk', path: sb.borg.path('rk') });
    expect((await rejection(sb.core.invoke('repositories.uploadKeyfile', { id: rk.id, content: key }))).code).toBe('VALIDATION');
  });

  it('reports a held lock, keeps the last known status, and reads through it in observe mode with bypass_lock', async () => {
    const path = sb.borg.path('locked');
    sb.borg.cli(['init', '-e', 'repokey', path], { passphrase: PASS });
    sb.borg.cli(['create', `${path}::a1`, sb.borg.tree('src')], { passphrase: PASS });
    const repo = await sb.core.invoke('repositories.import', { name: 'l', path, passphrase: PASS, mode: 'observe' });
    expect(repo.archive_count).toBe(1);
    await holdLock(path);
    const details = await sb.core.invoke('repositories.get', { id: repo.id });
    expect(details.live).toBeNull();
    expect(details.live_error?.code).toBe('REPO_LOCKED');
    const [after] = await sb.core.invoke('repositories.refresh', { id: repo.id });
    expect(after).toMatchObject({ archive_count: 1, total_size_bytes: repo.total_size_bytes, last_backup: repo.last_backup });
    expect(after?.last_refresh_error?.code).toBe('REPO_LOCKED');
    await sb.core.invoke('repositories.update', { id: repo.id, changes: { bypass_lock: true } });
    const bypassed = await sb.core.invoke('repositories.get', { id: repo.id });
    expect(bypassed.live?.archive_count).toBe(1);
    expect(bypassed.live?.newest_archive?.name).toBe('a1');
  });

  it('refreshes many repositories and records each one’s failure separately', async () => {
    const a = await create({ name: 'a', path: sb.borg.path('a') });
    const b = await create({ name: 'b', path: sb.borg.path('b') });
    renameSync(sb.borg.path('b'), sb.borg.path('b-gone'));
    const results = await sb.core.invoke('repositories.refresh', {});
    expect(results.find((r) => r.id === a.id)?.last_refresh_error).toBeNull();
    expect(results.find((r) => r.id === b.id)?.last_refresh_error?.code).toBe('REPO_NOT_FOUND');
  });

  it('starts with the broken store kept aside when the file is corrupt', async () => {
    await create();
    writeFileSync(join(sb.dataDir, 'repositories.json'), '{"repositories": [ {"id": 1, ');
    const reopened = sb.reopen();
    const info = await reopened.invoke('system.info', {});
    expect(info.warnings.join(' ')).toMatch(/kept aside as .*repositories\.json\.corrupt-/);
    expect(await reopened.invoke('repositories.list', {})).toEqual([]);
    expect(readdirSync(sb.dataDir).some((f) => f.startsWith('repositories.json.corrupt-'))).toBe(true);
  });
});
