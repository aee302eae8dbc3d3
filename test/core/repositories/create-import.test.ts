import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../src-main/core/errors';
import { rejection } from '../../fixtures/errors';
import { coreSandbox, type CoreSandbox } from '../../fixtures/core';

const PASS = 'correct horse battery staple';

describe('repositories: create', () => {
  let sb: CoreSandbox;
  beforeEach(() => {
    sb = coreSandbox();
  });
  afterEach(async () => {
    await sb.remove();
  });

  const base = (over: Record<string, unknown> = {}) => ({
    name: 'docs',
    path: sb.borg.path('repo'),
    encryption: 'repokey',
    passphrase: PASS,
    source_directories: ['/srv/data'],
    ...over,
  });

  it('answers an empty list on a new data dir', async () => {
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);
  });

  it('initialises a repokey repository with borg and stores the record without the passphrase', async () => {
    const repo = await sb.core.invoke('repositories.create', base());
    expect(repo).toMatchObject({
      id: 1,
      name: 'docs',
      path: sb.borg.path('repo'),
      encryption: 'repokey',
      compression: 'lz4',
      repository_type: 'local',
      archive_count: 0,
      mode: 'full',
      has_keyfile: false,
      last_refresh_error: null,
    });
    expect(repo.borg_repository_id).toMatch(/^[0-9a-f]{64}$/);
    expect(repo.total_size_bytes).toBeGreaterThanOrEqual(0);
    expect(repo.created_at).toMatch(/Z$/);
    // borg really made it, the raw CLI opens it with the same passphrase, and the id is borg's
    const info = sb.borg.cli(['info', '--json', sb.borg.path('repo')], { passphrase: PASS });
    expect(info.status).toBe(0);
    expect(repo.borg_repository_id).toBe((JSON.parse(info.stdout) as { repository: { id: string } }).repository.id);
    const storeFile = readFileSync(join(sb.dataDir, 'repositories.json'), 'utf8');
    expect(storeFile).toContain('"docs"');
    expect(storeFile).not.toContain(PASS);
    expect(readFileSync(join(sb.dataDir, 'secrets.json'), 'utf8')).not.toContain(PASS);
    expect(statSync(join(sb.dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(await sb.core.invoke('repositories.list', {})).toHaveLength(1);
  });

  it('keeps a keyfile repository’s key in its own 0600 file and exports exactly that key', async () => {
    const repo = await sb.core.invoke('repositories.create', base({ encryption: 'keyfile' }));
    expect(repo.has_keyfile).toBe(true);
    const keyPath = join(sb.dataDir, 'keys', `repository-${repo.id}.key`);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyPath, 'utf8');
    expect(key.startsWith(`BORG_KEY ${repo.borg_repository_id}`)).toBe(true);
    // borg's own keys folder stays empty: nothing can collide there
    const borgKeys = join(sb.borg.baseDir, '.config', 'borg', 'keys');
    expect(existsSync(borgKeys) ? readdirSync(borgKeys) : []).toEqual([]);
    const exported = await sb.core.invoke('repositories.exportKeyfile', { id: repo.id });
    expect(exported.content.trim()).toBe(key.trim());
    expect(exported.filename).toBe('docs.borg-key');
    const paper = await sb.core.invoke('repositories.exportKeyfile', { id: repo.id, format: 'paper' });
    expect(paper.content).toContain('BORG PAPER KEY');
  });

  it('refuses a path that already holds a repository and points to import', async () => {
    sb.borg.cli(['init', '-e', 'none', sb.borg.path('repo')]);
    const error = await rejection(sb.core.invoke('repositories.create', base()));
    expect(error.code).toBe('REPO_EXISTS');
    expect(error.message).toMatch(/Import/);
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);
  });

  it('refuses a non-empty directory, a missing parent and an unwritable parent, writing nothing', async () => {
    mkdirSync(sb.borg.path('full'));
    writeFileSync(join(sb.borg.path('full'), 'photo.jpg'), 'x');
    expect((await rejection(sb.core.invoke('repositories.create', base({ path: sb.borg.path('full') })))).code).toBe('CONFLICT');
    expect((await rejection(sb.core.invoke('repositories.create', base({ path: sb.borg.path('no/such/parent/repo') })))).code).toBe('VALIDATION');
    expect(existsSync(sb.borg.path('no'))).toBe(false);
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);
  });

  it('refuses a duplicate name (any case) and the same path written differently', async () => {
    await sb.core.invoke('repositories.create', base());
    const byName = await rejection(sb.core.invoke('repositories.create', base({ name: '  DOCS ', path: sb.borg.path('other') })));
    expect(byName.code).toBe('CONFLICT');
    expect(byName.details).toMatchObject({ field: 'name' });
    const byPath = await rejection(sb.core.invoke('repositories.create', base({ name: 'x', path: `${sb.borg.path('repo')}//./` })));
    expect(byPath.code).toBe('CONFLICT');
    expect(byPath.details).toMatchObject({ field: 'path' });
    expect(existsSync(sb.borg.path('other'))).toBe(false);
  });

  it.each([
    [{ passphrase: undefined }, 'passphrase'],
    [{ encryption: 'aes' }, 'encryption'],
    [{ compression: 'brotli' }, 'compression'],
    [{ compression: 'zstd,30' }, 'compression'],
    [{ path: 'relative/repo' }, 'absolute'],
    [{ path: 'user@host:repo' }, 'scp-style'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(101) }, 'name'],
    [{ source_directories: [] }, 'source_directories'],
    [{ source_directories: ['data'] }, 'absolute'],
    [{ bypass_lock: true }, 'observe'],
    [{ mode: 'mirror' }, 'mode'],
    [{ custom_flags: '--rsh "ssh -i x"' }, '--rsh'],
    [{ custom_flags: '--remote-path /x' }, 'remote_path'],
    [{ custom_flags: '--stats; rm -rf /' }, 'shell syntax'],
    [{ custom_flags: '--stats /etc' }, 'only hold options'],
    [{ custom_flags: '--content-from-command' }, 'not an option'],
    [{ pre_hook_timeout: 0 }, 'at least 1'],
    [{ post_hook_timeout: 1e9 }, 'at most'],
    [{ connection_id: 7 }, 'SSH connection 7'],
    [{ surprise: true }, 'unknown field'],
  ])('refuses %j with a clear message and writes nothing', async (over, fragment) => {
    const error = await rejection(sb.core.invoke('repositories.create', base(over)));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain(fragment);
    expect(existsSync(sb.borg.path('repo'))).toBe(false);
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);
  });

  it('accepts allowed custom flags and a compression level, and observe mode without sources', async () => {
    const repo = await sb.core.invoke(
      'repositories.create',
      base({ compression: 'zstd,10', custom_flags: '--one-file-system --comment "nightly run"', mode: 'observe', source_directories: [], bypass_lock: true }),
    );
    expect(repo).toMatchObject({ compression: 'zstd,10', custom_flags: '--one-file-system --comment "nightly run"', mode: 'observe', bypass_lock: true });
  });

  it('lets exactly one of many concurrent creates with one name through', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => sb.core.invoke('repositories.create', base({ path: sb.borg.path(`r${i}`), encryption: 'none', passphrase: undefined }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
    expect(codes).toEqual(Array(9).fill('CONFLICT'));
  });
});

describe('repositories: import', () => {
  let sb: CoreSandbox;
  beforeEach(() => {
    sb = coreSandbox();
  });
  afterEach(async () => {
    await sb.remove();
  });

  it('imports a repository made by the borg CLI, taking encryption and archive count from borg', async () => {
    const path = sb.borg.path('cli-repo');
    expect(sb.borg.cli(['init', '-e', 'repokey-blake2', path], { passphrase: PASS }).status).toBe(0);
    const src = sb.borg.tree('src');
    expect(sb.borg.cli(['create', `${path}::first`, src], { passphrase: PASS }).status).toBe(0);
    expect(sb.borg.cli(['create', `${path}::second`, src], { passphrase: PASS }).status).toBe(0);
    const repo = await sb.core.invoke('repositories.import', { name: 'cli', path, passphrase: PASS, source_directories: [src] });
    expect(repo).toMatchObject({ encryption: 'repokey-blake2', archive_count: 2, last_refresh_error: null });
    expect(repo.last_backup).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(repo.total_size_bytes).toBeGreaterThan(0);
    expect(repo.total_size).toMatch(/B$/);
  });

  it('reports a wrong passphrase and stores nothing', async () => {
    const path = sb.borg.path('r');
    sb.borg.cli(['init', '-e', 'repokey', path], { passphrase: PASS });
    const error = await rejection(sb.core.invoke('repositories.import', { name: 'r', path, passphrase: 'wrong', mode: 'observe' }));
    expect(error.code).toBe('PASSPHRASE_WRONG');
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);
  });

  it('asks for a passphrase when an encrypted repository is imported without one', async () => {
    const path = sb.borg.path('r');
    sb.borg.cli(['init', '-e', 'repokey', path], { passphrase: PASS });
    expect((await rejection(sb.core.invoke('repositories.import', { name: 'r', path, mode: 'observe' }))).code).toBe('PASSPHRASE_REQUIRED');
  });

  it('tells a missing repository from a directory that is not one', async () => {
    expect((await rejection(sb.core.invoke('repositories.import', { name: 'a', path: sb.borg.path('nothing'), mode: 'observe' }))).code).toBe('REPO_NOT_FOUND');
    mkdirSync(sb.borg.path('plain'));
    expect((await rejection(sb.core.invoke('repositories.import', { name: 'b', path: sb.borg.path('plain'), mode: 'observe' }))).code).toBe('NOT_A_REPOSITORY');
  });

  it('needs the keyfile of a keyfile repository from another machine, and refuses another repository’s key', async () => {
    const path = sb.borg.path('kf');
    const other = sb.borg.path('kf2');
    const elsewhere = { BORG_BASE_DIR: sb.borg.path('other-machine') };
    mkdirSync(elsewhere.BORG_BASE_DIR);
    sb.borg.cli(['init', '-e', 'keyfile', path], { passphrase: PASS, env: elsewhere });
    sb.borg.cli(['init', '-e', 'keyfile', other], { passphrase: PASS, env: elsewhere });
    const key = sb.borg.cli(['key', 'export', path, '-'], { passphrase: PASS, env: elsewhere }).stdout;
    const otherKey = sb.borg.cli(['key', 'export', other, '-'], { passphrase: PASS, env: elsewhere }).stdout;

    const missing = await rejection(sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe' }));
    expect(missing.code).toBe('KEYFILE_MISSING');
    const mismatch = await rejection(
      sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe', keyfile_content: otherKey }),
    );
    expect(mismatch.code).toBe('KEYFILE_MISMATCH');
    const garbage = await rejection(sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe', keyfile_content: 'hello' }));
    expect(garbage.code).toBe('VALIDATION');
    expect(await sb.core.invoke('repositories.list', {})).toEqual([]);

    const repo = await sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe', keyfile_content: key });
    expect(repo).toMatchObject({ encryption: 'keyfile', has_keyfile: true });
  });

  it('keeps its own copy of a keyfile borg found in its keys folder', async () => {
    const path = sb.borg.path('kf');
    sb.borg.cli(['init', '-e', 'keyfile', path], { passphrase: PASS });
    const repo = await sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe' });
    expect(repo.has_keyfile).toBe(true);
    expect(readFileSync(join(sb.dataDir, 'keys', `repository-${repo.id}.key`), 'utf8')).toContain(repo.borg_repository_id ?? 'none');
  });

  it('refuses a keyfile for a repokey repository', async () => {
    const path = sb.borg.path('rk');
    sb.borg.cli(['init', '-e', 'repokey', path], { passphrase: PASS });
    const key = sb.borg.cli(['key', 'export', path, '-'], { passphrase: PASS }).stdout;
    const error = await rejection(sb.core.invoke('repositories.import', { name: 'k', path, passphrase: PASS, mode: 'observe', keyfile_content: key }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/needs no keyfile/);
  });

  it('imports an unencrypted repository without a passphrase', async () => {
    const path = sb.borg.path('plain-repo');
    sb.borg.cli(['init', '-e', 'none', path]);
    const repo = await sb.core.invoke('repositories.import', { name: 'p', path, mode: 'observe' });
    expect(repo.encryption).toBe('none');
  });
});
