import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobLog, logLineOf } from '../../../src-main/core/jobs/log';
import { ProgressTracker, Throttle } from '../../../src-main/core/jobs/progress';

const clock = (start = 1_700_000_000_000) => {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

const archive = (original: number, time: number, extra: Record<string, unknown> = {}) => ({
  type: 'archive_progress' as const,
  original_size: original,
  compressed_size: original,
  deduplicated_size: original / 2,
  nfiles: original / 1000,
  path: 'home/me/file',
  finished: false,
  time,
  ...extra,
});

describe('ProgressTracker', () => {
  it('computes rate, percentage and ETA of a backup against the previous size', () => {
    const c = clock();
    const tracker = new ProgressTracker('backup', 100_000_000, c.now);
    expect(tracker.snapshot()).toMatchObject({ percent: 0, estimated_total_size: 100_000_000, rate_bytes_per_second: null });
    expect(tracker.update(archive(0, 1000))).toBe(true);
    expect(tracker.update(archive(10_000_000, 1001))).toBe(true);
    const p = tracker.snapshot();
    expect(p.rate_bytes_per_second).toBe(10_000_000);
    expect(p.percent).toBe(10);
    expect(p.eta_seconds).toBe(9);
    expect(p).toMatchObject({ nfiles: 10_000, original_size: 10_000_000, deduplicated_size: 5_000_000, path: 'home/me/file' });
  });

  it('never claims 100% before borg is done, even when the tree grew', () => {
    const tracker = new ProgressTracker('backup', 1_000, clock().now);
    tracker.update(archive(0, 1));
    tracker.update(archive(5_000, 2));
    expect(tracker.snapshot().percent).toBe(99);
    expect(tracker.snapshot().eta_seconds).toBeNull();
    expect(tracker.complete().percent).toBe(100);
  });

  it('has no percentage for a first backup, but still a rate', () => {
    const tracker = new ProgressTracker('backup', null, clock().now);
    tracker.update(archive(0, 10));
    tracker.update(archive(4_000_000, 12));
    expect(tracker.snapshot()).toMatchObject({ percent: null, eta_seconds: null, rate_bytes_per_second: 2_000_000 });
    expect(tracker.complete().percent).toBeNull();
  });

  it('measures the rate over a sliding window, not since the start', () => {
    const tracker = new ProgressTracker('backup', null, clock().now);
    tracker.update(archive(0, 0));
    tracker.update(archive(100_000_000, 10)); // fast start: 10 MB/s
    for (let t = 11; t <= 30; t++) tracker.update(archive(100_000_000 + (t - 10) * 1_000_000, t)); // then 1 MB/s
    expect(tracker.snapshot().rate_bytes_per_second).toBe(1_000_000);
  });

  it('takes check/compact percentages from progress_percent the way borg prints them', () => {
    const tracker = new ProgressTracker('check', null, clock().now);
    expect(tracker.update({ type: 'progress_percent', current: 1, total: 4, message: 'Checking segments 0.0%', finished: false })).toBe(true);
    expect(tracker.snapshot()).toMatchObject({ percent: 0, current: 1, total: 4, message: 'Checking segments 0.0%' });
    tracker.update({ type: 'progress_percent', current: 3, total: 4, message: 'Checking segments 50.0%', finished: false });
    expect(tracker.snapshot().percent).toBe(50);
    tracker.update({ type: 'progress_percent', finished: true });
    expect(tracker.snapshot().message).toBeNull();
    expect(tracker.complete().percent).toBe(100);
  });

  it('ignores log lines and the final archive_progress', () => {
    const tracker = new ProgressTracker('backup', null, clock().now);
    expect(tracker.update({ type: 'log_message', levelname: 'WARNING', message: 'x' })).toBe(false);
    expect(tracker.update({ type: 'archive_progress', finished: true })).toBe(false);
    expect(tracker.update({ type: 'progress_message', message: 'Saving files cache', finished: false })).toBe(true);
    expect(tracker.snapshot().message).toBe('Saving files cache');
  });
});

describe('Throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits at most once per interval and always delivers the latest last', () => {
    vi.useFakeTimers();
    const emitted: number[] = [];
    let value = 0;
    const throttle = new Throttle(200, () => emitted.push(value));
    for (let i = 1; i <= 100; i++) {
      value = i;
      throttle.request();
      vi.advanceTimersByTime(10); // 100 requests over one second
    }
    vi.advanceTimersByTime(500);
    expect(emitted.length).toBeLessThanOrEqual(6);
    expect(emitted.length).toBeGreaterThanOrEqual(5);
    expect(emitted.at(-1)).toBe(100);
  });

  it('drops a pending emission when cancelled', () => {
    vi.useFakeTimers();
    const emitted: number[] = [];
    const throttle = new Throttle(200, () => emitted.push(1));
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(emitted).toEqual([1]);
  });
});

describe('JobLog', () => {
  it('keeps only the last lines and never the passphrase', () => {
    const lines: { message: string }[] = [];
    const log = new JobLog(lines as never, () => new Date(0), 3);
    log.redact('hunter2-secret');
    for (let i = 1; i <= 5; i++) log.add('info', 'borg', `line ${i}`);
    log.add('warning', 'pre-hook', 'echoing hunter2-secret by mistake');
    expect(lines.map((l) => l.message)).toEqual(['line 4', 'line 5', 'echoing •••• by mistake']);
  });

  it('maps borg entries to log lines and leaves progress out', () => {
    expect(logLineOf({ type: 'log_message', levelname: 'CRITICAL', message: 'boom' })).toEqual({ level: 'error', message: 'boom' });
    expect(logLineOf({ type: 'file_status', status: 'A', path: '/x' })).toEqual({ level: 'info', message: 'A /x' });
    expect(logLineOf({ type: 'archive_progress', finished: false })).toBeNull();
  });
});
