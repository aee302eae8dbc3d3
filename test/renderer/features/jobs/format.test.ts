import { describe, expect, it } from 'vitest';
import { formatDuration, jobDuration, jobStatusText, truncateMiddle } from '../../../../src-renderer/features/jobs/format';
import { makeJob, makeProgress } from '../../fixtures';

describe('job formatting', () => {
  it('says a duration in the units that matter', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(65)).toBe('1 min 05 s');
    expect(formatDuration(3600 + 5 * 60 + 40)).toBe('1 h 05 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-3)).toBe('—');
  });

  it('takes the duration from the result, else from the timestamps', () => {
    expect(jobDuration(makeJob({ state: 'succeeded', result: { archive_name: null, nfiles: null, original_size: null, compressed_size: null, deduplicated_size: null, duration_seconds: 12 } }))).toBe(12);
    expect(jobDuration(makeJob({ state: 'failed', started_at: '2024-05-01T10:00:00Z', finished_at: '2024-05-01T10:00:30Z' }))).toBe(30);
    expect(jobDuration(makeJob({ state: 'queued' }))).toBeNull();
  });

  it('describes a job in a few words, whole percents only', () => {
    expect(jobStatusText(makeJob({ kind: 'backup', progress: makeProgress({ percent: 42.9 }) }))).toBe('Backing up 42%');
    expect(jobStatusText(makeJob({ kind: 'check', progress: null }))).toBe('Checking…');
    expect(jobStatusText(makeJob({ kind: 'compact', state: 'queued' }))).toBe('Waiting to compact');
  });

  it('shortens a long path in the middle, keeping both ends', () => {
    const path = `/home/me/${'deep/'.repeat(30)}photo.jpg`;
    const short = truncateMiddle(path, 40);
    expect(short).toHaveLength(40);
    expect(short.startsWith('/home/me/')).toBe(true);
    expect(short.endsWith('photo.jpg')).toBe(true);
    expect(truncateMiddle('/short')).toBe('/short');
  });
});
