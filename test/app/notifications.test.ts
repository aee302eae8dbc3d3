import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  createNotifier,
  jobNotification,
  nativeNotificationOptions,
  watchJobNotifications,
  type NotificationContent,
  type Notifier,
} from '../../src-main/app/notifications';
import type { Job, Repository } from '../../src-main/core/contract';
import type { Core } from '../../src-main/core/core';
import { EventBus } from '../../src-main/core/events/emitter';

let seq = 0;
function job(state: Job['state'], extra: Partial<Job> = {}): Job {
  seq++;
  const at = '2026-06-01T10:00:00.000Z';
  return {
    id: `job-${seq}`,
    repository_id: 1,
    kind: 'backup',
    state,
    created_at: at,
    started_at: state === 'queued' ? null : at,
    finished_at: state === 'queued' || state === 'running' ? null : at,
    cancel_requested: false,
    progress: null,
    result: null,
    error: null,
    warnings: [],
    log_lines: 0,
    ...extra,
  };
}

const result = { archive_name: 'docs-1', nfiles: 1234, original_size: 10_000_000, compressed_size: 5_000_000, deduplicated_size: 2_500_000, duration_seconds: 12 };

describe('jobNotification', () => {
  it('says a backup finished, with what it added', () => {
    expect(jobNotification(job('succeeded', { result }), 'docs')).toEqual({
      title: 'Backup of docs finished',
      body: '1,234 files, 2.5 MB new data.',
      persistent: false,
      urgency: 'normal',
    });
  });

  it('says a job finished with warnings, and which', () => {
    expect(jobNotification(job('succeeded_with_warnings', { warnings: ['/home/x: no such file'] }), 'docs')).toEqual({
      title: 'Backup of docs finished with warnings',
      body: '/home/x: no such file',
      persistent: false,
      urgency: 'normal',
    });
    expect(jobNotification(job('succeeded_with_warnings', { warnings: ['a', 'b', 'c'] }), 'docs')?.body).toBe('a (and 2 more)');
  });

  it('keeps a failure on screen until dismissed, with the error', () => {
    const failed = job('failed', { error: { code: 'REPO_LOCKED', message: 'The repository is locked by another process.' } });
    expect(jobNotification(failed, 'docs')).toEqual({
      title: 'Backup of docs failed',
      body: 'The repository is locked by another process.',
      persistent: true,
      urgency: 'critical',
    });
  });

  it('says a job was cancelled, quietly', () => {
    expect(jobNotification(job('cancelled', { error: { code: 'CANCELLED', message: 'Cancelled before it started.' } }), 'docs')).toEqual({
      title: 'Backup of docs cancelled',
      body: 'Cancelled before it started.',
      persistent: false,
      urgency: 'low',
    });
  });

  it('names checks and compactions', () => {
    expect(jobNotification(job('succeeded', { kind: 'check', result }), 'docs')).toMatchObject({ title: 'Check of docs finished', body: 'No problems found.' });
    expect(jobNotification(job('failed', { kind: 'compact' }), 'docs')?.title).toBe('Compaction of docs failed');
  });

  it('says nothing for a job that is queued or running', () => {
    expect(jobNotification(job('queued'), 'docs')).toBeNull();
    expect(jobNotification(job('running'), 'docs')).toBeNull();
  });
});

describe('nativeNotificationOptions', () => {
  const failure: NotificationContent = { title: 'Backup of docs failed', body: 'x', persistent: true, urgency: 'critical' };

  it('never times a failure out, and marks it critical on Linux', () => {
    expect(nativeNotificationOptions(failure, 'linux', '/assets/icon.png')).toEqual({
      title: 'Backup of docs failed',
      body: 'x',
      timeoutType: 'never',
      urgency: 'critical',
      icon: '/assets/icon.png',
    });
    expect(nativeNotificationOptions(failure, 'win32')).toEqual({ title: 'Backup of docs failed', body: 'x', timeoutType: 'never' });
  });

  it('lets other notifications time out', () => {
    expect(nativeNotificationOptions({ ...failure, persistent: false, urgency: 'normal' }, 'linux')).toMatchObject({
      timeoutType: 'default',
      urgency: 'normal',
    });
  });
});

describe('createNotifier', () => {
  function fakeNotificationClass(supported: boolean) {
    const created: FakeNotification[] = [];
    class FakeNotification {
      static isSupported = () => supported;
      listeners = new Map<string, () => void>();
      shown = false;
      constructor(readonly options: NotificationConstructorOptions) {
        created.push(this);
      }
      show() {
        this.shown = true;
      }
      on(event: string, listener: () => void) {
        this.listeners.set(event, listener);
        return this;
      }
    }
    return { FakeNotification, created };
  }
  const content: NotificationContent = { title: 'Backup of docs failed', body: 'x', persistent: true, urgency: 'critical' };

  it('shows the notification, and a click focuses the main window', () => {
    const { FakeNotification, created } = fakeNotificationClass(true);
    const onClick = vi.fn();
    const notifier = createNotifier(FakeNotification, { platform: 'linux', onClick });
    expect(notifier.show(content)).toBe(true);
    expect(created).toHaveLength(1);
    expect(created[0]!.shown).toBe(true);
    expect(created[0]!.options).toMatchObject({ timeoutType: 'never', urgency: 'critical' });
    created[0]!.listeners.get('click')!();
    expect(onClick).toHaveBeenCalledOnce();
  });

  it('shows nothing where notifications are not supported', () => {
    const { FakeNotification, created } = fakeNotificationClass(false);
    expect(createNotifier(FakeNotification, { platform: 'linux', onClick: vi.fn() }).show(content)).toBe(false);
    expect(created).toHaveLength(0);
  });
});

describe('watchJobNotifications', () => {
  function setUp(repositories: Pick<Repository, 'id' | 'name'>[] = [{ id: 1, name: 'docs' }]) {
    const events = new EventBus();
    const invoke = vi.fn(async () => repositories);
    const show = vi.fn<Notifier['show']>(() => true);
    const stop = watchJobNotifications({ core: { events, invoke: invoke as unknown as Core['invoke'] }, notifier: { show } });
    return { events, invoke, show, stop };
  }

  it('notifies once when a job ends, with the repository name', async () => {
    const s = setUp();
    const running = job('running');
    s.events.emit('jobs.updated', job('queued', { id: running.id }));
    s.events.emit('jobs.updated', running);
    const done = { ...running, state: 'succeeded' as const };
    s.events.emit('jobs.updated', done);
    s.events.emit('jobs.updated', done);
    await vi.waitFor(() => expect(s.show).toHaveBeenCalledOnce());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(s.show).toHaveBeenCalledOnce();
    expect(s.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Backup of docs finished' }));
    s.stop();
  });

  it('notifies each job that ends, and never for queued or running ones', async () => {
    const s = setUp();
    s.events.emit('jobs.updated', job('queued'));
    s.events.emit('jobs.updated', job('running'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(s.show).not.toHaveBeenCalled();
    s.events.emit('jobs.updated', job('failed', { error: { code: 'BORG_FAILED', message: 'boom' } }));
    s.events.emit('jobs.updated', job('cancelled'));
    await vi.waitFor(() => expect(s.show).toHaveBeenCalledTimes(2));
    expect(s.show.mock.calls.map(([c]) => c.title)).toEqual(['Backup of docs failed', 'Backup of docs cancelled']);
    expect(s.show.mock.calls[0]![0]).toMatchObject({ body: 'boom', persistent: true });
    s.stop();
  });

  it('still notifies when the repository is gone', async () => {
    const s = setUp([]);
    s.events.emit('jobs.updated', job('succeeded', { repository_id: 7 }));
    await vi.waitFor(() => expect(s.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Backup of repository 7 finished' })));
    s.stop();
  });

  it('stops notifying when stopped', async () => {
    const s = setUp();
    s.stop();
    s.events.emit('jobs.updated', job('failed'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(s.show).not.toHaveBeenCalled();
  });
});
