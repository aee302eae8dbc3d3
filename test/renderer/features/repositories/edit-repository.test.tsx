import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Repository } from '../../../../src-renderer/lib/contract';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport } from '../../fake-transport';
import { makeRepository } from '../../fixtures';
import { fill, renderApp } from '../../render-app';

function setup(repo: Repository) {
  const transport = createFakeTransport({
    'repositories.list': () => [repo],
    'repositories.get': () => ({ repository: repo, live: null, live_error: null }),
    'repositories.update': ({ changes }) => ({ ...repo, ...(changes as Partial<Repository>) }),
  });
  return { transport, ...renderApp(transport) };
}

async function openEdit(user: ReturnType<typeof setup>['user'], name: string) {
  await user.click(await screen.findByRole('button', { name }));
  await user.click(await screen.findByRole('button', { name: 'Edit' }));
  return screen.findByRole('form', { name: 'Edit repository' });
}

describe('edit repository', () => {
  it('sends only the fields that changed', async () => {
    const repo = makeRepository({ id: 3, name: 'laptop', source_directories: ['/home/me'], exclude_patterns: ['*.log'], compression: 'lz4' });
    const { transport, user } = setup(repo);
    const form = await openEdit(user, 'laptop');
    const f = within(form);
    expect(f.getByLabelText('Name')).toHaveValue('laptop');
    await user.clear(f.getByLabelText('Name'));
    await fill(user, f.getByLabelText('Name'), 'laptop-2024');
    await fill(user, f.getByLabelText('Add source directory'), '/etc');
    await user.click(within(f.getByRole('group', { name: 'Source directories' })).getByRole('button', { name: 'Add' }));
    await user.click(f.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(transport.inputsOf('repositories.update')).toHaveLength(1));
    expect(transport.inputsOf('repositories.update')[0]).toEqual({
      id: 3,
      changes: { name: 'laptop-2024', source_directories: ['/home/me', '/etc'] },
    });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit repository' })).toBeNull());
  });

  it('does not call the server when nothing changed', async () => {
    const { transport, user } = setup(makeRepository({ id: 1, name: 'same' }));
    const form = await openEdit(user, 'same');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Nothing has changed, so there is nothing to save.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.update')).toHaveLength(0);
  });

  it('clears an optional field with null and keeps untouched ones out', async () => {
    const repo = makeRepository({ id: 5, name: 'flags', custom_flags: '--stats', remote_path: '/usr/local/bin/borg', mode: 'observe', source_directories: [] });
    const { transport, user } = setup(repo);
    const form = await openEdit(user, 'flags');
    const f = within(form);
    await user.click(f.getByRole('button', { name: 'Advanced settings' }));
    await user.clear(f.getByLabelText('Custom flags'));
    await user.click(f.getByLabelText('Bypass lock'));
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(transport.inputsOf('repositories.update')).toHaveLength(1));
    expect(transport.inputsOf('repositories.update')[0]).toEqual({ id: 5, changes: { custom_flags: null, bypass_lock: true } });
  });

  it('changes the stored passphrase only with the current one and a matching new one', async () => {
    const { transport, user } = setup(makeRepository({ id: 2, name: 'secret' }));
    const form = await openEdit(user, 'secret');
    const f = within(form);
    await user.click(f.getByLabelText('Change stored passphrase'));
    await fill(user, f.getByLabelText('New passphrase'), 'new passphrase here');
    await fill(user, f.getByLabelText('Confirm new passphrase'), 'new passphrase there');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(f.getByText('Enter the current passphrase.')).toBeInTheDocument();
    expect(f.getByText('The passphrases do not match.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.update')).toHaveLength(0);

    await fill(user, f.getByLabelText('Current passphrase'), 'old one');
    await user.clear(f.getByLabelText('Confirm new passphrase'));
    await fill(user, f.getByLabelText('Confirm new passphrase'), 'new passphrase here');
    await user.click(f.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(transport.inputsOf('repositories.update')).toHaveLength(1));
    expect(transport.inputsOf('repositories.update')[0]).toEqual({
      id: 2,
      changes: { current_passphrase: 'old one', passphrase: 'new passphrase here' },
    });
  });

  it('explains a wrong current passphrase and keeps the form open', async () => {
    const { transport, user } = setup(makeRepository({ id: 2, name: 'secret' }));
    transport.handlers['repositories.update'] = () => {
      throw new TransportError('PASSPHRASE_WRONG', 'passphrase supplied in BORG_PASSPHRASE is incorrect');
    };
    const form = await openEdit(user, 'secret');
    const f = within(form);
    await user.click(f.getByLabelText('Change stored passphrase'));
    await fill(user, f.getByLabelText('Current passphrase'), 'nope');
    await fill(user, f.getByLabelText('New passphrase'), 'next one');
    await fill(user, f.getByLabelText('Confirm new passphrase'), 'next one');
    await user.click(f.getByRole('button', { name: 'Save' }));
    expect(await f.findByTestId('error-alert')).toHaveTextContent('The passphrase is wrong. Check it and try again.');
    expect(screen.getByRole('form', { name: 'Edit repository' })).toBeInTheDocument();
  });
});
