import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Job, Repository } from '../../src-main/core/contract';
import type { Core } from '../../src-main/core/core';
import { EventBus } from '../../src-main/core/events/emitter';
import { trayModel } from '../../src-main/core/jobs/tray-model';
import { createTray } from '../../src-main/app/tray';
import {
  TRAY_LABEL_MAX,
  TRAY_MAX_REPOSITORIES,
  buildTrayMenuModel,
  menuLabel,
  runTrayAction,
  trayView,
  watchTrayMenu,
  type TrayMenuItem,
  type TrayView,
} from '../../src-main/app/tray-menu';
import { jobRecord, repositoryRecord } from '../fixtures/records';

// tray.ts is the only module here that loads Electron; it gets this stand-in.
const electron = vi.hoisted(() => {
  class FakeTray {
    static all: FakeTray[] = [];
    images: string[] = [];
    tooltip = '';
    menu: MenuItemConstructorOptions[] = [];
    destroyed = false;
    constructor(image: { path: string }) {
      this.images.push(image.path);
      FakeTray.all.push(this);
    }
    setImage(image: { path: string }) {
      this.images.push(image.path);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: MenuItemConstructorOptions[]) {
      this.menu = menu;
    }
    on() {
      return this;
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return {
    FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
  };
});
vi.mock('electron', () => ({ Tray: electron.FakeTray, Menu: electron.Menu, nativeImage: electron.nativeImage }));

const NOW = new Date('2026-06-01T12:00:00.000Z');

const repo = repositoryRecord;
const job = jobRecord;

function withPercent(percent: number): Job['progress'] {
  return { percent } as Job['progress'];
}

const label = (item: TrayMenuItem | undefined): string =>
  item === undefined ? '(none)' : item.type === 'separator' ? '---' : item.type === 'submenu' ? `${item.label} ▸` : item.label;
const labels = (items: TrayMenuItem[]) => items.map(label);
const submenu = (items: TrayMenuItem[], startsWith: string): TrayMenuItem[] => {
  const found = items.find((i) => i.type === 'submenu' && i.label.startsWith(startsWith));
  if (found?.type !== 'submenu') throw new Error(`no submenu ${startsWith} in ${labels(items).join(' | ')}`);
  return found.items;
};
const menu = (repositories: Repository[], jobs: Job[], platform: NodeJS.Platform = 'linux') =>
  buildTrayMenuModel({ state: 'loaded', model: trayModel(repositories, jobs, NOW) }, platform);

describe('buildTrayMenuModel', () => {
  it('when idle: a status line, each repository with its last backup and Back up now, then Open and Quit', () => {
    const items = menu([repo(2, 'photos', { last_backup: '2026-06-01T11:55:00.000Z' }), repo(1, 'docs', { last_backup: '2026-06-01T10:00:00.000Z' })], []);
    expect(labels(items)).toEqual([
      'No jobs running',
      '---',
      'docs — 2 hours ago ▸',
      'photos — 5 minutes ago ▸',
      '---',
      'Open Borg Desk',
      'Quit',
    ]);
    expect(submenu(items, 'docs')).toEqual([
      { type: 'label', label: 'Last backup 2 hours ago' },
      { type: 'separator' },
      { type: 'action', label: 'Back up now', action: { kind: 'backup', repository_id: 1 }, enabled: true, id: 'backup:1' },
    ]);
    expect(items.at(-2)).toEqual({ type: 'action', label: 'Open Borg Desk', action: { kind: 'open' } });
    expect(items.at(-1)).toEqual({ type: 'action', label: 'Quit', action: { kind: 'quit' } });
  });

  it('while a backup runs: its percentage and a Cancel item, and Back up now disabled with the reason', () => {
    const running = job(1, 'running', { progress: withPercent(42.9) });
    const items = menu([repo(1, 'docs'), repo(2, 'photos')], [running]);
    expect(labels(items).slice(0, 4)).toEqual(['Backing up docs — 42%', 'Cancel', '---', 'docs — backing up 42% ▸']);
    expect(items[1]).toEqual({
      type: 'action',
      label: 'Cancel',
      action: { kind: 'cancel', job_id: running.id },
      enabled: true,
      id: `cancel:${running.id}`,
    });
    const docs = submenu(items, 'docs');
    expect(docs).toContainEqual(expect.objectContaining({ type: 'action', label: 'Back up now', enabled: false, toolTip: expect.stringMatching(/already running/) }));
    expect(labels(docs)).toContain('A job is already running or waiting on this repository.');
    expect(submenu(items, 'photos')).toContainEqual(expect.objectContaining({ label: 'Back up now', enabled: true }));
  });

  it('shows one section per running job, and a cancel already asked for as disabled', () => {
    const a = job(1, 'running', { progress: withPercent(10) });
    const b = job(2, 'running', { kind: 'check', cancel_requested: true });
    const items = menu([repo(1, 'docs'), repo(2, 'photos')], [a, b]);
    expect(labels(items).slice(0, 6)).toEqual(['Backing up docs — 10%', 'Cancel', '---', 'Checking photos', 'Cancelling…', '---']);
    expect(items[4]).toMatchObject({ enabled: false, action: { kind: 'cancel', job_id: b.id } });
  });

  it('after a failure: says which repository failed, and marks warnings', () => {
    const items = menu(
      [repo(1, 'docs', { last_backup: '2026-05-31T12:00:00.000Z' }), repo(2, 'photos', { last_backup: '2026-06-01T09:00:00.000Z' })],
      [job(1, 'failed'), job(2, 'succeeded_with_warnings')],
    );
    expect(labels(items).slice(0, 4)).toEqual(['Last job failed: docs', '---', 'docs — last backup failed ▸', 'photos — 3 hours ago (warnings) ▸']);
    expect(labels(submenu(items, 'docs'))).toEqual(['Last backup yesterday', 'Last job failed', '---', 'Back up now']);
    expect(labels(submenu(items, 'photos'))).toEqual(['Last backup 3 hours ago', 'Last job finished with warnings', '---', 'Back up now']);
  });

  it('says so while loading, when listing failed, and when there are no repositories', () => {
    expect(buildTrayMenuModel({ state: 'loading' }, 'linux')[0]).toEqual({ type: 'label', label: 'Loading repositories…' });
    expect(buildTrayMenuModel({ state: 'failed' }, 'linux')[0]).toEqual({ type: 'label', label: 'Repositories unavailable' });
    expect(labels(menu([], []))).toEqual(['No jobs running', '---', 'No repositories yet', '---', 'Open Borg Desk', 'Quit']);
  });

  it(`lists at most ${TRAY_MAX_REPOSITORIES} repositories and counts the rest`, () => {
    const many = Array.from({ length: TRAY_MAX_REPOSITORIES + 3 }, (_, i) => repo(i + 1, `repo ${String(i).padStart(2, '0')}`));
    const items = menu(many, []);
    expect(items.filter((item) => item.type === 'submenu')).toHaveLength(TRAY_MAX_REPOSITORIES);
    expect(items).toContainEqual({ type: 'action', label: '3 more…', action: { kind: 'open' } });
  });

  it('shortens a long name but keeps the state after it, and escapes & off macOS', () => {
    const long = `Tom & Jerry $& ${'x'.repeat(60)}`;
    const items = menu([repo(1, long)], [job(1, 'running', { progress: withPercent(7) })]);
    const line = label(items[3]);
    expect(line).toMatch(/^Tom && Jerry \$&& x+… — backing up 7% ▸$/);
    expect(label(items[0])).toMatch(/^Backing up Tom && Jerry \$&& x+… — 7%$/);
    expect(label(menu([repo(1, 'Tom & Jerry')], [], 'darwin')[2])).toBe('Tom & Jerry — never backed up ▸');
  });
});

describe('trayView', () => {
  it('picks the icon and tooltip from the model state', () => {
    const view = (jobs: Job[]) => trayView({ state: 'loaded', model: trayModel([repo(1, 'docs')], jobs, NOW) }, 'linux');
    expect(view([])).toMatchObject({ icon: 'idle', tooltip: 'Borg Desk — idle' });
    expect(view([job(1, 'running', { progress: withPercent(42) })])).toMatchObject({ icon: 'running', tooltip: 'Borg Desk — backing up docs (42%)' });
    expect(view([job(1, 'failed')])).toMatchObject({ icon: 'error', tooltip: 'Borg Desk — docs: last job failed' });
    expect(trayView({ state: 'loading' }, 'linux')).toMatchObject({ icon: 'idle', tooltip: 'Borg Desk' });
  });
});

describe('menuLabel', () => {
  it('doubles & where Electron reads it as a mnemonic, but not on macOS', () => {
    expect(menuLabel('Tom & Jerry', 'linux')).toBe('Tom && Jerry');
    expect(menuLabel('Tom & Jerry', 'win32')).toBe('Tom && Jerry');
    expect(menuLabel('Tom & Jerry', 'darwin')).toBe('Tom & Jerry');
  });

  it('keeps a label on one short line', () => {
    expect(menuLabel('two\nlines\ttab', 'linux')).toBe('two lines tab');
    const long = menuLabel('x'.repeat(200), 'linux');
    expect(Array.from(long)).toHaveLength(TRAY_LABEL_MAX);
    expect(long.endsWith('…')).toBe(true);
  });
});

/** A core with a real event bus and an `invoke` answering from `state`. */
function fakeCore(repositories: Repository[], jobs: Job[] = []) {
  const state = { repositories, jobs };
  const events = new EventBus();
  const invoke = vi.fn(async (op: string, input: unknown): Promise<unknown> => {
    switch (op) {
      case 'repositories.list':
        return [...state.repositories];
      case 'jobs.list':
        return [...state.jobs];
      case 'jobs.start':
        return job((input as { repository_id: number }).repository_id, 'queued');
      case 'jobs.cancel':
        return state.jobs.find((j) => j.id === (input as { id: string }).id);
      default:
        throw new Error(`unexpected ${op}`);
    }
  });
  const core = { events, invoke: invoke as unknown as Core['invoke'] };
  const calls = (op: string) => invoke.mock.calls.filter(([name]) => name === op);
  return { state, events, invoke, core, calls };
}

describe('runTrayAction', () => {
  const deps = (core: Pick<Core, 'invoke'>) => ({ core, open: vi.fn(), quit: vi.fn(), notify: vi.fn() });

  it('starts a backup of the repository and cancels the job it names', async () => {
    const f = fakeCore([repo(3, 'docs')]);
    const d = deps(f.core);
    await runTrayAction({ kind: 'backup', repository_id: 3 }, d);
    expect(f.invoke).toHaveBeenLastCalledWith('jobs.start', { repository_id: 3, kind: 'backup' });
    await runTrayAction({ kind: 'cancel', job_id: 'job-77' }, d);
    expect(f.invoke).toHaveBeenLastCalledWith('jobs.cancel', { id: 'job-77' });
    expect(d.notify).not.toHaveBeenCalled();
  });

  it('opens the window and quits', async () => {
    const d = deps(fakeCore([]).core);
    await runTrayAction({ kind: 'open' }, d);
    expect(d.open).toHaveBeenCalledOnce();
    await runTrayAction({ kind: 'quit' }, d);
    expect(d.quit).toHaveBeenCalledOnce();
  });

  it('shows a refused start or cancel as a notification instead of throwing', async () => {
    const f = fakeCore([]);
    f.invoke.mockRejectedValueOnce(new Error('This repository is in observe mode.'));
    const d = deps(f.core);
    await expect(runTrayAction({ kind: 'backup', repository_id: 1 }, d)).resolves.toBeUndefined();
    expect(d.notify).toHaveBeenCalledWith({
      title: 'The backup did not start',
      body: 'This repository is in observe mode.',
      persistent: false,
      urgency: 'normal',
    });
    f.invoke.mockRejectedValueOnce(new Error('Job job-1 does not exist.'));
    await runTrayAction({ kind: 'cancel', job_id: 'job-1' }, d);
    expect(d.notify).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'The job could not be cancelled', body: 'Job job-1 does not exist.' }));
  });
});

describe('watchTrayMenu', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const watch = (f: ReturnType<typeof fakeCore>, options: { now?: () => Date } = {}) => {
    const render = vi.fn<(view: TrayView) => void>();
    const stop = watchTrayMenu(f.core, render, { platform: 'linux', now: options.now ?? (() => NOW) });
    return { render, stop, last: () => render.mock.lastCall![0] };
  };

  it('draws a loading menu at once, then the repositories from repositories.list and jobs.list', async () => {
    const f = fakeCore([repo(1, 'home')]);
    const w = watch(f);
    expect(labels(w.render.mock.calls[0]![0].items)).toContain('Loading repositories…');
    await vi.waitFor(() => expect(w.render).toHaveBeenCalledTimes(2));
    expect(labels(w.last().items)).toContain('home — never backed up ▸');
    expect(f.invoke).toHaveBeenCalledWith('jobs.list', { limit: 100 });
    w.stop();
  });

  it('redraws after repositories.changed and jobs.updated; the icon follows the jobs', async () => {
    const f = fakeCore([repo(1, 'home')]);
    const w = watch(f);
    await vi.waitFor(() => expect(w.render).toHaveBeenCalledTimes(2));
    expect(w.last().icon).toBe('idle');

    f.state.repositories = [repo(1, 'home'), repo(2, 'work')];
    f.events.emit('repositories.changed', { ids: [2] });
    await vi.waitFor(() => expect(labels(w.last().items)).toContain('work — never backed up ▸'));

    const running = job(2, 'running', { progress: withPercent(5) });
    f.state.jobs = [running];
    f.events.emit('jobs.updated', running);
    await vi.waitFor(() => expect(w.last().icon).toBe('running'));
    expect(w.last().tooltip).toBe('Borg Desk — backing up work (5%)');

    const failed = { ...running, state: 'failed' as const, finished_at: NOW.toISOString(), error: { code: 'BORG_FAILED', message: 'x' } };
    f.state.jobs = [failed];
    f.events.emit('jobs.updated', failed);
    await vi.waitFor(() => expect(w.last().icon).toBe('error'));
    expect(labels(w.last().items)[0]).toBe('Last job failed: work');
    w.stop();
  });

  it('rebuilds at most once a second while progress arrives, and never loses the last one', async () => {
    vi.useFakeTimers();
    const running = job(1, 'running', { progress: withPercent(1) });
    const f = fakeCore([repo(1, 'home')], [running]);
    const w = watch(f);
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls('jobs.list')).toHaveLength(1);

    const progress = (percent: number) => {
      f.state.jobs = [{ ...running, progress: withPercent(percent) }];
      f.events.emit('jobs.progress', { job_id: running.id, repository_id: 1, progress: withPercent(percent)! });
    };
    progress(10);
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls('jobs.list')).toHaveLength(2);
    expect(labels(w.last().items)[0]).toBe('Backing up home — 10%');

    for (let p = 11; p <= 30; p++) {
      progress(p);
      await vi.advanceTimersByTimeAsync(40);
    }
    // 800 ms of events: still only the first rebuild.
    expect(f.calls('jobs.list')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(f.calls('jobs.list')).toHaveLength(3);
    expect(labels(w.last().items)[0]).toBe('Backing up home — 30%');
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.calls('jobs.list')).toHaveLength(3);
    w.stop();
  });

  it('does not throttle jobs.updated', async () => {
    vi.useFakeTimers();
    const f = fakeCore([repo(1, 'home')]);
    const w = watch(f);
    await vi.advanceTimersByTimeAsync(0);
    f.events.emit('jobs.updated', job(1, 'queued'));
    f.events.emit('jobs.updated', job(1, 'running'));
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls('jobs.list')).toHaveLength(3);
    w.stop();
  });

  it('never lets a slow, older answer overwrite a newer one', async () => {
    const f = fakeCore([]);
    let releaseOld: (value: Repository[]) => void = () => undefined;
    const answer = f.invoke.getMockImplementation()!;
    f.invoke.mockImplementationOnce(() => new Promise((resolve) => (releaseOld = resolve)));
    f.invoke.mockImplementation(async (op, input) => (op === 'repositories.list' ? [repo(9, 'newest')] : answer(op, input)));
    const w = watch(f);
    f.events.emit('repositories.changed', { ids: [9] });
    await vi.waitFor(() => expect(labels(w.last().items)).toContain('newest — never backed up ▸'));
    releaseOld([repo(1, 'stale')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(labels(w.last().items)).toContain('newest — never backed up ▸');
    expect(labels(w.last().items).join()).not.toContain('stale');
    w.stop();
  });

  it('shows the failure line when listing fails', async () => {
    const f = fakeCore([]);
    f.invoke.mockRejectedValueOnce(new Error('store broken'));
    const w = watch(f);
    await vi.waitFor(() => expect(labels(w.last().items)).toContain('Repositories unavailable'));
    w.stop();
  });

  it('redraws relative times as the clock moves', async () => {
    vi.useFakeTimers();
    let now = new Date('2026-06-01T10:00:30.000Z');
    const f = fakeCore([repo(1, 'home', { last_backup: '2026-06-01T10:00:00.000Z' })]);
    const w = watch(f, { now: () => now });
    await vi.advanceTimersByTimeAsync(0);
    expect(labels(w.last().items)).toContain('home — just now ▸');
    now = new Date('2026-06-01T10:05:00.000Z');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(labels(w.last().items)).toContain('home — 5 minutes ago ▸');
    w.stop();
  });

  it('stops listening and drawing when stopped', async () => {
    const f = fakeCore([repo(1, 'home')]);
    const w = watch(f);
    w.stop();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const calls = f.invoke.mock.calls.length;
    f.events.emit('jobs.updated', job(1, 'running'));
    f.events.emit('repositories.changed', { ids: [1] });
    f.events.emit('jobs.progress', { job_id: 'x', repository_id: 1, progress: withPercent(1)! });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(f.invoke.mock.calls.length).toBe(calls);
    expect(w.render).toHaveBeenCalledTimes(1);
  });
});

describe('createTray', () => {
  const find = (items: MenuItemConstructorOptions[] | undefined, id: string): MenuItemConstructorOptions | undefined => {
    for (const item of items ?? []) {
      if (item.id === id) return item;
      const inner = find(item.submenu as MenuItemConstructorOptions[] | undefined, id);
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  const click = (item: MenuItemConstructorOptions | undefined): void => {
    if (typeof item?.click !== 'function') expect.fail('no clickable item');
    (item.click as () => void)();
  };

  function setUp(f: ReturnType<typeof fakeCore>) {
    electron.FakeTray.all.length = 0;
    const notify = vi.fn();
    const handle = createTray({ core: f.core, assetsDir: '/assets', onOpen: vi.fn(), onQuit: vi.fn(), notify });
    const tray = electron.FakeTray.all[0]!;
    return { handle, tray, notify };
  }

  it('switches the icon and tooltip with the jobs, setting the image only when the state changes', async () => {
    const f = fakeCore([repo(1, 'docs')]);
    const { handle, tray } = setUp(f);
    await vi.waitFor(() => expect(tray.tooltip).toBe('Borg Desk — idle'));
    expect(tray.images).toEqual(['/assets/tray/idle.png']);

    const running = job(1, 'running', { progress: withPercent(42) });
    f.state.jobs = [running];
    f.events.emit('jobs.updated', running);
    await vi.waitFor(() => expect(tray.images.at(-1)).toBe('/assets/tray/running.png'));
    expect(tray.tooltip).toBe('Borg Desk — backing up docs (42%)');
    f.events.emit('jobs.updated', running);
    await vi.waitFor(() => expect(f.calls('jobs.list')).toHaveLength(3));

    const failed = { ...running, state: 'failed' as const, finished_at: NOW.toISOString(), error: { code: 'BORG_FAILED', message: 'x' } };
    f.state.jobs = [failed];
    f.events.emit('jobs.updated', failed);
    await vi.waitFor(() => expect(tray.images.at(-1)).toBe('/assets/tray/error.png'));
    expect(tray.images).toEqual(['/assets/tray/idle.png', '/assets/tray/running.png', '/assets/tray/error.png']);
    handle.destroy();
    expect(tray.destroyed).toBe(true);
  });

  it('starts a backup from "Back up now" and cancels from "Cancel" through the core', async () => {
    const running = job(2, 'running', { progress: withPercent(3) });
    const f = fakeCore([repo(1, 'docs'), repo(2, 'photos')], [running]);
    const { handle, tray } = setUp(f);
    await vi.waitFor(() => expect(find(tray.menu, 'backup:1')).toBeDefined());

    expect(find(tray.menu, 'backup:2')).toMatchObject({ enabled: false });
    click(find(tray.menu, 'backup:1'));
    await vi.waitFor(() => expect(f.invoke).toHaveBeenCalledWith('jobs.start', { repository_id: 1, kind: 'backup' }));
    click(find(tray.menu, `cancel:${running.id}`));
    await vi.waitFor(() => expect(f.invoke).toHaveBeenCalledWith('jobs.cancel', { id: running.id }));
    handle.destroy();
  });

  it('notifies instead of crashing when a start is refused', async () => {
    const f = fakeCore([repo(1, 'docs')]);
    const { handle, tray, notify } = setUp(f);
    await vi.waitFor(() => expect(find(tray.menu, 'backup:1')).toBeDefined());
    f.invoke.mockRejectedValueOnce(new Error('A job is already running.'));
    click(find(tray.menu, 'backup:1'));
    await vi.waitFor(() => expect(notify).toHaveBeenCalledWith(expect.objectContaining({ body: 'A job is already running.' })));
    handle.destroy();
  });
});
