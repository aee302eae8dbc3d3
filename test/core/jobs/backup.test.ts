import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobProgressEvent } from '../../../src-main/core/contract';
import { createRepository, makeTree, PASS, sandbox, waitForJob, type Sandbox } from './helpers';

describe('backups over real borg', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox();
    makeTree(join(sb.root, 'src'), { dirs: 20, filesPerDir: 100, bigFiles: 4, bigBytes: 8 * 1024 * 1024 });
  });
  afterAll(async () => {
    await sb.remove();
  });

  it('streams throttled progress events and updates the repository record from the result', async () => {
    const repo = await createRepository(sb, 'progress');
    const progress: JobProgressEvent[] = [];
    const arrivals: number[] = [];
    const off = sb.core.events.on('jobs.progress', (event) => {
      progress.push(event);
      arrivals.push(performance.now());
    });
    const changed: number[][] = [];
    const offChanged = sb.core.events.on('repositories.changed', (e) => changed.push(e.ids));

    const started = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    expect(started.kind).toBe('backup');
    expect(['queued', 'running']).toContain(started.state);
    const job = await waitForJob(sb.core, started.id);
    off();
    offChanged();

    expect(job.state).toBe('succeeded');
    expect(job.error).toBeNull();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.job_id === job.id && p.repository_id === repo.id)).toBe(true);
    const last = progress.at(-1)?.progress;
    expect(last?.original_size).toBeGreaterThan(0);
    expect(last?.nfiles).toBeGreaterThan(0);
    // ≤ 5 per second: consecutive events at least ~200 ms apart.
    for (let i = 1; i < arrivals.length; i++) expect((arrivals[i] as number) - (arrivals[i - 1] as number)).toBeGreaterThanOrEqual(180);

    expect(job.result?.archive_name).toMatch(/^.+-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(job.result?.nfiles).toBe(20 * 100 + 4);
    expect(job.result?.original_size).toBeGreaterThan(32 * 1024 * 1024);
    expect(job.result?.deduplicated_size).toBeGreaterThan(0);
    expect(job.result?.duration_seconds).toBeGreaterThan(0);
    expect(job.progress?.percent).toBeNull(); // a first backup has nothing to measure against

    const record = (await sb.core.invoke('repositories.list', {})).find((r) => r.id === repo.id);
    expect(record?.archive_count).toBe(1);
    expect(record?.last_backup).not.toBeNull();
    expect(record?.total_size_bytes).toBeGreaterThan(0);
    expect(changed.some((ids) => ids.includes(repo.id))).toBe(true);

    // borg agrees: one archive with the reported name.
    const list = spawnSync('borg', ['list', '--short', repo.path], {
      env: { ...process.env, BORG_BASE_DIR: sb.baseDir, BORG_PASSPHRASE: PASS },
      encoding: 'utf8',
    });
    expect(list.stdout.trim()).toBe(job.result?.archive_name);

    const details = await sb.core.invoke('jobs.get', { id: job.id });
    expect(details.log.some((l) => l.source === 'app' && l.message.startsWith('Running borg create'))).toBe(true);
    expect(JSON.stringify(details)).not.toContain(PASS);
  });

  it('runs two backups of one repository one after the other, the second measured against the first', async () => {
    const repo = await createRepository(sb, 'serial');
    const updates: Job[] = [];
    const off = sb.core.events.on('jobs.updated', (job) => {
      if (job.repository_id === repo.id) updates.push(job);
    });
    const first = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    const second = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    expect(second.state).toBe('queued');
    const [a, b] = await Promise.all([waitForJob(sb.core, first.id), waitForJob(sb.core, second.id)]);
    off();

    expect(a.state).toBe('succeeded');
    expect(b.state).toBe('succeeded');
    // Never overlapping: the second starts only after the first has finished.
    expect(Date.parse(b.started_at as string)).toBeGreaterThanOrEqual(Date.parse(a.finished_at as string));
    const order = updates.map((j) => `${j.id === first.id ? 'A' : 'B'}:${j.state}`);
    expect(order.indexOf('B:running')).toBeGreaterThan(order.indexOf('A:succeeded'));
    expect(a.result?.archive_name).not.toBe(b.result?.archive_name);
    expect(b.progress?.estimated_total_size).toBe(a.result?.original_size);
    expect(b.progress?.percent).toBe(100);

    const record = (await sb.core.invoke('repositories.list', {})).find((r) => r.id === repo.id);
    expect(record?.archive_count).toBe(2);
    const history = await sb.core.invoke('jobs.list', { repository_id: repo.id });
    expect(history.map((j) => j.id)).toEqual([second.id, first.id]);
  });

  it('finishes with warnings when a source directory is missing, and still makes the archive', async () => {
    const repo = await createRepository(sb, 'missing', {
      source_directories: [join(sb.root, 'src', 'd1'), join(sb.root, 'does-not-exist')],
    });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('succeeded_with_warnings');
    expect(job.warnings.join('\n')).toContain('does-not-exist');
    expect(job.result?.nfiles).toBe(100);
    const record = (await sb.core.invoke('repositories.list', {})).find((r) => r.id === repo.id);
    expect(record?.archive_count).toBe(1);
  });

  it('names the archive from the repository’s template, and refuses a template without a time placeholder', async () => {
    const repo = await createRepository(sb, 'named', {
      source_directories: [join(sb.root, 'src', 'd2')],
      archive_name_template: 'nightly-{now:%Y%m%d-%H%M%S}',
    });
    expect(repo.archive_name_template).toBe('nightly-{now:%Y%m%d-%H%M%S}');
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.result?.archive_name).toMatch(/^nightly-\d{8}-\d{6}$/);
    await expect(sb.core.invoke('repositories.update', { id: repo.id, changes: { archive_name_template: 'nightly' } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(sb.core.invoke('repositories.update', { id: repo.id, changes: { archive_name_template: 'a::b-{now}' } })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const other = await createRepository(sb, 'default-named', { source_directories: [join(sb.root, 'src', 'd3')] });
    expect(other.archive_name_template).toBe('{hostname}-{now:%Y-%m-%dT%H:%M:%S}');
  });

  it('refuses backups and compaction in observe mode, in the core', async () => {
    const created = await createRepository(sb, 'observed');
    const observed = await sb.core.invoke('repositories.update', { id: created.id, changes: { mode: 'observe' } });
    expect(observed.mode).toBe('observe');
    await expect(sb.core.invoke('jobs.start', { repository_id: observed.id, kind: 'backup' })).rejects.toMatchObject({ code: 'OBSERVE_MODE' });
    await expect(sb.core.invoke('jobs.start', { repository_id: observed.id, kind: 'compact' })).rejects.toMatchObject({ code: 'OBSERVE_MODE' });
    expect(await sb.core.invoke('jobs.list', { repository_id: observed.id })).toEqual([]);
  });

  it('fails a backup whose repository became observe-only while it waited in the queue', async () => {
    const repo = await createRepository(sb, 'turned-observe');
    const first = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    const second = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    await sb.core.invoke('repositories.update', { id: repo.id, changes: { mode: 'observe' } });
    expect((await waitForJob(sb.core, first.id)).state).toBe('succeeded');
    const job = await waitForJob(sb.core, second.id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('OBSERVE_MODE');
  });

  it('rejects unknown repositories and kinds', async () => {
    await expect(sb.core.invoke('jobs.start', { repository_id: 9999, kind: 'backup' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(sb.core.invoke('jobs.start', { repository_id: 1, kind: 'prune' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(sb.core.invoke('jobs.get', { id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
