import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createTokenSession } from '../../../../src-renderer/features/auth/token-session';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport } from '../../fake-transport';
import { FINGERPRINT_A, makeConnection, makeSshKey } from '../../fixtures';
import { fill, renderApp } from '../../render-app';
import { sshBackend } from './ssh-backend';

async function openConnections(user: UserEvent): Promise<void> {
  await user.click(await screen.findByRole('button', { name: 'Connections' }));
  await screen.findByRole('heading', { name: 'SSH keys' });
  await waitFor(() => expect(screen.queryByLabelText(/^Loading/)).toBeNull());
}

describe('the connections screen', () => {
  it('is reached from the main navigation and back', async () => {
    const { handlers } = sshBackend();
    const { user } = renderApp(createFakeTransport(handlers));
    await screen.findByTestId('empty-state');
    expect(screen.getByRole('button', { name: 'Repositories' })).toHaveAttribute('aria-current', 'page');
    await openConnections(user);
    expect(screen.getByRole('button', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('no-ssh-keys')).toBeInTheDocument();
    expect(screen.getByTestId('no-connections')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Repositories' }));
    expect(await screen.findByTestId('empty-state')).toBeInTheDocument();
  });

  it('generates a key, insisting that the passphrase is typed the same twice', async () => {
    const { handlers } = sshBackend();
    const transport = createFakeTransport(handlers);
    const { user } = renderApp(transport);
    await openConnections(user);
    await user.click(screen.getByRole('button', { name: 'Generate key' }));
    const form = await screen.findByRole('form', { name: 'Generate key' });
    const f = within(form);

    await user.click(f.getByRole('button', { name: 'Generate' }));
    expect(f.getByText('Enter a name for the key.')).toBeInTheDocument();

    await fill(user, f.getByLabelText('Key name'), 'Laptop key');
    await fill(user, f.getByLabelText('Passphrase'), 'two words');
    await fill(user, f.getByLabelText('Confirm passphrase'), 'two wordz');
    await user.click(f.getByRole('button', { name: 'Generate' }));
    expect(f.getByText('The passphrases do not match.')).toBeInTheDocument();
    expect(transport.inputsOf('ssh.keys.generate')).toHaveLength(0);

    await fill(user, f.getByLabelText('Confirm passphrase'), 'two words');
    await user.click(f.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.generate')).toEqual([{ name: 'Laptop key', passphrase: 'two words' }]));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Generate key' })).toBeNull());
    const row = await screen.findByTestId('ssh-key-row');
    expect(row).toHaveTextContent('Laptop key');
    expect(row).toHaveTextContent('ssh-ed25519');
    expect(within(row).getByTestId('key-fingerprint')).toHaveTextContent(/^SHA256:/);
    expect(within(row).getByTestId('passphrase-badge')).toHaveTextContent('passphrase');
    expect(within(row).getByRole('button', { name: 'Copy public key' })).toBeInTheDocument();
  });

  it('generates a key without passphrase without sending one', async () => {
    const { handlers } = sshBackend();
    const transport = createFakeTransport(handlers);
    const { user } = renderApp(transport);
    await openConnections(user);
    await user.click(screen.getByRole('button', { name: 'Generate key' }));
    const form = await screen.findByRole('form', { name: 'Generate key' });
    expect(within(form).queryByLabelText('Confirm passphrase')).toBeNull();
    await fill(user, within(form).getByLabelText('Key name'), 'plain');
    await user.click(within(form).getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.generate')).toEqual([{ name: 'plain' }]));
  });

  it('offers Unlock only for a key whose passphrase Borg Desk does not hold, and sends the passphrase', async () => {
    const { handlers, state } = sshBackend({
      keys: [
        makeSshKey({ id: 1, name: 'locked key', has_passphrase: true, passphrase_stored: false }),
        makeSshKey({ id: 2, name: 'held key', has_passphrase: true, passphrase_stored: true }),
      ],
    });
    const transport = createFakeTransport({
      ...handlers,
      'ssh.keys.unlock': ({ id }) => {
        state.keys = state.keys.map((k) => (k.id === id ? { ...k, passphrase_stored: true } : k));
        return state.keys.find((k) => k.id === id) ?? makeSshKey();
      },
    });
    const { user } = renderApp(transport);
    await openConnections(user);
    const [locked, held] = screen.getAllByTestId('ssh-key-row') as [HTMLElement, HTMLElement];
    expect(within(held).queryByRole('button', { name: 'Unlock' })).toBeNull();
    expect(within(locked).getByTestId('passphrase-badge')).toHaveTextContent('passphrase needed');
    await user.click(within(locked).getByRole('button', { name: 'Unlock' }));
    const form = await screen.findByRole('form', { name: 'Unlock SSH key' });
    await fill(user, within(form).getByLabelText('Key passphrase'), 'open sesame');
    await user.click(within(form).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.unlock')).toEqual([{ id: 1, passphrase: 'open sesame' }]));
    await waitFor(() => expect(within(screen.getAllByTestId('ssh-key-row')[0] as HTMLElement).queryByRole('button', { name: 'Unlock' })).toBeNull());
  });

  it('imports a private key and asks for its passphrase when the key has one', async () => {
    const { handlers } = sshBackend();
    const transport = createFakeTransport({
      ...handlers,
      'ssh.keys.import': (input) => {
        if (input.passphrase === undefined) {
          throw new TransportError('PASSPHRASE_REQUIRED', 'This private key is protected by a passphrase: enter it to use the key.', { field: 'passphrase' });
        }
        return makeSshKey({ id: 1, name: input.name, origin: 'imported', has_passphrase: true, passphrase_stored: true });
      },
    });
    transport.nextOpenedFile = { name: 'id_ed25519', content: '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n' };
    const { user } = renderApp(transport);
    await openConnections(user);
    await user.click(screen.getByRole('button', { name: 'Import key' }));
    const form = await screen.findByRole('form', { name: 'Import key' });
    const f = within(form);
    await user.click(f.getByRole('button', { name: 'Choose file…' }));
    await waitFor(() => expect(f.getByLabelText('Private key')).toHaveValue(transport.nextOpenedFile?.content));
    expect(f.getByLabelText('Key name')).toHaveValue('id_ed25519');
    await user.click(f.getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(f.getByText('This key is protected by a passphrase: enter it.')).toBeInTheDocument());
    expect(f.getByLabelText('Passphrase')).toHaveFocus();
    await fill(user, f.getByLabelText('Passphrase'), 'key pass');
    await user.click(f.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.import')).toHaveLength(2));
    expect(transport.inputsOf('ssh.keys.import')[1]).toEqual({ name: 'id_ed25519', private_key: transport.nextOpenedFile?.content, passphrase: 'key pass' });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Import key' })).toBeNull());
  });

  it('adds a connection with exactly what was typed, the only key chosen for it', async () => {
    const { handlers } = sshBackend({ keys: [makeSshKey({ id: 3, name: 'nas key' })] });
    const transport = createFakeTransport(handlers);
    const { user } = renderApp(transport);
    await openConnections(user);
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    const form = await screen.findByRole('form', { name: 'Add connection' });
    const f = within(form);
    expect(f.getByLabelText('Port')).toHaveValue('22');
    expect(f.getByLabelText('SSH key')).toHaveValue('3');

    await user.click(f.getByRole('button', { name: 'Add' }));
    expect(f.getByText('Enter the server’s host name or IP address.')).toBeInTheDocument();
    expect(f.getByText('Enter the user name to log in as.')).toBeInTheDocument();
    expect(transport.inputsOf('ssh.connections.create')).toHaveLength(0);

    await fill(user, f.getByLabelText('Name'), 'NAS');
    await fill(user, f.getByLabelText('Host'), 'nas.local');
    await fill(user, f.getByLabelText('Port'), '70000');
    await fill(user, f.getByLabelText('Username'), 'backup');
    await fill(user, f.getByLabelText('Default path'), 'relative/dir');
    await fill(user, f.getByLabelText('Remote borg path'), '/usr/local/bin/borg');
    await user.click(f.getByRole('button', { name: 'Add' }));
    expect(f.getByText('Enter a port from 1 to 65535.')).toBeInTheDocument();
    expect(f.getByLabelText('Default path')).toHaveAttribute('aria-invalid', 'true');
    expect(transport.inputsOf('ssh.connections.create')).toHaveLength(0);

    await fill(user, f.getByLabelText('Port'), '2222');
    await fill(user, f.getByLabelText('Default path'), '/srv/borg');
    await user.click(f.getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(transport.inputsOf('ssh.connections.create')).toEqual([
        { name: 'NAS', host: 'nas.local', port: 2222, username: 'backup', ssh_key_id: 3, default_path: '/srv/borg', remote_path: '/usr/local/bin/borg' },
      ]),
    );
    const row = await screen.findByTestId('connection-row');
    expect(row).toHaveTextContent('NAS');
    expect(row).toHaveTextContent('backup@nas.local:2222');
    expect(row).toHaveAttribute('data-host-key', 'unknown');
    expect(within(row).getByText('Not verified')).toBeInTheDocument();
    expect(within(row).getByTestId('last-test')).toHaveTextContent('Not tested');
  });

  it('puts the server’s VALIDATION issues on their fields', async () => {
    const { handlers } = sshBackend({ keys: [makeSshKey({ id: 1 })] });
    const transport = createFakeTransport({
      ...handlers,
      'ssh.connections.create': () => {
        throw new TransportError('VALIDATION', 'Invalid input', { issues: [{ path: ['host'], message: 'host must be a host name or an IP address' }] });
      },
    });
    const { user } = renderApp(transport);
    await openConnections(user);
    await user.click(screen.getByRole('button', { name: 'Add connection' }));
    const form = await screen.findByRole('form', { name: 'Add connection' });
    await fill(user, within(form).getByLabelText('Host'), 'server_1');
    await fill(user, within(form).getByLabelText('Username'), 'me');
    await user.click(within(form).getByRole('button', { name: 'Add' }));
    expect(await within(form).findByText('host must be a host name or an IP address')).toBeInTheDocument();
    expect(within(form).getByLabelText('Host')).toHaveAttribute('aria-invalid', 'true');
  });

  it('will not remove a key or a connection while something uses it', async () => {
    const { handlers } = sshBackend({
      keys: [makeSshKey({ id: 1, name: 'used key', connection_ids: [1] }), makeSshKey({ id: 2, name: 'spare key' })],
      connections: [makeConnection({ id: 1, name: 'busy', repository_ids: [4, 5] }), makeConnection({ id: 2, name: 'idle' })],
    });
    const transport = createFakeTransport(handlers);
    const { user } = renderApp(transport);
    await openConnections(user);
    const [usedKey, spareKey] = screen.getAllByTestId('ssh-key-row') as [HTMLElement, HTMLElement];
    expect(within(usedKey).getByRole('button', { name: 'Remove' })).toBeDisabled();
    expect(within(spareKey).getByRole('button', { name: 'Remove' })).toBeEnabled();
    const [busy, idle] = screen.getAllByTestId('connection-row') as [HTMLElement, HTMLElement];
    expect(within(busy).getByTestId('connection-repositories')).toHaveTextContent('2 repositories');
    expect(within(busy).getByRole('button', { name: 'Remove' })).toBeDisabled();

    await user.click(within(idle).getByRole('button', { name: 'Remove' }));
    await user.click(await screen.findByRole('button', { name: 'Remove connection' }));
    await waitFor(() => expect(transport.inputsOf('ssh.connections.delete')).toEqual([{ id: 2 }]));
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(1));

    await user.click(within(spareKey).getByRole('button', { name: 'Remove' }));
    await user.click(await screen.findByRole('button', { name: 'Remove key' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.delete')).toEqual([{ id: 2 }]));
    expect(transport.inputsOf('ssh.keys.delete')).not.toContainEqual({ id: 1 });
  });

  it('shows a viewer the keys, the connections and their host keys, but no way to change them', async () => {
    const { handlers } = sshBackend({
      keys: [makeSshKey({ id: 1, name: 'locked', has_passphrase: true, passphrase_stored: false })],
      connections: [makeConnection({ id: 1, name: 'trusted', host_key_fingerprint: FINGERPRINT_A }), makeConnection({ id: 2, name: 'new one' })],
    });
    const transport = createFakeTransport(handlers, { role: 'viewer' });
    const session = createTokenSession(window.sessionStorage);
    session.set('viewer-token');
    const { user } = renderApp(transport, session);
    await openConnections(user);
    const [trusted, fresh] = screen.getAllByTestId('connection-row') as [HTMLElement, HTMLElement];
    expect(trusted).toHaveAttribute('data-host-key', 'pinned');
    expect(within(trusted).getByTestId('host-key-fingerprint')).toHaveTextContent(FINGERPRINT_A);
    expect(within(fresh).getByText('Not verified')).toBeInTheDocument();
    expect(screen.getByTestId('ssh-key-row')).toHaveTextContent('locked');
    for (const name of ['Generate key', 'Import key', 'Add connection', 'Test', 'Deploy key…', 'Edit', 'Remove', 'Unlock']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.getByRole('button', { name: 'Copy public key' })).toBeInTheDocument();
  });
});
