import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resetJobsUi } from '../../../../src-renderer/features/jobs/ui-store';
import type { Job } from '../../../../src-renderer/lib/contract';
import { createFakeTransport, type Handlers } from '../../fake-transport';
import { makeJob, makeProgress, makeRepository } from '../../fixtures';
import { findRows, renderApp } from '../../render-app';

afterEach(resetJobsUi);

const laptop = makeRepository({ id: 1, name: 'laptop' });

function setup(jobs: Job[], handlers: Handlers = {}) {
  const transport = createFakeTransport({
    'repositories.list': () => [laptop, makeRepository({ id: 2, name: 'nas' })],
    'repositories.get': () => ({ repository: laptop, live: null, live_error: null }),
    'jobs.list': (input) => jobs.filter((j) => input?.repository_id === undefined || j.repository_id === input.repository_id),
    ...handlers,
  });
  return { transport, ...renderApp(transport) };
}

const card = async (): Promise<HTMLElement> => within(await screen.findByTestId('job-panel')).getByTestId('job-progress');

describe('live job panel', () => {
  it('follows jobs.progress events: percent, ETA, files, sizes, rate and path', async () => {
    const running = makeJob({ id: 'b1', repository_id: 1, progress: makeProgress({ percent: 10, eta_seconds: 600, updated_at: '2024-05-01T10:01:00Z' }) });
    const { transport } = setup([running]);
    const job = await card();
    expect(job).toHaveAttribute('data-job-state', 'running');
    expect(job).toHaveTextContent('laptop');
    expect(within(job).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '10');
    expect(within(job).getByTestId('job-progress-eta')).toHaveTextContent('about 10 min 00 s left');

    act(() =>
      transport.emit('jobs.progress', {
        job_id: 'b1',
        repository_id: 1,
        progress: makeProgress({
          percent: 42.6,
          eta_seconds: 65,
          nfiles: 1234,
          original_size: 1_500_000_000,
          deduplicated_size: 300_000_000,
          rate_bytes_per_second: 25_000_000,
          path: '/home/me/photos/2024/holiday.jpg',
          message: 'Reading files',
          updated_at: '2024-05-01T10:02:00Z',
        }),
      }),
    );

    await waitFor(() => expect(within(job).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '42.6'));
    expect(within(job).getByTestId('job-progress-eta')).toHaveTextContent('about 1 min 05 s left');
    const stats = within(job).getByTestId('job-progress-stats');
    for (const part of ['42%', '1,234 files', '1.5 GB read', '300 MB new', '25 MB/s']) expect(stats).toHaveTextContent(part);
    expect(within(job).getByTestId('job-progress-path')).toHaveTextContent('/home/me/photos/2024/holiday.jpg');
    expect(within(job).getByTestId('job-progress-message')).toHaveTextContent('Reading files');
    const row = (await findRows()).find((r) => r.textContent?.includes('laptop')) as HTMLElement;
    expect(within(row).getByTestId('repo-row-job')).toHaveTextContent('Backing up 42%');
  });

  it('ignores a progress event older than what it shows', async () => {
    const { transport } = setup([makeJob({ id: 'b1', repository_id: 1, progress: makeProgress({ percent: 50, updated_at: '2024-05-01T10:05:00Z' }) })]);
    const job = await card();
    act(() => transport.emit('jobs.progress', { job_id: 'b1', repository_id: 1, progress: makeProgress({ percent: 20, updated_at: '2024-05-01T10:04:00Z' }) }));
    expect(within(job).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
  });

  it('shows a moving bar without a number when the total is unknown', async () => {
    setup([makeJob({ id: 'b1', repository_id: 1, progress: makeProgress({ percent: null, nfiles: 12 }) })]);
    const bar = within(await card()).getByRole('progressbar', { name: 'Backing up laptop' });
    expect(bar).not.toHaveAttribute('aria-valuenow');
    expect(bar).toHaveAttribute('data-animated');
    expect(screen.queryByTestId('job-progress-eta')).toBeNull();
    expect(screen.getByTestId('repo-row-job')).toHaveTextContent('Backing up…');
  });

  it('lists queued jobs as waiting, after the running one', async () => {
    setup([
      makeJob({ id: 'q1', repository_id: 1, kind: 'compact', state: 'queued', created_at: '2024-05-01T10:03:00Z' }),
      makeJob({ id: 'r1', repository_id: 1, kind: 'backup', state: 'running', created_at: '2024-05-01T10:00:00Z' }),
    ]);
    const panel = await screen.findByTestId('job-panel');
    const cards = within(panel).getAllByTestId('job-progress');
    expect(cards.map((c) => c.getAttribute('data-job-state'))).toEqual(['running', 'queued']);
    expect(cards[1]).toHaveTextContent('Waiting to start');
    expect(panel).toHaveTextContent('1 running, 1 waiting');
  });

  it('is absent while nothing runs, and shows a job started elsewhere when its jobs.updated arrives', async () => {
    const { transport } = setup([]);
    await findRows();
    expect(screen.queryByTestId('job-panel')).toBeNull();
    act(() => transport.emit('jobs.updated', makeJob({ id: 'x1', repository_id: 2, kind: 'check', state: 'running' })));
    const job = await card();
    expect(job).toHaveTextContent('nas');
    expect(job).toHaveAttribute('data-job-kind', 'check');
  });

  it('moves a job that finished out of the panel and into the history', async () => {
    const running = makeJob({ id: 'b1', repository_id: 1, progress: makeProgress({ percent: 99 }) });
    const { transport, user } = setup([running]);
    await card();
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    expect(await screen.findByTestId('repo-job-progress')).toHaveAttribute('data-job-id', 'b1');
    expect(screen.queryByTestId('job-history-row')).toBeNull();

    act(() =>
      transport.emit(
        'jobs.updated',
        makeJob({
          id: 'b1',
          repository_id: 1,
          state: 'succeeded',
          result: { archive_name: 'laptop-2024-05-01T10:00', nfiles: 1234, original_size: 2_000_000_000, compressed_size: 1_000_000_000, deduplicated_size: 5_000_000, duration_seconds: 300 },
        }),
      ),
    );

    await waitFor(() => expect(screen.queryByTestId('job-panel')).toBeNull());
    expect(screen.queryByTestId('repo-job-progress')).toBeNull();
    const row = screen.getByTestId('job-history-row');
    expect(row).toHaveAttribute('data-job-state', 'succeeded');
    expect(row).toHaveTextContent('laptop-2024-05-01T10:00');
    expect(row).toHaveTextContent('5 min 00 s');
    expect(screen.queryByTestId('repo-row-job')).toBeNull();
  });

  it('keeps a finished job finished when an older list answer arrives after its event', async () => {
    let answer!: (jobs: Job[]) => void;
    let calls = 0;
    const { transport } = setup([], {
      'jobs.list': () => {
        calls += 1;
        // The first answer comes at once; the refetch below hangs until released.
        return calls === 1 ? [makeJob({ id: 'b1', repository_id: 1 })] : new Promise<Job[]>((resolve) => (answer = resolve));
      },
    });
    await card();
    act(() => transport.emit('repositories.changed', { ids: [1] }));
    await waitFor(() => expect(calls).toBe(2));
    act(() => transport.emit('jobs.updated', makeJob({ id: 'b1', repository_id: 1, state: 'failed', error: { code: 'BORG_FAILED', message: 'x' } })));
    await waitFor(() => expect(screen.queryByTestId('job-panel')).toBeNull());
    // The list was read before the job failed; it must not bring it back as running.
    // It also lists a job queued meanwhile: once that shows, the answer has been applied.
    await act(async () =>
      answer([makeJob({ id: 'q2', repository_id: 2, state: 'queued', created_at: '2024-05-01T11:00:00Z' }), makeJob({ id: 'b1', repository_id: 1, state: 'running' })]),
    );
    const panel = await screen.findByTestId('job-panel');
    expect(within(panel).getAllByTestId('job-progress').map((c) => c.getAttribute('data-job-id'))).toEqual(['q2']);
  });
});

describe('cancelling from the panel', () => {
  it('asks the core to cancel and says "Cancelling…" until the job has stopped', async () => {
    const running = makeJob({ id: 'b1', repository_id: 1, progress: makeProgress({ percent: 30 }) });
    const { transport, user } = setup([running], { 'jobs.cancel': ({ id }) => ({ ...running, id, cancel_requested: true }) });
    const job = await card();
    await user.click(within(job).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(transport.inputsOf('jobs.cancel')).toEqual([{ id: 'b1' }]));
    const cancelling = await within(job).findByRole('button', { name: 'Cancelling…' });
    expect(cancelling).toBeDisabled();
    // Progress keeps coming while borg writes its checkpoint; the request is not forgotten.
    act(() => transport.emit('jobs.progress', { job_id: 'b1', repository_id: 1, progress: makeProgress({ percent: 31, updated_at: '2024-05-01T10:09:00Z' }) }));
    await waitFor(() => expect(within(job).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '31'));
    expect(within(job).getByRole('button', { name: 'Cancelling…' })).toBeDisabled();

    act(() => transport.emit('jobs.updated', { ...running, state: 'cancelled', cancel_requested: true, error: { code: 'CANCELLED', message: 'Cancelled.' } }));
    await waitFor(() => expect(screen.queryByTestId('job-panel')).toBeNull());
  });

  it('shows "Cancelling…" when the request came from elsewhere', async () => {
    const running = makeJob({ id: 'b1', repository_id: 1 });
    const { transport } = setup([running]);
    const job = await card();
    act(() => transport.emit('jobs.updated', { ...running, cancel_requested: true }));
    expect(await within(job).findByRole('button', { name: 'Cancelling…' })).toBeDisabled();
  });
});
