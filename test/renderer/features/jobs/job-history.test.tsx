import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetJobsUi } from '../../../../src-renderer/features/jobs/ui-store';
import type { Job, JobDetails } from '../../../../src-renderer/lib/contract';
import { ERROR_SENTENCES } from '../../../../src-renderer/lib/errors';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport, type Handlers } from '../../fake-transport';
import { makeJob, makeJobDetails, makeRepository } from '../../fixtures';
import { renderApp } from '../../render-app';

afterEach(resetJobsUi);

const repo = makeRepository({ id: 3, name: 'laptop' });

const history: Job[] = [
  makeJob({
    id: 'ok',
    state: 'succeeded',
    repository_id: 3,
    created_at: '2024-05-04T10:00:00Z',
    result: { archive_name: 'laptop-2024-05-04', nfiles: 1500, original_size: 2_000_000_000, compressed_size: 1_000_000_000, deduplicated_size: 12_000_000, duration_seconds: 95 },
  }),
  makeJob({ id: 'warn', state: 'succeeded_with_warnings', repository_id: 3, created_at: '2024-05-03T10:00:00Z', warnings: ['/home/me/gone: No such file or directory'] }),
  makeJob({
    id: 'bad',
    state: 'failed',
    repository_id: 3,
    created_at: '2024-05-02T10:00:00Z',
    error: { code: 'HOOK_FAILED', message: 'The pre-backup script exited with code 2.' },
  }),
  makeJob({ id: 'stop', kind: 'check', state: 'cancelled', repository_id: 3, created_at: '2024-05-01T10:00:00Z', error: { code: 'CANCELLED', message: 'Cancelled before it started.' } }),
];

const failedDetails: JobDetails = makeJobDetails({
  ...history[2],
  warnings: ['Continuing without the mount'],
  log: [
    { time: '2024-05-02T10:00:01Z', level: 'info', source: 'app', message: 'Running the pre-backup script.' },
    { time: '2024-05-02T10:00:02Z', level: 'error', source: 'pre-hook', message: 'mount: /mnt/photos: permission denied' },
  ],
});

function setup(handlers: Handlers = {}) {
  const transport = createFakeTransport({
    'repositories.list': () => [repo],
    'repositories.get': () => ({ repository: repo, live: null, live_error: null }),
    'jobs.list': (input) => (input?.repository_id === 3 ? history : []),
    'jobs.get': () => failedDetails,
    ...handlers,
  });
  return { transport, ...renderApp(transport) };
}

describe('job history in the details drawer', () => {
  it("lists the repository's finished jobs with their state, duration and outcome", async () => {
    const { transport, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    const table = await screen.findByTestId('job-history');
    const rows = within(table).getAllByTestId('job-history-row');
    expect(rows.map((r) => r.getAttribute('data-job-state'))).toEqual(['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled']);
    expect(rows.map((r) => within(r).getByTestId('job-state-badge').textContent)).toEqual(['Succeeded', 'Succeeded with warnings', 'Failed', 'Cancelled']);
    const [ok, warn, bad, stop] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(ok).toHaveTextContent('laptop-2024-05-04');
    expect(ok).toHaveTextContent('1,500 files · 2 GB · 12 MB new');
    expect(ok).toHaveTextContent('1 min 35 s');
    expect(warn).toHaveTextContent('1 warning');
    expect(bad).toHaveTextContent(ERROR_SENTENCES.HOOK_FAILED);
    expect(stop).toHaveTextContent('Check');
    expect(stop).toHaveTextContent('Cancelled before it started.');
    expect(transport.inputsOf('jobs.list')).toContainEqual({ repository_id: 3, limit: 50 });
  });

  it('says so when nothing has run yet', async () => {
    const { user } = setup({ 'jobs.list': () => [] });
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    expect(await screen.findByTestId('job-history')).toHaveTextContent('No backup, check or compaction has finished on this repository yet.');
  });

  it('opens a log with level and source per line, the warnings, and the error as a sentence', async () => {
    const { transport, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    const bad = (await screen.findAllByTestId('job-history-row'))[2] as HTMLElement;
    await user.click(within(bad).getByRole('button', { name: 'View log' }));

    const log = await screen.findByTestId('job-log');
    expect(transport.inputsOf('jobs.get')).toEqual([{ id: 'bad' }]);
    expect(screen.getByRole('dialog', { name: 'Backup of laptop' })).toBeInTheDocument();
    // One layer at a time: the drawer steps aside while the log is open.
    expect(screen.queryByTestId('repo-details-body')).toBeNull();

    const lines = within(log).getAllByTestId('job-log-line');
    expect(lines.map((l) => [l.getAttribute('data-level'), l.getAttribute('data-source')])).toEqual([
      ['info', 'app'],
      ['error', 'pre-hook'],
    ]);
    expect(lines[1]).toHaveTextContent('mount: /mnt/photos: permission denied');
    const error = within(log).getByTestId('job-error');
    expect(error).toHaveTextContent('The backup failed');
    expect(error).toHaveTextContent(ERROR_SENTENCES.HOOK_FAILED);
    expect(error).toHaveTextContent('The pre-backup script exited with code 2.');
    expect(within(log).getByTestId('job-warnings')).toHaveTextContent('Continuing without the mount');

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('job-log')).toBeNull());
    expect(await screen.findByTestId('repo-details-body')).toBeInTheDocument();
  });

  it('opens the log from a click anywhere on the row', async () => {
    const { transport, user } = setup({ 'jobs.get': ({ id }) => makeJobDetails({ ...history[0], id, log: [] }) });
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    await user.click((await screen.findAllByTestId('job-history-row'))[0] as HTMLElement);
    expect(await screen.findByTestId('job-log')).toHaveTextContent('Nothing has been logged.');
    expect(screen.getByTestId('job-log')).toHaveTextContent('laptop-2024-05-04');
    expect(transport.inputsOf('jobs.get')).toEqual([{ id: 'ok' }]);
  });

  it('explains why a log could not be loaded', async () => {
    const { user } = setup({
      'jobs.get': () => {
        throw new TransportError('NOT_FOUND', 'Job bad does not exist.');
      },
    });
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    await user.click(within((await screen.findAllByTestId('job-history-row'))[2] as HTMLElement).getByRole('button', { name: 'View log' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The log could not be loaded');
    expect(alert).toHaveTextContent(ERROR_SENTENCES.NOT_FOUND);
  });
});
