import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgressEvent } from '../../../src-main/core/contract';
import { createRepository, makeTree, sandbox, waitForJob, type Sandbox } from './helpers';

describe('check and compact', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox();
    makeTree(join(sb.root, 'src'), { dirs: 10, filesPerDir: 100, bigFiles: 2, bigBytes: 4 * 1024 * 1024 });
  });
  afterAll(async () => {
    await sb.remove();
  });

  for (const kind of ['check', 'compact'] as const) {
    it(`${kind}: has_running_maintenance while it runs, then ${kind === 'check' ? 'last_check' : 'last_compact'} set`, async () => {
      const repo = await createRepository(sb, `maint-${kind}`);
      await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);

      const during: boolean[] = [];
      const progress: JobProgressEvent[] = [];
      const offUpdated = sb.core.events.on('jobs.updated', (job) => {
        if (job.repository_id === repo.id && job.state === 'running') {
          during.push(sb.core.internals.repositories.list().find((r) => r.id === repo.id)?.has_running_maintenance === true);
        }
      });
      const offProgress = sb.core.events.on('jobs.progress', (event) => {
        if (event.repository_id === repo.id) progress.push(event);
      });
      const before = Date.now();
      const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind })).id);
      offUpdated();
      offProgress();

      expect(job.state).toBe('succeeded');
      expect(during.length).toBeGreaterThan(0);
      expect(during.every(Boolean)).toBe(true);
      const record = (await sb.core.invoke('repositories.list', {})).find((r) => r.id === repo.id);
      expect(record?.has_running_maintenance).toBe(false);
      const stamp = kind === 'check' ? record?.last_check : record?.last_compact;
      expect(stamp).not.toBeNull();
      expect(Date.parse(stamp as string)).toBeGreaterThanOrEqual(before - 1000);
      expect(kind === 'check' ? record?.last_compact : record?.last_check).toBeNull();
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.progress.percent === null || (p.progress.percent >= 0 && p.progress.percent <= 100))).toBe(true);
      expect(progress.some((p) => p.progress.total !== null && p.progress.message !== null)).toBe(true);
      expect(job.progress?.percent).toBe(100);
      expect(job.result?.archive_name).toBeNull();
      const log = (await sb.core.invoke('jobs.get', { id: job.id })).log;
      expect(log.some((l) => l.message.startsWith(`Running borg ${kind}`))).toBe(true);
    });
  }

  it('does not set last_check when the check fails', async () => {
    const repo = await createRepository(sb, 'check-fails');
    const { rmSync } = await import('node:fs');
    rmSync(repo.path, { recursive: true, force: true });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'check' })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('REPO_NOT_FOUND');
    const record = (await sb.core.invoke('repositories.list', {})).find((r) => r.id === repo.id);
    expect(record?.last_check).toBeNull();
    expect(record?.has_running_maintenance).toBe(false);
  });

  it('allows a check but not a compaction on an observe-only repository', async () => {
    const created = await createRepository(sb, 'observe-check');
    await sb.core.invoke('repositories.update', { id: created.id, changes: { mode: 'observe' } });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: created.id, kind: 'check' })).id);
    expect(job.state).toBe('succeeded');
    await expect(sb.core.invoke('jobs.start', { repository_id: created.id, kind: 'compact' })).rejects.toMatchObject({ code: 'OBSERVE_MODE' });
  });
});
