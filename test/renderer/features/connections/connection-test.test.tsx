import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport, type Handlers } from '../../fake-transport';
import { FINGERPRINT_A, FINGERPRINT_B, makeConnection, makeSshKey } from '../../fixtures';
import { fill, renderApp } from '../../render-app';
import { sshBackend, testSuccess } from './ssh-backend';

const HOST = { connection_id: 5, host: 'nas.local', port: 2222 };

function setup(test: Handlers['ssh.connections.test'], extra: Handlers = {}, connection = makeConnection({ id: 5, host: 'nas.local', port: 2222, ssh_key_id: 1 })) {
  const backend = sshBackend({ keys: [makeSshKey({ id: 1, name: 'nas key', connection_ids: [5] })], connections: [connection] });
  const transport = createFakeTransport({ ...backend.handlers, 'ssh.connections.test': test, ...extra });
  return { transport, ...backend };
}

async function clickTest(user: UserEvent): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'Connections' }));
  const row = await screen.findByTestId('connection-row');
  await user.click(within(row).getByRole('button', { name: 'Test' }));
  return row;
}

/** Fails with `error` the first `times` calls, then succeeds. */
function failingFirst(error: () => TransportError, times = 1): Handlers['ssh.connections.test'] {
  let calls = 0;
  return () => {
    calls += 1;
    if (calls <= times) throw error();
    return testSuccess('1.2.8');
  };
}

describe('testing a connection', () => {
  it('says which borg answered when the test succeeds', async () => {
    const { transport } = setup(() => testSuccess('1.4.1'), {}, makeConnection({ id: 5, host_key_fingerprint: FINGERPRINT_A }));
    const { user } = renderApp(transport);
    const row = await clickTest(user);
    expect(await within(row).findByTestId('test-result')).toHaveTextContent('Connected: borg 1.4.1');
    expect(transport.inputsOf('ssh.connections.test')).toEqual([{ id: 5 }]);
  });

  it('on an unknown host key shows its fingerprint, trusts exactly that one, and tests again', async () => {
    const unknown = () =>
      new TransportError('HOST_KEY_UNKNOWN', 'Borg Desk has not met nas.local port 2222 before.', { ...HOST, fingerprint: FINGERPRINT_A, key_type: 'ssh-ed25519' });
    const { transport } = setup(failingFirst(unknown));
    const { user } = renderApp(transport);
    const row = await clickTest(user);

    const dialog = await screen.findByTestId('trust-host-key');
    expect(screen.getByText('Trust this server?')).toBeInTheDocument();
    expect(within(dialog).getByTestId('host-key-fingerprint')).toHaveTextContent(FINGERPRINT_A);
    expect(dialog).toHaveTextContent('nas.local');
    expect(dialog).toHaveTextContent('2222');
    expect(dialog).toHaveTextContent('ssh-ed25519');
    expect(transport.inputsOf('ssh.hostKeys.confirm')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Trust' }));
    await waitFor(() => expect(transport.inputsOf('ssh.hostKeys.confirm')).toEqual([{ connection_id: 5, fingerprint: FINGERPRINT_A }]));
    expect(await within(row).findByTestId('test-result')).toHaveTextContent('Connected: borg 1.2.8');
    expect(transport.inputsOf('ssh.connections.test')).toHaveLength(2);
    expect(screen.queryByTestId('trust-host-key')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('connection-row')).toHaveAttribute('data-host-key', 'pinned'));
    expect(within(screen.getByTestId('connection-row')).getByTestId('host-key-fingerprint')).toHaveTextContent(FINGERPRINT_A);
  });

  it('trusts nothing when the user cancels, and lets them review the key again', async () => {
    const unknown = () => new TransportError('HOST_KEY_UNKNOWN', 'not met before', { ...HOST, fingerprint: FINGERPRINT_A, key_type: 'ssh-ed25519' });
    const { transport } = setup(failingFirst(unknown));
    const { user } = renderApp(transport);
    const row = await clickTest(user);
    await user.click(within(await screen.findByTestId('trust-host-key')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('trust-host-key')).toBeNull();
    expect(transport.inputsOf('ssh.hostKeys.confirm')).toHaveLength(0);
    expect(within(row).getByTestId('test-outcome')).toHaveAttribute('data-error-code', 'HOST_KEY_UNKNOWN');
    await user.click(within(row).getByRole('button', { name: 'Review host key…' }));
    expect(within(await screen.findByTestId('trust-host-key')).getByTestId('host-key-fingerprint')).toHaveTextContent(FINGERPRINT_A);
  });

  it('on a changed host key shows both fingerprints and replaces the pin only after a second, deliberate confirmation', async () => {
    const changed = () =>
      new TransportError('HOST_KEY_CHANGED', 'The host key of nas.local port 2222 has changed.', {
        ...HOST,
        expected_fingerprint: FINGERPRINT_A,
        presented_fingerprint: FINGERPRINT_B,
        key_type: 'ssh-ed25519',
      });
    const { transport } = setup(failingFirst(changed), {}, makeConnection({ id: 5, host: 'nas.local', port: 2222, host_key_fingerprint: FINGERPRINT_A }));
    const { user } = renderApp(transport);
    const row = await clickTest(user);

    const dialog = await screen.findByTestId('host-key-changed');
    expect(within(dialog).getByTestId('expected-fingerprint')).toHaveTextContent(FINGERPRINT_A);
    expect(within(dialog).getByTestId('presented-fingerprint')).toHaveTextContent(FINGERPRINT_B);
    expect(screen.queryByRole('button', { name: 'Trust' })).toBeNull();
    const replace = within(dialog).getByRole('button', { name: 'Replace trusted key' });
    expect(replace).toBeDisabled();
    await user.click(replace);
    expect(transport.inputsOf('ssh.hostKeys.confirm')).toHaveLength(0);

    await user.click(within(dialog).getByLabelText("I have checked the new fingerprint with the server's administrator"));
    expect(replace).toBeEnabled();
    await user.click(replace);
    await waitFor(() => expect(transport.inputsOf('ssh.hostKeys.confirm')).toEqual([{ connection_id: 5, fingerprint: FINGERPRINT_B }]));
    expect(await within(row).findByTestId('test-result')).toHaveTextContent('Connected: borg 1.2.8');
  });

  it('on a refused key offers to deploy it; the password is sent once and cleared from the form', async () => {
    const refused = () =>
      new TransportError('SSH_AUTH_FAILED', 'backup@nas.local:2222 refused the SSH key "nas key".', {
        ...HOST,
        ssh_key_id: 1,
        key_name: 'nas key',
        key_fingerprint: 'SHA256:' + 'k'.repeat(43),
        username: 'backup',
      });
    let deployCalls = 0;
    const { transport } = setup(failingFirst(refused), {
      'ssh.keys.deploy': () => {
        deployCalls += 1;
        if (deployCalls === 1) throw new TransportError('SSH_AUTH_FAILED', 'refused the password', { ...HOST, username: 'backup', method: 'password' });
        return { already_authorized: false, verified: true };
      },
    });
    const { user } = renderApp(transport);
    const row = await clickTest(user);
    const outcome = await within(row).findByTestId('test-outcome');
    expect(outcome).toHaveAttribute('data-error-code', 'SSH_AUTH_FAILED');
    expect(outcome).toHaveTextContent('refused the SSH key "nas key"');

    await user.click(within(outcome).getByRole('button', { name: 'Deploy key…' }));
    const form = await screen.findByRole('form', { name: 'Deploy key' });
    const password = within(form).getByLabelText('Password');
    await fill(user, password, 'wrong password');
    await user.click(within(form).getByRole('button', { name: 'Deploy' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.deploy')).toEqual([{ connection_id: 5, password: 'wrong password' }]));
    expect(await within(form).findByText(/The server refused the password/)).toBeInTheDocument();
    expect(password).toHaveValue('');

    await fill(user, password, 'right password');
    await user.click(within(form).getByRole('button', { name: 'Deploy' }));
    expect(password).toHaveValue('');
    expect(await screen.findByTestId('deploy-result')).toHaveTextContent('Key installed');
    expect(transport.inputsOf('ssh.keys.deploy')[1]).toEqual({ connection_id: 5, password: 'right password' });
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(within(row).queryByTestId('test-outcome')).toBeNull());
  });

  it('says so when the key was already installed', async () => {
    const { transport } = setup(() => testSuccess(), { 'ssh.keys.deploy': () => ({ already_authorized: true, verified: true }) });
    const { user } = renderApp(transport);
    await user.click(await screen.findByRole('button', { name: 'Connections' }));
    const row = await screen.findByTestId('connection-row');
    await user.click(within(row).getByRole('button', { name: 'Deploy key…' }));
    const form = await screen.findByRole('form', { name: 'Deploy key' });
    await fill(user, within(form).getByLabelText('Password'), 'pw');
    await user.click(within(form).getByRole('button', { name: 'Deploy' }));
    expect(await screen.findByTestId('deploy-result')).toHaveTextContent('Already installed');
  });

  it('when borg is missing on the server, leads to the remote borg path and saves only that', async () => {
    const missing = () =>
      new TransportError('REMOTE_BORG_MISSING', 'borg was not found on nas.local.', { remote_path: null, exit_code: 127, server_message: 'bash: borg: command not found' });
    const { transport } = setup(failingFirst(missing));
    const { user } = renderApp(transport);
    const row = await clickTest(user);
    const outcome = await within(row).findByTestId('test-outcome');
    expect(outcome).toHaveTextContent('borg was not found on nas.local.');
    await user.click(within(outcome).getByRole('button', { name: 'Set remote borg path…' }));
    const form = await screen.findByRole('form', { name: 'Edit connection' });
    const remotePath = within(form).getByLabelText('Remote borg path');
    await waitFor(() => expect(remotePath).toHaveFocus());
    await fill(user, remotePath, '/opt/borg/bin/borg');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(transport.inputsOf('ssh.connections.update')).toEqual([{ id: 5, changes: { remote_path: '/opt/borg/bin/borg' } }]));
  });

  it('asks for the passphrase of a locked key, unlocks it and tests again', async () => {
    const locked = () => new TransportError('PASSPHRASE_REQUIRED', 'The SSH key "nas key" has a passphrase that Borg Desk does not hold.', { ssh_key_id: 1, field: 'ssh_key_passphrase' });
    const { transport } = setup(failingFirst(locked), { 'ssh.keys.unlock': ({ id }) => makeSshKey({ id, has_passphrase: true, passphrase_stored: true }) });
    const { user } = renderApp(transport);
    const row = await clickTest(user);
    const form = await screen.findByRole('form', { name: 'Unlock SSH key' });
    expect(form).toHaveTextContent('nas key');
    await fill(user, within(form).getByLabelText('Key passphrase'), 'key words');
    await user.click(within(form).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(transport.inputsOf('ssh.keys.unlock')).toEqual([{ id: 1, passphrase: 'key words' }]));
    expect(await within(row).findByTestId('test-result')).toHaveTextContent('Connected: borg 1.2.8');
    expect(transport.inputsOf('ssh.connections.test')).toHaveLength(2);
  });

  it('explains a connection that cannot be made at all, with ssh’s own words', async () => {
    const { transport } = setup(() => {
      throw new TransportError('SSH_CONNECTION_FAILED', 'Could not connect to backup@nas.local:2222: Connection refused.', { ssh_message: 'Connection refused' });
    });
    const { user } = renderApp(transport);
    const row = await clickTest(user);
    const outcome = await within(row).findByTestId('test-outcome');
    expect(outcome).toHaveTextContent('Could not connect to the SSH server. Check the host name, the port and the network.');
    expect(outcome).toHaveTextContent('Connection refused');
    expect(screen.queryByTestId('trust-host-key')).toBeNull();
  });
});
