import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport } from '../../fake-transport';
import { makeRepository } from '../../fixtures';
import { renderApp } from '../../render-app';

function setup(keyfileAtRisk: boolean) {
  let repos = [makeRepository({ id: 9, name: 'keyed', encryption: 'keyfile', has_keyfile: true })];
  const transport = createFakeTransport({
    'repositories.list': () => repos,
    'repositories.get': () => ({ repository: repos[0]!, live: null, live_error: null }),
    'repositories.delete': ({ id, confirm_keyfile_loss }) => {
      if (keyfileAtRisk && confirm_keyfile_loss !== true) {
        throw new TransportError('CONFLICT', 'Borg Desk holds the only copy of this repository’s keyfile.', { keyfile_at_risk: true });
      }
      repos = [];
      return { id, keyfile_kept_at: null };
    },
    'repositories.exportKeyfile': ({ format }) => ({ filename: 'keyed.key', content: 'BORG_KEY abc\n', format: format ?? 'keyfile' }),
  });
  return { transport, ...renderApp(transport) };
}

async function openDelete(user: ReturnType<typeof setup>['user']) {
  await user.click(await screen.findByRole('button', { name: 'keyed' }));
  await user.click(await screen.findByRole('button', { name: 'Delete' }));
  return screen.findByTestId('delete-confirm');
}

describe('delete repository', () => {
  it('says the borg repository stays on disk, and forgets it on confirmation', async () => {
    const { transport, user } = setup(false);
    const confirm = await openDelete(user);
    expect(confirm).toHaveTextContent('all its archives stay on disk');
    expect(confirm).toHaveTextContent('/backups/repo-9');
    expect(transport.inputsOf('repositories.delete')).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Remove from Borg Desk' }));
    await waitFor(() => expect(transport.inputsOf('repositories.delete')).toEqual([{ id: 9 }]));
    expect(await screen.findByTestId('empty-state')).toBeInTheDocument();
  });

  it('cancel sends nothing', async () => {
    const { transport, user } = setup(false);
    const confirm = await openDelete(user);
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('delete-confirm')).toBeNull());
    expect(transport.inputsOf('repositories.delete')).toHaveLength(0);
  });

  it('asks again when Borg Desk holds the only keyfile, and re-sends with confirm_keyfile_loss only after "Delete anyway"', async () => {
    const { transport, user } = setup(true);
    const confirm = await openDelete(user);
    await user.click(within(confirm).getByRole('button', { name: 'Remove from Borg Desk' }));

    const atRisk = await screen.findByTestId('delete-keyfile-at-risk');
    expect(atRisk).toHaveTextContent('Borg Desk holds the only copy of this keyfile; export it first');
    const remove = within(atRisk).getByRole('button', { name: 'Remove from Borg Desk' });
    expect(remove).toBeDisabled();
    expect(within(atRisk).getByRole('button', { name: 'Export keyfile' })).toBeEnabled();

    await user.click(within(atRisk).getByLabelText('Delete anyway'));
    expect(remove).toBeEnabled();
    await user.click(remove);
    await waitFor(() => expect(transport.inputsOf('repositories.delete')).toEqual([{ id: 9 }, { id: 9, confirm_keyfile_loss: true }]));
    expect(await screen.findByTestId('empty-state')).toBeInTheDocument();
  });

  it('lets the user export the keyfile from the second step, which then allows removal', async () => {
    const { transport, user } = setup(true);
    const confirm = await openDelete(user);
    await user.click(within(confirm).getByRole('button', { name: 'Remove from Borg Desk' }));
    const atRisk = await screen.findByTestId('delete-keyfile-at-risk');
    await user.click(within(atRisk).getByRole('button', { name: 'Export keyfile' }));
    await waitFor(() => expect(transport.saved).toEqual([{ default_name: 'keyed.key', content: 'BORG_KEY abc\n' }]));
    expect(transport.inputsOf('repositories.exportKeyfile')).toEqual([{ id: 9, format: 'keyfile' }]);
    expect(within(atRisk).getByRole('button', { name: 'Remove from Borg Desk' })).toBeEnabled();
  });

  it('shows other refusals as their sentence and stays on the first step', async () => {
    const { transport, user } = setup(false);
    transport.handlers['repositories.delete'] = () => {
      throw new TransportError('JOB_RUNNING', 'A backup is running on this repository.');
    };
    const confirm = await openDelete(user);
    await user.click(within(confirm).getByRole('button', { name: 'Remove from Borg Desk' }));
    expect(await within(confirm).findByTestId('error-alert')).toHaveTextContent('A job is running on this repository.');
    expect(screen.queryByTestId('delete-keyfile-at-risk')).toBeNull();
  });
});
