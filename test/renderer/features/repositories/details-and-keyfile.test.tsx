import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Repository, RepositoryDetails } from '../../../../src-renderer/lib/contract';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport } from '../../fake-transport';
import { makeRepository } from '../../fixtures';
import { renderApp } from '../../render-app';

function live(repo: Repository): RepositoryDetails {
  return {
    repository: repo,
    live: {
      borg_repository_id: 'f'.repeat(64),
      encryption: 'keyfile BLAKE2b',
      location: repo.path,
      total_size_bytes: 2_000_000_000,
      total_compressed_bytes: 1_000_000_000,
      unique_compressed_bytes: 500_000_000,
      archive_count: 12,
      newest_archive: { name: 'laptop-2024-05-01', time: new Date(Date.now() - 3 * 86400_000).toISOString() },
    },
    live_error: null,
  };
}

describe('repository details', () => {
  it('shows live borg status and the record, and refreshes on request', async () => {
    const repo = makeRepository({ id: 4, name: 'laptop', encryption: 'keyfile-blake2', has_keyfile: true, source_directories: ['/home/me', '/etc'] });
    const transport = createFakeTransport({
      'repositories.list': () => [repo],
      'repositories.get': () => live(repo),
      'repositories.refresh': () => [repo],
    });
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    const liveTable = await screen.findByTestId('live-status');
    expect(liveTable).toHaveTextContent('f'.repeat(64));
    expect(liveTable).toHaveTextContent('laptop-2024-05-01');
    expect(liveTable).toHaveTextContent('3 days ago');
    expect(liveTable).toHaveTextContent('500 MB');
    expect(liveTable).toHaveTextContent('12');
    const record = screen.getByTestId('repo-record');
    expect(record).toHaveTextContent('/home/me');
    expect(record).toHaveTextContent('/etc');
    expect(record).toHaveTextContent('keyfile-blake2');
    expect(transport.inputsOf('repositories.get')).toEqual([{ id: 4 }]);

    await user.click(screen.getByRole('button', { name: 'Refresh status' }));
    await waitFor(() => expect(transport.inputsOf('repositories.refresh')).toEqual([{ id: 4 }]));
    // The refresh makes the details stale, so borg is asked again.
    await waitFor(() => expect(transport.inputsOf('repositories.get').length).toBeGreaterThanOrEqual(2));
  });

  it('explains why borg could not read the repository', async () => {
    const repo = makeRepository({ id: 4, name: 'locked' });
    const transport = createFakeTransport({
      'repositories.list': () => [repo],
      'repositories.get': () => ({ repository: repo, live: null, live_error: { code: 'REPO_LOCKED', message: 'Failed to create/acquire the lock' } }),
    });
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'locked' }));
    const error = await screen.findByTestId('live-error');
    expect(error).toHaveTextContent('The repository is locked by another borg process. Wait for it to finish');
    expect(error).toHaveTextContent('Failed to create/acquire the lock');
  });
});

describe('keyfile', () => {
  function setup(repo: Repository) {
    const transport = createFakeTransport({
      'repositories.list': () => [repo],
      'repositories.get': () => live(repo),
      'repositories.uploadKeyfile': () => ({ ...repo, has_keyfile: true }),
      'repositories.exportKeyfile': ({ format }) =>
        format === 'paper'
          ? { filename: 'laptop-key.txt', content: 'PAPER KEY', format: 'paper' }
          : { filename: 'laptop.key', content: 'BORG_KEY 1234', format: 'keyfile' },
    });
    return { transport, ...renderApp(transport) };
  }

  it('uploads a chosen keyfile for a keyfile repository', async () => {
    const { transport, user } = setup(makeRepository({ id: 6, name: 'laptop', encryption: 'keyfile', has_keyfile: false }));
    transport.nextOpenedFile = { name: 'key.borg', content: 'BORG_KEY 1234\nabc\n' };
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    const actions = await screen.findByTestId('keyfile-actions');
    expect(actions).toHaveTextContent('Borg Desk has no keyfile for this repository');
    await user.click(within(actions).getByRole('button', { name: 'Upload keyfile' }));
    await waitFor(() => expect(transport.inputsOf('repositories.uploadKeyfile')).toEqual([{ id: 6, content: 'BORG_KEY 1234\nabc\n' }]));
    expect(await within(actions).findByRole('status')).toHaveTextContent('uploaded');
  });

  it('does not upload when the file dialog is cancelled', async () => {
    const { transport, user } = setup(makeRepository({ id: 6, name: 'laptop', encryption: 'keyfile' }));
    transport.nextOpenedFile = null;
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    await user.click(await screen.findByRole('button', { name: 'Upload keyfile' }));
    expect(transport.inputsOf('repositories.uploadKeyfile')).toHaveLength(0);
  });

  it('shows a mismatching keyfile as its sentence', async () => {
    const { transport, user } = setup(makeRepository({ id: 6, name: 'laptop', encryption: 'keyfile' }));
    transport.nextOpenedFile = { name: 'other.key', content: 'BORG_KEY 9999' };
    transport.handlers['repositories.uploadKeyfile'] = () => {
      throw new TransportError('KEYFILE_MISMATCH', 'The key is for repository 9999…, not 1234….');
    };
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    await user.click(await screen.findByRole('button', { name: 'Upload keyfile' }));
    expect(await screen.findByText('That keyfile belongs to a different repository. Choose the keyfile made for this repository.')).toBeInTheDocument();
  });

  it('exports the keyfile and the paper form under the names the core chose', async () => {
    const { transport, user } = setup(makeRepository({ id: 6, name: 'laptop', encryption: 'keyfile', has_keyfile: true }));
    await user.click(await screen.findByRole('button', { name: 'laptop' }));
    await user.click(await screen.findByRole('button', { name: 'Export keyfile' }));
    await waitFor(() => expect(transport.saved).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Export paper form' }));
    await waitFor(() => expect(transport.saved).toHaveLength(2));
    expect(transport.inputsOf('repositories.exportKeyfile')).toEqual([
      { id: 6, format: 'keyfile' },
      { id: 6, format: 'paper' },
    ]);
    expect(transport.saved).toEqual([
      { default_name: 'laptop.key', content: 'BORG_KEY 1234' },
      { default_name: 'laptop-key.txt', content: 'PAPER KEY' },
    ]);
  });

  it('offers export but not upload for repokey, and neither for an unencrypted repository', async () => {
    const repokey = makeRepository({ id: 1, name: 'rk', encryption: 'repokey' });
    const plain = makeRepository({ id: 2, name: 'plain', encryption: 'none' });
    const transport = createFakeTransport({
      'repositories.list': () => [repokey, plain],
      'repositories.get': ({ id }) => live(id === 1 ? repokey : plain),
    });
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'rk' }));
    expect(await screen.findByRole('button', { name: 'Export keyfile' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Upload keyfile' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'plain' }));
    await waitFor(() => expect(screen.queryByTestId('keyfile-actions')).toBeNull());
    expect(screen.queryByRole('button', { name: 'Export keyfile' })).toBeNull();
  });
});
