import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src-main/core/contract';
import { relativeTime, trayModel } from '../../../src-main/core/jobs/tray-model';
import { jobRecord, repositoryRecord } from '../../fixtures/records';

const NOW = new Date('2026-06-01T12:00:00.000Z');

const repo = repositoryRecord;
const job = jobRecord;

describe('trayModel', () => {
  it('is idle with one line per repository, sorted by name, with relative last-backup times', () => {
    const model = trayModel(
      [repo(2, 'Photos', { last_backup: '2026-06-01T11:55:00.000Z' }), repo(1, 'Home', { last_backup: '2026-05-31T09:00:00.000Z' }), repo(3, 'New')],
      [],
      NOW,
    );
    expect(model.state).toBe('idle');
    expect(model.running).toEqual([]);
    expect(model.tooltip).toBe('Borg Desk — idle');
    expect(model.repositories.map((r) => [r.name, r.state, r.last_backup_text, r.label])).toEqual([
      ['Home', 'ok', 'Last backup yesterday', 'Home — yesterday'],
      ['New', 'never', 'Never backed up', 'New — never backed up'],
      ['Photos', 'ok', 'Last backup 5 minutes ago', 'Photos — 5 minutes ago'],
    ]);
    expect(model.repositories.every((r) => r.backup_now.enabled && r.backup_now.label === 'Back up now')).toBe(true);
    expect(model.repositories[0]?.backup_now.action).toEqual({ kind: 'backup', repository_id: 1 });
    expect(model.repositories[0]?.backup_now.id).toBe('backup:1');
  });

  it('shows the running job with its percentage and a cancel action, and disables Back up now there', () => {
    const running = job(1, 'running', { progress: { percent: 42.7 } as Job['progress'] });
    const model = trayModel([repo(1, 'Home'), repo(2, 'Photos')], [job(1, 'succeeded'), running], NOW);
    expect(model.state).toBe('running');
    expect(model.running).toEqual([
      {
        job_id: running.id,
        repository_id: 1,
        repository_name: 'Home',
        kind: 'backup',
        percent: 42.7,
        label: 'Backing up Home — 42%',
        cancel: { label: 'Cancel', id: `cancel:${running.id}`, action: { kind: 'cancel', job_id: running.id }, enabled: true },
      },
    ]);
    expect(model.tooltip).toBe('Borg Desk — backing up Home (42%)');
    const home = model.repositories.find((r) => r.name === 'Home');
    expect(home?.state).toBe('running');
    expect(home?.label).toBe('Home — backing up 42%');
    expect(home?.backup_now.enabled).toBe(false);
    expect(model.repositories.find((r) => r.name === 'Photos')?.backup_now.enabled).toBe(true);
  });

  it('shows a check without a percentage, and a cancel already asked for as disabled', () => {
    const check = job(1, 'running', { kind: 'check', cancel_requested: true });
    const model = trayModel([repo(1, 'Home')], [check], NOW);
    expect(model.running[0]?.label).toBe('Checking Home');
    expect(model.running[0]?.percent).toBeNull();
    expect(model.running[0]?.cancel).toMatchObject({ label: 'Cancelling…', enabled: false });
  });

  it('is in error when the last finished job of any repository failed, not when an older one did', () => {
    const repos = [repo(1, 'Home'), repo(2, 'Photos')];
    const failedThenOk = [job(1, 'failed'), job(1, 'succeeded')];
    expect(trayModel(repos, failedThenOk, NOW).state).toBe('idle');

    const okThenFailed = [job(2, 'succeeded'), job(2, 'failed')];
    const model = trayModel(repos, okThenFailed, NOW);
    expect(model.state).toBe('error');
    expect(model.repositories.find((r) => r.name === 'Photos')).toMatchObject({ state: 'failed', label: 'Photos — last backup failed' });
    expect(model.tooltip).toBe('Borg Desk — Photos: last job failed');
    // A cancelled job is not a failure.
    expect(trayModel(repos, [job(2, 'cancelled')], NOW).state).toBe('idle');
    // A failure stays visible while a new job waits; running takes over the icon while one runs.
    expect(trayModel(repos, [...okThenFailed, job(2, 'queued')], NOW).state).toBe('error');
    expect(trayModel(repos, [...okThenFailed, job(1, 'running')], NOW).state).toBe('running');
    // Jobs of removed repositories do not count.
    expect(trayModel([repo(1, 'Home')], okThenFailed, NOW).state).toBe('idle');
  });

  it('disables Back up now in observe mode, without sources, and while a job waits', () => {
    const model = trayModel(
      [repo(1, 'Observed', { mode: 'observe' }), repo(2, 'Empty', { source_directories: [] }), repo(3, 'Waiting')],
      [job(3, 'queued')],
      NOW,
    );
    const byName = Object.fromEntries(model.repositories.map((r) => [r.name, r]));
    expect(byName.Observed?.backup_now).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/observe/i) });
    expect(byName.Empty?.backup_now).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/source/i) });
    expect(byName.Waiting?.backup_now.enabled).toBe(false);
    expect(byName.Waiting?.state).toBe('queued');
    expect(byName.Waiting?.label).toBe('Waiting — waiting');
  });

  it('marks a repository whose last job finished with warnings', () => {
    const model = trayModel([repo(1, 'Home', { last_backup: '2026-06-01T09:00:00.000Z' })], [job(1, 'succeeded_with_warnings')], NOW);
    expect(model.repositories[0]).toMatchObject({ state: 'warning', label: 'Home — 3 hours ago' });
    expect(model.state).toBe('idle');
  });
});

describe('relativeTime', () => {
  it('says how long ago in words', () => {
    expect(relativeTime('2026-06-01T11:59:50.000Z', NOW)).toBe('just now');
    expect(relativeTime('2026-06-01T11:58:00.000Z', NOW)).toBe('2 minutes ago');
    expect(relativeTime('2026-05-29T12:00:00.000Z', NOW)).toBe('3 days ago');
    expect(relativeTime('2026-04-01T12:00:00.000Z', NOW)).toBe('2 months ago');
    expect(relativeTime('not a date', NOW)).toBe('unknown');
  });
});
