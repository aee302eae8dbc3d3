import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repository } from '../../../src-main/core/contract';
import { createRepository, makeTree, processes, sandbox, waitFor, waitForJob, type Sandbox } from './helpers';

/** lzma on random data is slow (~2 MB/s), so a 16 MB tree keeps borg busy long enough to cancel it. */
const SLOW = { compression: 'lzma,6' } as const;

describe('cancelling jobs', () => {
  let sb: Sandbox;
  beforeAll(() => {
    sb = sandbox();
    makeTree(join(sb.root, 'src'), { dirs: 5, filesPerDir: 100, bigFiles: 2, bigBytes: 8 * 1024 * 1024 });
  });
  afterAll(async () => {
    await sb.remove();
  });

  const borgOf = (repo: Repository) => processes().filter((p) => p.cmdline.includes(repo.path));

  it('stops a running backup with its whole process group; the lock is released and borg check passes', async () => {
    const repo = await createRepository(sb, 'cancel-me', SLOW);
    const started = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    // Wait until borg is really archiving (progress with bytes), then find its process group.
    await waitFor(() => {
      const job = sb.core.internals.jobs.get(started.id);
      return (job.progress?.original_size ?? 0) > 0;
    });
    const borg = borgOf(repo);
    expect(borg.length).toBeGreaterThan(0);
    const groups = new Set(borg.map((p) => p.pgid));

    const t0 = Date.now();
    const answer = await sb.core.invoke('jobs.cancel', { id: started.id });
    expect(answer.cancel_requested).toBe(true);
    const job = await waitForJob(sb.core, started.id, 30_000);
    expect(job.state).toBe('cancelled');
    expect(job.error?.code).toBe('CANCELLED');
    expect(Date.now() - t0).toBeLessThan(15_000);

    // Nothing left: no borg naming this repository, nothing in the job's process group.
    expect(borgOf(repo)).toEqual([]);
    expect(processes().filter((p) => groups.has(p.pgid))).toEqual([]);
    expect(sb.core.internals.activity.isBusy(repo.id)).toBe(false);

    const check = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'check' })).id);
    expect(check.state).toBe('succeeded');
    expect(check.error).toBeNull();
  });

  it('cancels a queued job without ever running it, leaving the running one alone', async () => {
    const repo = await createRepository(sb, 'queue', SLOW);
    const first = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    const second = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    expect(second.state).toBe('queued');
    const cancelled = await sb.core.invoke('jobs.cancel', { id: second.id });
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.started_at).toBeNull();
    expect(sb.core.internals.jobs.get(first.id).state).toBe('running');

    await sb.core.invoke('jobs.cancel', { id: first.id });
    expect((await waitForJob(sb.core, first.id)).state).toBe('cancelled');
    const after = sb.core.internals.jobs.get(second.id);
    expect(after.started_at).toBeNull();
    expect(after.log).toEqual([]);
    // Cancelling a finished job changes nothing.
    expect((await sb.core.invoke('jobs.cancel', { id: second.id })).state).toBe('cancelled');
  });

  it('runs at most two repositories at once and cancels only the job asked for', async () => {
    const repos = [await createRepository(sb, 'par-a', SLOW), await createRepository(sb, 'par-b', SLOW), await createRepository(sb, 'par-c', SLOW)];
    const ids: string[] = [];
    for (const repo of repos) ids.push((await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    const id = (i: number) => ids[i] as string;
    const state = (i: number) => sb.core.internals.jobs.get(id(i)).state;
    expect([state(0), state(1), state(2)]).toEqual(['running', 'running', 'queued']);

    await sb.core.invoke('jobs.cancel', { id: id(0) });
    expect((await waitForJob(sb.core, id(0))).state).toBe('cancelled');
    // The freed slot goes to the waiting repository; the other job runs on untouched.
    await waitFor(() => state(2) === 'running');
    expect(state(1)).toBe('running');
    expect(borgOf(repos[1] as Repository).length).toBeGreaterThan(0);

    for (const i of [1, 2]) await sb.core.invoke('jobs.cancel', { id: id(i) });
    for (const i of [1, 2]) expect((await waitForJob(sb.core, id(i))).state).toBe('cancelled');
    for (const repo of repos) expect(borgOf(repo)).toEqual([]);
  });

  it('stops running jobs on close, so no borg outlives the app', async () => {
    const other = sandbox();
    try {
      makeTree(join(other.root, 'src'), { dirs: 2, filesPerDir: 10, bigFiles: 2, bigBytes: 8 * 1024 * 1024 });
      const repo = await createRepository(other, 'closing', SLOW);
      const started = await other.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
      await waitFor(() => borgOf(repo).length > 0);
      await other.core.close();
      expect(borgOf(repo)).toEqual([]);
      expect(other.core.internals.jobs.get(started.id).state).toBe('cancelled');
      await expect(other.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await other.remove();
    }
  });
});
