import { describe, expect, it, vi } from 'vitest';
import {
  TRAY_LABEL_MAX,
  TRAY_MAX_REPOSITORIES,
  buildTrayMenuModel,
  menuLabel,
  watchTrayMenu,
  type TrayMenuItem,
  type TrayRepository,
} from '../../src-main/app/tray-menu';

const loaded = (repositories: TrayRepository[]) => ({ state: 'loaded' as const, repositories });
const labels = (items: TrayMenuItem[]) => items.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('buildTrayMenuModel', () => {
  it('shows the job status, one line per repository by name, then Open and Quit', () => {
    const model = buildTrayMenuModel({
      jobStatus: null,
      repositories: loaded([
        { id: 2, name: 'photos' },
        { id: 1, name: 'documents' },
      ]),
      platform: 'linux',
    });
    expect(labels(model)).toEqual(['No jobs running', '---', 'documents', 'photos', '---', 'Open Borg Desk', 'Quit']);
    expect(model[0]).toEqual({ type: 'label', label: 'No jobs running' });
    expect(model[2]).toEqual({ type: 'action', label: 'documents', action: { kind: 'open-repository', id: 1 } });
    expect(model.at(-2)).toEqual({ type: 'action', label: 'Open Borg Desk', action: { kind: 'open' } });
    expect(model.at(-1)).toEqual({ type: 'action', label: 'Quit', action: { kind: 'quit' } });
  });

  it('says so when there are no repositories, while loading, and when the list failed', () => {
    const line = (repositories: Parameters<typeof buildTrayMenuModel>[0]['repositories']) =>
      buildTrayMenuModel({ jobStatus: null, repositories, platform: 'linux' })[2];
    expect(line(loaded([]))).toEqual({ type: 'label', label: 'No repositories yet' });
    expect(line({ state: 'loading' })).toEqual({ type: 'label', label: 'Loading repositories…' });
    expect(line({ state: 'failed' })).toEqual({ type: 'label', label: 'Repositories unavailable' });
  });

  it('shows a given job status instead of the placeholder', () => {
    const model = buildTrayMenuModel({ jobStatus: 'Backing up photos (42%)', repositories: loaded([]), platform: 'linux' });
    expect(model[0]).toEqual({ type: 'label', label: 'Backing up photos (42%)' });
  });

  it(`lists at most ${TRAY_MAX_REPOSITORIES} repositories and counts the rest`, () => {
    const many = Array.from({ length: TRAY_MAX_REPOSITORIES + 3 }, (_, i) => ({ id: i + 1, name: `repo ${String(i).padStart(2, '0')}` }));
    const model = buildTrayMenuModel({ jobStatus: null, repositories: loaded(many), platform: 'linux' });
    const repoLines = model.filter((item) => item.type === 'action' && item.action.kind === 'open-repository');
    expect(repoLines).toHaveLength(TRAY_MAX_REPOSITORIES);
    expect(labels(model)).toContain('3 more…');
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

describe('watchTrayMenu', () => {
  function source(initial: TrayRepository[]) {
    let listener: (() => void) | null = null;
    const list = vi.fn(async () => initial);
    const unsubscribe = vi.fn(() => {
      listener = null;
    });
    return {
      list,
      unsubscribe,
      changed: () => listener?.(),
      source: {
        listRepositories: list,
        onRepositoriesChanged: (cb: () => void) => {
          listener = cb;
          return unsubscribe;
        },
      },
    };
  }

  it('draws a loading menu at once, then the repositories', async () => {
    const s = source([{ id: 1, name: 'home' }]);
    const render = vi.fn<(model: TrayMenuItem[]) => void>();
    watchTrayMenu(s.source, render, 'linux');
    expect(labels(render.mock.calls[0]![0])).toContain('Loading repositories…');
    await vi.waitFor(() => expect(render).toHaveBeenCalledTimes(2));
    expect(labels(render.mock.calls[1]![0])).toContain('home');
  });

  it('redraws after repositories.changed with the new list', async () => {
    const s = source([{ id: 1, name: 'home' }]);
    const render = vi.fn<(model: TrayMenuItem[]) => void>();
    watchTrayMenu(s.source, render, 'linux');
    await vi.waitFor(() => expect(render).toHaveBeenCalledTimes(2));
    s.list.mockResolvedValueOnce([
      { id: 1, name: 'home' },
      { id: 2, name: 'work' },
    ]);
    s.changed();
    await vi.waitFor(() => expect(render).toHaveBeenCalledTimes(3));
    expect(labels(render.mock.calls[2]![0])).toEqual(expect.arrayContaining(['home', 'work']));
  });

  it('never lets a slow, older answer overwrite a newer one', async () => {
    const s = source([]);
    let releaseOld: (value: TrayRepository[]) => void = () => undefined;
    s.list.mockReset();
    s.list.mockImplementationOnce(() => new Promise((resolve) => (releaseOld = resolve)));
    s.list.mockImplementationOnce(async () => [{ id: 9, name: 'newest' }]);
    const render = vi.fn<(model: TrayMenuItem[]) => void>();
    watchTrayMenu(s.source, render, 'linux');
    s.changed();
    await vi.waitFor(() => expect(labels(render.mock.lastCall![0])).toContain('newest'));
    releaseOld([{ id: 1, name: 'stale' }]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(labels(render.mock.lastCall![0])).toContain('newest');
    expect(labels(render.mock.lastCall![0])).not.toContain('stale');
  });

  it('shows the failure line when listing fails', async () => {
    const s = source([]);
    s.list.mockRejectedValueOnce(new Error('store broken'));
    const render = vi.fn<(model: TrayMenuItem[]) => void>();
    watchTrayMenu(s.source, render, 'linux');
    await vi.waitFor(() => expect(labels(render.mock.lastCall![0])).toContain('Repositories unavailable'));
  });

  it('unsubscribes and stops drawing when stopped', async () => {
    const s = source([{ id: 1, name: 'home' }]);
    const render = vi.fn<(model: TrayMenuItem[]) => void>();
    const stop = watchTrayMenu(s.source, render, 'linux');
    stop();
    expect(s.unsubscribe).toHaveBeenCalledOnce();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(render).toHaveBeenCalledTimes(1);
  });
});
