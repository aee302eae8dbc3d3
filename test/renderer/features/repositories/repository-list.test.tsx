import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../../src-renderer/lib/relative-time';
import { createTokenSession } from '../../../../src-renderer/features/auth/token-session';
import { createFakeTransport } from '../../fake-transport';
import { makeRepository } from '../../fixtures';
import { renderApp } from '../../render-app';

const hoursAgo = (h: number): string => new Date(Date.now() - h * 3600_000).toISOString();

describe('repository list', () => {
  it('shows the empty state with Create and Import when there are no repositories', async () => {
    const transport = createFakeTransport({ 'repositories.list': () => [] });
    renderApp(transport);
    const empty = await screen.findByTestId('empty-state');
    expect(empty).toHaveTextContent('No repositories yet');
    expect(within(empty).getByRole('button', { name: 'Create repository' })).toBeEnabled();
    expect(within(empty).getByRole('button', { name: 'Import repository' })).toBeEnabled();
    expect(screen.queryAllByTestId('repo-row')).toHaveLength(0);
  });

  it('renders a row per repository with location, relative last backup, counts, size and mode', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [
        makeRepository({ id: 1, name: 'laptop', path: '/mnt/backup/laptop', last_backup: hoursAgo(2), archive_count: 42, total_size: '15.24 GB' }),
        makeRepository({
          id: 2,
          name: 'nas',
          path: 'ssh://backup@nas.local:2222/srv/borg/nas',
          repository_type: 'ssh',
          host: 'nas.local',
          port: 2222,
          username: 'backup',
          mode: 'observe',
          encryption: 'keyfile',
          last_backup: null,
        }),
      ],
    });
    renderApp(transport);
    const rows = await screen.findAllByTestId('repo-row');
    expect(rows).toHaveLength(2);
    const [laptop, nas] = rows as [HTMLElement, HTMLElement];
    expect(laptop).toHaveTextContent('laptop');
    expect(laptop).toHaveTextContent('/mnt/backup/laptop');
    expect(laptop).toHaveTextContent('2 hours ago');
    expect(laptop).toHaveTextContent('42');
    expect(laptop).toHaveTextContent('15.24 GB');
    expect(laptop).toHaveTextContent('full');
    expect(laptop).toHaveTextContent('repokey');
    expect(nas).toHaveTextContent('backup@nas.local:2222');
    expect(nas).toHaveTextContent('/srv/borg/nas');
    expect(nas).toHaveTextContent('Never');
    expect(nas).toHaveTextContent('observe');
    expect(nas).toHaveTextContent('keyfile');
    expect(screen.queryByTestId('empty-state')).not.toBeInTheDocument();
  });

  it('gives the full date of the last backup on hover', async () => {
    const lastBackup = hoursAgo(2);
    const transport = createFakeTransport({ 'repositories.list': () => [makeRepository({ id: 1, name: 'laptop', last_backup: lastBackup })] });
    const { user } = renderApp(transport);
    const row = await screen.findByTestId('repo-row');
    const cell = within(row).getByText('2 hours ago');
    expect(cell).not.toHaveAttribute('title');
    await user.hover(cell);
    expect(cell).toHaveAttribute('title', formatDateTime(lastBackup));
    expect(cell.title).toMatch(/\d/);
  });

  it('marks a repository whose last status check failed, with the reason', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [
        makeRepository({ id: 1, name: 'fine' }),
        makeRepository({
          id: 2,
          name: 'broken',
          last_refresh_error: { code: 'REPO_LOCKED', message: 'Failed to create/acquire the lock', at: hoursAgo(1) },
        }),
      ],
    });
    renderApp(transport);
    const rows = await screen.findAllByTestId('repo-row');
    const broken = rows.find((r) => r.textContent?.includes('broken'));
    const fine = rows.find((r) => r.textContent?.includes('fine'));
    expect(broken).toHaveAttribute('data-status', 'error');
    expect(within(broken as HTMLElement).getByTestId('repo-row-error')).toHaveTextContent('Failed to create/acquire the lock');
    expect(fine).toHaveAttribute('data-status', 'ok');
    expect(within(fine as HTMLElement).queryByTestId('repo-row-error')).toBeNull();
  });

  it('renders only the visible rows of a thousand repositories', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => makeRepository({ id: i + 1, name: `repo-${i + 1}` }));
    const transport = createFakeTransport({ 'repositories.list': () => many });
    renderApp(transport);
    const rows = await screen.findAllByTestId('repo-row');
    // A 600px viewport of 56px rows plus overscan: a few dozen at most, never a thousand.
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByTestId('repo-count')).toHaveTextContent('1000');
  });

  it('filters rows by name or path', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [makeRepository({ id: 1, name: 'photos' }), makeRepository({ id: 2, name: 'music', path: '/srv/tunes' })],
    });
    const { user } = renderApp(transport);
    await screen.findAllByTestId('repo-row');
    await user.type(screen.getByRole('textbox', { name: 'Filter repositories' }), 'tunes');
    await waitFor(() => expect(screen.getAllByTestId('repo-row')).toHaveLength(1));
    expect(screen.getByTestId('repo-row')).toHaveTextContent('music');
  });

  it('reloads the list when the core says repositories changed', async () => {
    let names = ['first'];
    const transport = createFakeTransport({
      'repositories.list': () => names.map((name, i) => makeRepository({ id: i + 1, name })),
    });
    renderApp(transport);
    await screen.findByText('first');
    expect(transport.listenerCount('repositories.changed')).toBe(1);
    names = ['first', 'second'];
    transport.emit('repositories.changed', { ids: [2] });
    expect(await screen.findByText('second')).toBeInTheDocument();
  });

  it('hides every write action from a viewer', async () => {
    const transport = createFakeTransport(
      { 'repositories.list': () => [makeRepository({ id: 1, name: 'shared' })], 'repositories.get': () => ({ repository: makeRepository({ id: 1, name: 'shared' }), live: null, live_error: null }) },
      { role: 'viewer' },
    );
    // The role comes from whoami, which only the token gate asks; give it a session.
    const session = createTokenSession(window.sessionStorage);
    session.set('viewer-token');
    const { user } = renderApp(transport, session);
    await user.click(await screen.findByRole('button', { name: 'shared' }));
    await screen.findByTestId('repo-details-body');
    for (const name of ['Create repository', 'Import repository', 'Refresh all', 'Refresh status', 'Edit', 'Delete', 'Export keyfile', 'Upload keyfile']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.getByText('read-only')).toBeInTheDocument();
  });
});
