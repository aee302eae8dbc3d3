import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenSession } from '../../../../src-renderer/features/auth/token-session';
import { resetJobsUi } from '../../../../src-renderer/features/jobs/ui-store';
import { ERROR_SENTENCES } from '../../../../src-renderer/lib/errors';
import type { Repository } from '../../../../src-renderer/lib/contract';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport, type Handlers } from '../../fake-transport';
import { makeJob, makeRepository } from '../../fixtures';
import { findRows, renderApp } from '../../render-app';

afterEach(resetJobsUi);

function rowOf(rows: HTMLElement[], name: string): HTMLElement {
  const row = rows.find((r) => within(r).queryByRole('button', { name }) !== null);
  if (row === undefined) throw new Error(`no row for ${name}`);
  return row;
}

function withDetails(repos: Repository[], handlers: Handlers = {}): Handlers {
  return {
    'repositories.list': () => repos,
    'repositories.get': ({ id }) => ({ repository: repos.find((r) => r.id === id) as Repository, live: null, live_error: null }),
    ...handlers,
  };
}

describe('Back up now in the repository list', () => {
  it("starts a backup of the row's repository and is disabled while it waits", async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [makeRepository({ id: 7, name: 'laptop' })],
      'jobs.start': ({ repository_id, kind }) => makeJob({ id: 'j1', repository_id, kind, state: 'queued' }),
    });
    const { user } = renderApp(transport);
    const row = rowOf(await findRows(), 'laptop');
    const button = within(row).getByRole('button', { name: 'Back up now' });
    expect(button).toBeEnabled();

    await user.click(button);

    await waitFor(() => expect(transport.inputsOf('jobs.start')).toEqual([{ repository_id: 7, kind: 'backup' }]));
    await waitFor(() => expect(within(row).getByRole('button', { name: 'Back up now' })).toBeDisabled());
    expect(within(row).getByTestId('repo-row-job')).toHaveTextContent('Waiting to back up');
    expect(within(screen.getByTestId('job-panel')).getByTestId('job-progress')).toHaveAttribute('data-job-state', 'queued');
    // The button is not a way into the details.
    expect(screen.queryByTestId('repo-details-body')).toBeNull();
  });

  it('is disabled with its reason in observe mode and without source directories', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [
        makeRepository({ id: 1, name: 'watched', mode: 'observe' }),
        makeRepository({ id: 2, name: 'empty', source_directories: [] }),
        makeRepository({ id: 3, name: 'ready' }),
      ],
    });
    const { user } = renderApp(transport);
    const rows = await findRows();
    const watched = within(rowOf(rows, 'watched')).getByRole('button', { name: 'Back up now' });
    const empty = within(rowOf(rows, 'empty')).getByRole('button', { name: 'Back up now' });
    expect(watched).toBeDisabled();
    expect(watched).toHaveAccessibleDescription(/observe mode/i);
    expect(empty).toBeDisabled();
    expect(empty).toHaveAccessibleDescription(/no source directories/i);
    // A disabled button gets no hover: the reason is the tooltip of what wraps it.
    expect(watched.closest('[title]')).toHaveAttribute('title', expect.stringMatching(/observe mode/i));
    const ready = within(rowOf(rows, 'ready')).getByRole('button', { name: 'Back up now' });
    expect(ready).toBeEnabled();
    expect(ready.closest('[role="cell"]')?.querySelector('[title]')).toBeNull();

    await user.click(watched);
    expect(transport.inputsOf('jobs.start')).toEqual([]);
  });

  it('is disabled while a job for its repository runs, and only for that repository', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [makeRepository({ id: 1, name: 'busy' }), makeRepository({ id: 2, name: 'idle' })],
      'jobs.list': () => [makeJob({ id: 'c1', repository_id: 1, kind: 'check', state: 'running' })],
    });
    renderApp(transport);
    const rows = await findRows();
    const busy = within(rowOf(rows, 'busy')).getByRole('button', { name: 'Back up now' });
    await waitFor(() => expect(busy).toBeDisabled());
    expect(busy).toHaveAccessibleDescription('A check is running on this repository.');
    expect(within(rowOf(rows, 'busy')).getByTestId('repo-row-job')).toHaveTextContent('Checking…');
    expect(within(rowOf(rows, 'idle')).getByRole('button', { name: 'Back up now' })).toBeEnabled();
    expect(within(rowOf(rows, 'idle')).queryByTestId('repo-row-job')).toBeNull();
  });

  it('is hidden from viewers, who still see what runs', async () => {
    const transport = createFakeTransport(
      {
        'repositories.list': () => [makeRepository({ id: 1, name: 'shared' })],
        'jobs.list': () => [makeJob({ repository_id: 1, state: 'running' })],
      },
      { role: 'viewer' },
    );
    const session = createTokenSession(window.sessionStorage);
    session.set('viewer-token');
    renderApp(transport, session);
    await findRows();
    expect(await screen.findByTestId('repo-row-job')).toHaveTextContent('Backing up…');
    expect(screen.queryByRole('button', { name: 'Back up now' })).toBeNull();
    expect(within(screen.getByTestId('job-panel')).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('explains a refused start in a sentence until dismissed', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [makeRepository({ id: 1, name: 'laptop' })],
      'jobs.start': () => {
        throw new TransportError('JOB_RUNNING', 'This repository already has 5 jobs waiting; cancel some or wait for them.');
      },
    });
    const { user } = renderApp(transport);
    await user.click(within(rowOf(await findRows(), 'laptop')).getByRole('button', { name: 'Back up now' }));
    const alert = await screen.findByTestId('job-start-error');
    expect(alert).toHaveTextContent('The backup of laptop could not start');
    expect(alert).toHaveTextContent(ERROR_SENTENCES.JOB_RUNNING);
    expect(alert).toHaveTextContent('already has 5 jobs waiting');
    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('job-start-error')).toBeNull();
  });
});

describe('job actions in the details drawer', () => {
  it('starts a backup, a check (optionally verifying data) and a compaction', async () => {
    const repo = makeRepository({ id: 4, name: 'laptop' });
    let n = 0;
    const transport = createFakeTransport(
      withDetails([repo], {
        // Finished at once, so the next button is free again.
        'jobs.start': ({ repository_id, kind }) => makeJob({ id: `j${++n}`, repository_id, kind, state: 'succeeded' }),
      }),
    );
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    const actions = await screen.findByTestId('repo-job-actions');

    await user.click(within(actions).getByRole('button', { name: 'Back up now' }));
    await user.click(within(actions).getByRole('button', { name: 'Check' }));
    await user.click(within(actions).getByRole('checkbox', { name: /verify all data/i }));
    await user.click(within(actions).getByRole('button', { name: 'Check' }));
    await user.click(within(actions).getByRole('button', { name: 'Compact' }));

    await waitFor(() =>
      expect(transport.inputsOf('jobs.start')).toEqual([
        { repository_id: 4, kind: 'backup' },
        { repository_id: 4, kind: 'check' },
        { repository_id: 4, kind: 'check', verify_data: true },
        { repository_id: 4, kind: 'compact' },
      ]),
    );
  });

  it('allows only a check in observe mode, and says why', async () => {
    const repo = makeRepository({ id: 4, name: 'watched', mode: 'observe' });
    const transport = createFakeTransport(withDetails([repo], { 'jobs.start': ({ kind }) => makeJob({ repository_id: 4, kind, state: 'queued' }) }));
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'watched' }));
    const actions = await screen.findByTestId('repo-job-actions');
    expect(within(actions).getByRole('button', { name: 'Back up now' })).toBeDisabled();
    expect(within(actions).getByRole('button', { name: 'Compact' })).toBeDisabled();
    expect(within(actions).getByRole('button', { name: 'Compact' })).toHaveAccessibleDescription(/observe mode/i);
    expect(within(actions).getAllByTestId('job-blocked-reason').map((e) => e.textContent)).toEqual([
      'Observe mode: Borg Desk only reads this repository and does not back up to it.',
      'Observe mode: Borg Desk does not compact this repository.',
    ]);
    const check = within(actions).getByRole('button', { name: 'Check' });
    expect(check).toBeEnabled();
    await user.click(check);
    await waitFor(() => expect(transport.inputsOf('jobs.start')).toEqual([{ repository_id: 4, kind: 'check' }]));
    // Now a check waits: nothing else can start until it is done.
    await waitFor(() => expect(within(actions).getByRole('button', { name: 'Check' })).toBeDisabled());
    expect(within(actions).getAllByTestId('job-blocked-reason').map((e) => e.textContent)).toContain('A check is waiting to run on this repository.');
  });

  it('shows a refusal as its sentence in the drawer', async () => {
    const repo = makeRepository({ id: 4, name: 'laptop' });
    const transport = createFakeTransport(
      withDetails([repo], {
        'jobs.start': () => {
          throw new TransportError('OBSERVE_MODE', 'This repository is in observe mode: Borg Desk does not compact it.');
        },
      }),
    );
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    await user.click(within(await screen.findByTestId('repo-job-actions')).getByRole('button', { name: 'Compact' }));
    const alert = await within(screen.getByTestId('repo-job-actions')).findByRole('alert');
    expect(alert).toHaveTextContent('The job could not start');
    expect(alert).toHaveTextContent(ERROR_SENTENCES.OBSERVE_MODE);
    expect(alert).toHaveAttribute('data-error-code', 'OBSERVE_MODE');
  });

  it('offers no job actions to viewers', async () => {
    const repo = makeRepository({ id: 4, name: 'shared' });
    const transport = createFakeTransport(withDetails([repo]), { role: 'viewer' });
    const session = createTokenSession(window.sessionStorage);
    session.set('viewer-token');
    const { user } = renderApp(transport, session);
    await user.click(await screen.findByRole('button', { name: 'shared' }));
    await screen.findByTestId('repo-details-body');
    for (const name of ['Back up now', 'Check', 'Compact']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByTestId('repo-job-actions')).toBeNull();
  });
});
