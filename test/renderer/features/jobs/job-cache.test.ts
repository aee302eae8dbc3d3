import { describe, expect, it } from 'vitest';
import { activeJobsOf, applyProgress, mergeJob, reconcileList, upsertJob } from '../../../../src-renderer/features/jobs/job-cache';
import { makeJob, makeProgress } from '../../fixtures';

describe('job cache', () => {
  it('never moves a job back: a finished job stays finished, a running one does not become queued', () => {
    const finished = makeJob({ id: 'a', state: 'succeeded' });
    const running = makeJob({ id: 'a', state: 'running' });
    const queued = makeJob({ id: 'a', state: 'queued' });
    expect(mergeJob(finished, running)).toBe(finished);
    expect(mergeJob(running, queued)).toBe(running);
    expect(mergeJob(queued, running)).toBe(running);
    expect(mergeJob(running, finished)).toBe(finished);
  });

  it('keeps the freshest progress and a cancel request within the same state', () => {
    const newer = makeProgress({ percent: 60, updated_at: '2024-05-01T10:02:00Z' });
    const older = makeProgress({ percent: 40, updated_at: '2024-05-01T10:01:00Z' });
    const merged = mergeJob(makeJob({ progress: newer, cancel_requested: true }), makeJob({ progress: older, cancel_requested: false }));
    expect(merged.progress).toBe(newer);
    expect(merged.cancel_requested).toBe(true);
  });

  it('adds a new job in newest-first order and replaces a known one', () => {
    const list = [makeJob({ id: 'new', created_at: '2024-05-03T00:00:00Z' }), makeJob({ id: 'old', created_at: '2024-05-01T00:00:00Z' })];
    const added = upsertJob(list, makeJob({ id: 'mid', created_at: '2024-05-02T00:00:00Z' }));
    expect(added.map((j) => j.id)).toEqual(['new', 'mid', 'old']);
    const replaced = upsertJob(added, makeJob({ id: 'old', created_at: '2024-05-01T00:00:00Z', state: 'failed' }));
    expect(replaced.find((j) => j.id === 'old')?.state).toBe('failed');
    expect(replaced).toHaveLength(3);
  });

  it('takes a fresh list as it is, but keeps active jobs it has not seen yet and finishes it already knows', () => {
    const cached = [
      makeJob({ id: 'started-meanwhile', state: 'queued', created_at: '2024-05-05T00:00:00Z' }),
      makeJob({ id: 'done', state: 'succeeded', created_at: '2024-05-04T00:00:00Z' }),
      makeJob({ id: 'gone', state: 'failed', created_at: '2024-05-01T00:00:00Z' }),
    ];
    const fetched = [makeJob({ id: 'done', state: 'running', created_at: '2024-05-04T00:00:00Z' })];
    const result = reconcileList(cached, fetched);
    expect(result.map((j) => [j.id, j.state])).toEqual([
      ['started-meanwhile', 'queued'],
      ['done', 'succeeded'],
    ]);
  });

  it('applies progress to a running job and drops it for a finished or unknown one', () => {
    const progress = makeProgress({ percent: 10 });
    const list = [makeJob({ id: 'r', state: 'running' }), makeJob({ id: 'f', state: 'succeeded' })];
    expect(applyProgress(list, 'r', progress)[0]?.progress).toBe(progress);
    expect(applyProgress(list, 'f', progress)).toBe(list);
    expect(applyProgress(list, 'x', progress)).toBe(list);
  });

  it('lists active jobs running first, then the queue oldest first', () => {
    const list = [
      makeJob({ id: 'q2', state: 'queued', created_at: '2024-05-03T00:00:00Z' }),
      makeJob({ id: 'q1', state: 'queued', created_at: '2024-05-02T00:00:00Z' }),
      makeJob({ id: 'r', state: 'running', created_at: '2024-05-01T00:00:00Z' }),
      makeJob({ id: 'f', state: 'cancelled', created_at: '2024-05-04T00:00:00Z' }),
    ];
    expect(activeJobsOf(list).map((j) => j.id)).toEqual(['r', 'q1', 'q2']);
  });
});
