import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { OperationInput } from '../../../../src-renderer/lib/contract';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { createFakeTransport, type FakeTransport } from '../../fake-transport';
import { makeRepository } from '../../fixtures';
import { fill, renderApp } from '../../render-app';

async function openCreate(transport: FakeTransport) {
  const rendered = renderApp(transport);
  const empty = await screen.findByTestId('empty-state');
  await rendered.user.click(within(empty).getByRole('button', { name: 'Create repository' }));
  const form = await screen.findByRole('form', { name: 'Create repository' });
  return { ...rendered, form };
}

function emptyList(): FakeTransport {
  return createFakeTransport({
    'repositories.list': () => [],
    'repositories.create': (input) => makeRepository({ id: 7, name: input.name, path: input.path }),
  });
}

async function fillValid(user: UserEvent, form: HTMLElement) {
  const f = within(form);
  await fill(user, f.getByLabelText('Name'), 'laptop');
  await fill(user, f.getByLabelText('Path'), '/mnt/backup/laptop');
  await fill(user, f.getByLabelText('Passphrase'), 'correct horse battery staple');
  await fill(user, f.getByLabelText('Confirm passphrase'), 'correct horse battery staple');
  await fill(user, f.getByLabelText('Add source directory'), '/home/me');
  await user.click(within(f.getByRole('group', { name: 'Source directories' })).getByRole('button', { name: 'Add' }));
}

const submit = (user: UserEvent, form: HTMLElement) => user.click(within(form).getByRole('button', { name: 'Create' }));

describe('create repository', () => {
  it('blocks an empty form and says what is missing', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    await submit(user, form);
    expect(within(form).getByText('Enter a name.')).toBeInTheDocument();
    expect(within(form).getByText('Enter the repository path.')).toBeInTheDocument();
    expect(within(form).getByText('Enter a passphrase, or choose encryption "none".')).toBeInTheDocument();
    expect(within(form).getByText('Add at least one source directory, or choose observe mode.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);
  });

  it('refuses a relative path', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    await fillValid(user, form);
    const path = within(form).getByLabelText('Path');
    await user.clear(path);
    await fill(user, path, 'backups/laptop');
    await submit(user, form);
    expect(within(form).getByText('Use an absolute path (starting with /) or an ssh:// address.')).toBeInTheDocument();
    expect(path).toHaveAttribute('aria-invalid', 'true');
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);
  });

  it('refuses passphrases that do not match', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    await fillValid(user, form);
    await fill(user, within(form).getByLabelText('Confirm passphrase'), 'X');
    await submit(user, form);
    expect(within(form).getByText('The passphrases do not match.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);
  });

  it('needs a passphrase for repokey but none for encryption "none"', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    const f = within(form);
    await fill(user, f.getByLabelText('Name'), 'plain');
    await fill(user, f.getByLabelText('Path'), '/srv/plain');
    await user.selectOptions(f.getByLabelText('Mode'), 'observe');
    await submit(user, form);
    expect(f.getByText('Enter a passphrase, or choose encryption "none".')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);

    await user.selectOptions(f.getByLabelText('Encryption'), 'none');
    expect(f.queryByLabelText('Passphrase')).toBeNull();
    await submit(user, form);
    await waitFor(() => expect(transport.inputsOf('repositories.create')).toHaveLength(1));
    expect(transport.inputsOf('repositories.create')[0]).not.toHaveProperty('passphrase');
  });

  it('needs a source directory in full mode, and an absolute one', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    const f = within(form);
    await fill(user, f.getByLabelText('Name'), 'laptop');
    await fill(user, f.getByLabelText('Path'), '/mnt/b');
    await fill(user, f.getByLabelText('Passphrase'), 'long enough passphrase');
    await fill(user, f.getByLabelText('Confirm passphrase'), 'long enough passphrase');
    await fill(user, f.getByLabelText('Add source directory'), 'relative/dir');
    await user.click(within(f.getByRole('group', { name: 'Source directories' })).getByRole('button', { name: 'Add' }));
    expect(f.getByText('Use an absolute path, starting with /.')).toBeInTheDocument();
    await submit(user, form);
    expect(f.getByText('Add at least one source directory, or choose observe mode.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);
  });

  it('allows bypass lock only in observe mode', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    await fillValid(user, form);
    await user.click(within(form).getByLabelText('Bypass lock'));
    await submit(user, form);
    expect(within(form).getByText('Bypass lock is only allowed in observe mode.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.create')).toHaveLength(0);

    await user.selectOptions(within(form).getByLabelText('Mode'), 'observe');
    expect(within(form).queryByText('Bypass lock is only allowed in observe mode.')).toBeNull();
    await submit(user, form);
    await waitFor(() => expect(transport.inputsOf('repositories.create')).toHaveLength(1));
    expect(transport.inputsOf('repositories.create')[0]).toMatchObject({ mode: 'observe', bypass_lock: true });
  });

  it('sends exactly the form as the contract input, then shows the new repository', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    await fillValid(user, form);
    const f = within(form);
    await user.selectOptions(f.getByLabelText('Encryption'), 'keyfile-blake2');
    await user.selectOptions(f.getByLabelText('Compression'), 'zstd');
    await fill(user, f.getByLabelText('Compression level'), '10');
    await fill(user, f.getByLabelText('Add exclude pattern'), '*.tmp');
    await user.click(within(f.getByRole('group', { name: 'Exclude patterns' })).getByRole('button', { name: 'Add' }));
    await user.click(f.getByRole('button', { name: 'Advanced settings' }));
    await fill(user, f.getByLabelText('Custom flags'), '--stats');
    await user.clear(f.getByLabelText('Pre-backup hook timeout (seconds)'));
    await fill(user, f.getByLabelText('Pre-backup hook timeout (seconds)'), '60');

    transport.handlers['repositories.list'] = () => [makeRepository({ id: 7, name: 'laptop' })];
    await submit(user, form);

    await waitFor(() => expect(transport.inputsOf('repositories.create')).toHaveLength(1));
    const expected: OperationInput<'repositories.create'> = {
      name: 'laptop',
      path: '/mnt/backup/laptop',
      encryption: 'keyfile-blake2',
      passphrase: 'correct horse battery staple',
      compression: 'zstd,10',
      mode: 'full',
      bypass_lock: false,
      source_directories: ['/home/me'],
      exclude_patterns: ['*.tmp'],
      pre_hook_timeout: 60,
      post_hook_timeout: 300,
      continue_on_hook_failure: false,
      custom_flags: '--stats',
    };
    expect(transport.inputsOf('repositories.create')[0]).toEqual(expected);
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Create repository' })).toBeNull());
    expect(await screen.findByTestId('repo-row')).toHaveTextContent('laptop');
  });

  it('shows a server error code as its sentence, with the server message, under the form', async () => {
    const transport = emptyList();
    transport.handlers['repositories.create'] = () => {
      throw new TransportError('REPO_EXISTS', 'borg: A repository already exists at /mnt/backup/laptop.');
    };
    const { user, form } = await openCreate(transport);
    await fillValid(user, form);
    await submit(user, form);
    const alert = await within(form).findByTestId('error-alert');
    expect(alert).toHaveTextContent('A repository already exists there. Use Import instead.');
    expect(alert).toHaveTextContent('borg: A repository already exists at /mnt/backup/laptop.');
    expect(screen.getByRole('form', { name: 'Create repository' })).toBeInTheDocument();
  });

  it('puts server VALIDATION issues on their fields', async () => {
    const transport = emptyList();
    transport.handlers['repositories.create'] = () => {
      throw new TransportError('VALIDATION', 'custom_flags: --rsh is not allowed', {
        issues: [{ path: 'custom_flags', message: '--rsh is not allowed; use the SSH settings' }],
      });
    };
    const { user, form } = await openCreate(transport);
    await fillValid(user, form);
    await submit(user, form);
    // The advanced section opens by itself to show where the problem is.
    const flags = await within(form).findByLabelText('Custom flags');
    expect(flags).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByText('--rsh is not allowed; use the SSH settings')).toBeInTheDocument();
  });

  it('warns about a weak passphrase without blocking it', async () => {
    const transport = emptyList();
    const { user, form } = await openCreate(transport);
    await fill(user, within(form).getByLabelText('Passphrase'), 'abc');
    expect(within(form).getByTestId('passphrase-strength')).toHaveAttribute('data-level', 'weak');
    await fill(user, within(form).getByLabelText('Passphrase'), 'defgh Ijklmn 42!');
    expect(within(form).getByTestId('passphrase-strength')).toHaveAttribute('data-level', 'strong');
  });

  it('offers a folder picker for the path only when the transport has one', async () => {
    const transport = createFakeTransport({ 'repositories.list': () => [] }, { canPickDirectory: true });
    transport.nextPickedDirectory = '/media/usb/borg';
    const { user, form } = await openCreate(transport);
    await user.click(within(form).getByRole('button', { name: 'Browse for the repository folder' }));
    await waitFor(() => expect(within(form).getByLabelText('Path')).toHaveValue('/media/usb/borg'));
  });
});
