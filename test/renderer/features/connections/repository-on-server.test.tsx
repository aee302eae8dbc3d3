import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport, type Handlers } from '../../fake-transport';
import { FINGERPRINT_A, makeConnection, makeRepository, makeSshKey } from '../../fixtures';
import { fill, renderApp } from '../../render-app';
import { sshBackend } from './ssh-backend';

const CONNECTIONS = [
  makeConnection({ id: 1, name: 'office', host: 'office.example', username: 'borg', host_key_fingerprint: FINGERPRINT_A }),
  makeConnection({ id: 2, host: 'nas.local', port: 2222, username: 'backup', default_path: '/srv/borg' }),
];

function setup(extra: Handlers = {}, connections = CONNECTIONS) {
  const backend = sshBackend({ keys: [makeSshKey({ id: 1 })], connections });
  const created = (input: { name: string; path: string; connection_id?: number | null }) =>
    makeRepository({ id: 9, name: input.name, repository_type: 'ssh', path: `ssh://backup@nas.local:2222${input.path}`, connection_id: input.connection_id ?? null });
  return createFakeTransport({
    ...backend.handlers,
    'repositories.create': created,
    'repositories.import': created,
    'repositories.get': () => ({ repository: makeRepository({ id: 9 }), live: null, live_error: null }),
    ...extra,
  });
}

async function openForm(user: UserEvent, which: 'Create repository' | 'Import repository'): Promise<HTMLElement> {
  const empty = await screen.findByTestId('empty-state');
  await user.click(within(empty).getByRole('button', { name: which }));
  return screen.findByRole('form', { name: which });
}

async function fillCreate(user: UserEvent, form: HTMLElement, path: string): Promise<void> {
  const f = within(form);
  await fill(user, f.getByLabelText('Name'), 'laptop');
  await user.click(f.getByRole('radio', { name: 'On a server' }));
  await user.selectOptions(await f.findByLabelText('Connection'), '2');
  await fill(user, f.getByLabelText('Path'), path);
  await fill(user, f.getByLabelText('Passphrase'), 'correct horse battery staple');
  await fill(user, f.getByLabelText('Confirm passphrase'), 'correct horse battery staple');
  await fill(user, f.getByLabelText('Add source directory'), '/home/me');
  await user.click(within(f.getByRole('group', { name: 'Source directories' })).getByRole('button', { name: 'Add' }));
}

describe('a repository on a server', () => {
  it('starts on this computer and sends no connection then', async () => {
    const transport = setup();
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Create repository');
    expect(within(form).getByRole('radio', { name: 'On this computer' })).toBeChecked();
    expect(within(form).queryByLabelText('Connection')).toBeNull();
    expect(transport.inputsOf('ssh.connections.list')).toHaveLength(0);
  });

  it('is created through the chosen connection, with the path on the server', async () => {
    const transport = setup();
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Create repository');
    await fillCreate(user, form, '/srv/borg/laptop');
    const select = within(form).getByLabelText('Connection');
    expect(within(select).getByRole('option', { name: 'office (borg@office.example:22)' })).toBeInTheDocument();
    expect(within(select).getByRole('option', { name: 'backup@nas.local:2222' })).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(transport.inputsOf('repositories.create')).toHaveLength(1));
    expect(transport.inputsOf('repositories.create')[0]).toMatchObject({ name: 'laptop', path: '/srv/borg/laptop', connection_id: 2, encryption: 'repokey' });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Create repository' })).toBeNull());
  });

  it('needs a connection, and a relative path only where the connection has a default path', async () => {
    const transport = setup();
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Create repository');
    const f = within(form);
    await user.click(f.getByRole('radio', { name: 'On a server' }));
    await f.findByLabelText('Connection');
    await fill(user, f.getByLabelText('Path'), 'laptop');
    await user.click(f.getByRole('button', { name: 'Create' }));
    expect(f.getByText('Choose the connection to the server.')).toBeInTheDocument();

    await user.selectOptions(f.getByLabelText('Connection'), '1');
    expect(f.getByText('Use an absolute path on the server (starting with /), or give the connection a default path.')).toBeInTheDocument();
    await user.selectOptions(f.getByLabelText('Connection'), '2');
    expect(f.queryByText('Use an absolute path on the server (starting with /), or give the connection a default path.')).toBeNull();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);
  });

  it('refuses a server address typed as a folder on this computer', async () => {
    const transport = setup();
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Create repository');
    await fill(user, within(form).getByLabelText('Path'), 'ssh://backup@nas.local:2222/srv/borg/x');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(within(form).getByText('That is a location on a server: choose "On a server" under Location, then its connection.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);
  });

  it('asks to trust a server met for the first time, then creates the repository with the same input', async () => {
    let calls = 0;
    const transport = setup({
      'repositories.create': (input) => {
        calls += 1;
        if (calls === 1) {
          throw new TransportError('HOST_KEY_UNKNOWN', 'Borg Desk has not met nas.local port 2222 before.', {
            connection_id: 2,
            host: 'nas.local',
            port: 2222,
            fingerprint: FINGERPRINT_A,
            key_type: 'ssh-ed25519',
          });
        }
        return makeRepository({ id: 9, name: input.name, repository_type: 'ssh' });
      },
    });
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Create repository');
    await fillCreate(user, form, '/srv/borg/laptop');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    const dialog = await screen.findByTestId('trust-host-key');
    expect(within(dialog).getByTestId('host-key-fingerprint')).toHaveTextContent(FINGERPRINT_A);
    await user.click(within(dialog).getByRole('button', { name: 'Trust' }));
    await waitFor(() => expect(transport.inputsOf('ssh.hostKeys.confirm')).toEqual([{ connection_id: 2, fingerprint: FINGERPRINT_A }]));
    await waitFor(() => expect(transport.inputsOf('repositories.create')).toHaveLength(2));
    expect(transport.inputsOf('repositories.create')[1]).toEqual(transport.inputsOf('repositories.create')[0]);
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Create repository' })).toBeNull());
  });

  it('unlocks the connection’s SSH key when it needs its passphrase, then imports', async () => {
    let calls = 0;
    const transport = setup({
      'ssh.keys.unlock': ({ id }) => makeSshKey({ id, has_passphrase: true, passphrase_stored: true }),
      'repositories.import': (input) => {
        calls += 1;
        if (calls === 1) throw new TransportError('PASSPHRASE_REQUIRED', 'The SSH key "key-1" has a passphrase.', { ssh_key_id: 1, field: 'ssh_key_passphrase' });
        return makeRepository({ id: 9, name: input.name });
      },
    });
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Import repository');
    const f = within(form);
    await fill(user, f.getByLabelText('Name'), 'office');
    await user.click(f.getByRole('radio', { name: 'On a server' }));
    await user.selectOptions(await f.findByLabelText('Connection'), '1');
    await fill(user, f.getByLabelText('Path'), '/backups/office');
    await user.selectOptions(f.getByLabelText('Mode'), 'observe');
    await user.click(f.getByRole('button', { name: 'Import' }));

    const unlock = await screen.findByRole('form', { name: 'Unlock SSH key' });
    await fill(user, within(unlock).getByLabelText('Key passphrase'), 'key words');
    await user.click(within(unlock).getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(transport.inputsOf('repositories.import')).toHaveLength(2));
    expect(transport.inputsOf('repositories.import')[1]).toMatchObject({ name: 'office', path: '/backups/office', connection_id: 1, mode: 'observe' });
    expect(transport.inputsOf('ssh.keys.unlock')).toEqual([{ id: 1, passphrase: 'key words' }]);
  });

  it('with no connection yet, points to the Connections screen', async () => {
    const transport = setup({}, []);
    const { user } = renderApp(transport);
    const form = await openForm(user, 'Create repository');
    await user.click(within(form).getByRole('radio', { name: 'On a server' }));
    const hint = await within(form).findByTestId('no-connections-hint');
    await user.click(within(hint).getByRole('button', { name: 'Go to Connections' }));
    expect(await screen.findByRole('heading', { name: 'SSH keys' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Create repository' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Connections' })).toHaveAttribute('aria-current', 'page');
  });
});
