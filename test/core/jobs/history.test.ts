import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobDetails } from '../../../src-main/core/contract/jobs';
import { JOB_STORE, trimHistory } from '../../../src-main/core/jobs/history';
import { confStore } from '../../../src-main/core/store/conf-store';
import { createRepository, makeTree, sandbox, waitForJob, type Sandbox } from './helpers';

function job(id: string, repository_id: number, state: JobDetails['state'], created_at = '2026-01-01T00:00:00.000Z'): JobDetails {
  return {
    id,
    repository_id,
    kind: 'backup',
    state,
    created_at,
    started_at: state === 'queued' ? null : created_at,
    finished_at: null,
    cancel_requested: false,
    progress: null,
    result: null,
    error: null,
    warnings: [],
    log: [],
    log_lines: 0,
  };
}

describe('job history', () => {
  let sb: Sandbox | null = null;
  afterEach(async () => {
    await sb?.remove();
    sb = null;
  });

  it('keeps finished jobs across a restart, and fails the ones a restart interrupted', async () => {
    sb = sandbox();
    makeTree(join(sb.root, 'src'), { dirs: 1, filesPerDir: 10, bigFiles: 0 });
    const repo = await createRepository(sb, 'restart');
    const done = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(done.state).toBe('succeeded');
    await sb.core.close();

    // What a crash mid-job leaves behind.
    const store = confStore(sb.dataDir)(JOB_STORE);
    const saved = store.get('jobs') as JobDetails[];
    store.set('jobs', [...saved, job('crashed-running', repo.id, 'running'), job('crashed-queued', repo.id, 'queued')]);

    const core = sb.reopen();
    const list = await core.invoke('jobs.list', { repository_id: repo.id });
    expect(list.map((j) => j.id)).toEqual(['crashed-queued', 'crashed-running', done.id]);
    expect(list[2]).toMatchObject({ state: 'succeeded', result: done.result });
    for (const interrupted of list.slice(0, 2)) {
      expect(interrupted.state).toBe('failed');
      expect(interrupted.finished_at).not.toBeNull();
      expect(interrupted.error?.message).toMatch(/interrupted by a restart/i);
    }
    expect((await core.invoke('jobs.get', { id: done.id })).log.length).toBeGreaterThan(0);
    // Nothing was left running: a new job on the repository starts at once.
    const next = await waitForJob(core, (await core.invoke('jobs.start', { repository_id: repo.id, kind: 'check' })).id);
    expect(next.state).toBe('succeeded');
    // The fix-up was written back.
    expect((confStore(sb.dataDir)(JOB_STORE).get('jobs') as JobDetails[]).find((j) => j.id === 'crashed-running')?.state).toBe('failed');
  });

  it('keeps the last 50 finished jobs per repository and every unfinished one', () => {
    const jobs: JobDetails[] = [];
    for (let i = 0; i < 60; i++) jobs.push(job(`a${i}`, 1, 'succeeded'));
    for (let i = 0; i < 5; i++) jobs.push(job(`b${i}`, 2, 'failed'));
    jobs.splice(3, 0, job('a-running', 1, 'running'));
    const kept = trimHistory(jobs);
    const ofA = kept.filter((j) => j.repository_id === 1);
    expect(ofA.filter((j) => j.state === 'succeeded').map((j) => j.id)).toEqual(Array.from({ length: 50 }, (_, i) => `a${i + 10}`));
    expect(ofA.some((j) => j.id === 'a-running')).toBe(true);
    expect(kept.filter((j) => j.repository_id === 2)).toHaveLength(5);
    // Order is preserved (oldest first).
    expect(kept.at(-1)?.id).toBe('b4');
  });

  it('answers lists newest first, filtered and limited', async () => {
    sb = sandbox();
    const store = confStore(sb.dataDir)(JOB_STORE);
    store.set('jobs', [job('old', 1, 'succeeded'), job('mid', 2, 'failed'), job('new', 1, 'cancelled')]);
    const core = sb.reopen();
    expect((await core.invoke('jobs.list', {})).map((j) => j.id)).toEqual(['new', 'mid', 'old']);
    expect((await core.invoke('jobs.list', { repository_id: 1 })).map((j) => j.id)).toEqual(['new', 'old']);
    expect((await core.invoke('jobs.list', { limit: 1 })).map((j) => j.id)).toEqual(['new']);
    expect((await core.invoke('jobs.list', undefined)).length).toBe(3);
    expect((await core.invoke('jobs.list', {}))[0]).not.toHaveProperty('log');
  });
});
