import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeTransport } from '../../fake-transport';
import { makeRepository } from '../../fixtures';
import { fill, renderApp } from '../../render-app';

describe('import repository', () => {
  it('sends name, path, passphrase, the chosen keyfile, mode and bypass lock', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [],
      'repositories.import': (input) => makeRepository({ id: 2, name: input.name }),
    });
    transport.nextOpenedFile = { name: 'nas.key', content: 'BORG_KEY 77\n' };
    const { user } = renderApp(transport);
    await user.click(within(await screen.findByTestId('empty-state')).getByRole('button', { name: 'Import repository' }));
    const form = await screen.findByRole('form', { name: 'Import repository' });
    const f = within(form);
    await fill(user, f.getByLabelText('Name'), 'nas');
    await fill(user, f.getByLabelText('Path'), '/mnt/nas/borg');
    await fill(user, f.getByLabelText('Passphrase'), 'existing');
    await user.click(f.getByRole('button', { name: 'Choose keyfile…' }));
    expect(await f.findByTestId('chosen-keyfile')).toHaveTextContent('nas.key');
    await user.selectOptions(f.getByLabelText('Mode'), 'observe');
    await user.click(f.getByLabelText('Bypass lock'));
    await user.click(f.getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(transport.inputsOf('repositories.import')).toHaveLength(1));
    expect(transport.inputsOf('repositories.import')[0]).toEqual({
      name: 'nas',
      path: '/mnt/nas/borg',
      passphrase: 'existing',
      keyfile_content: 'BORG_KEY 77\n',
      compression: 'lz4',
      mode: 'observe',
      bypass_lock: true,
      source_directories: [],
      exclude_patterns: [],
      pre_hook_timeout: 300,
      post_hook_timeout: 300,
      continue_on_hook_failure: false,
    });
  });

  it('needs sources in full mode and leaves out an empty passphrase', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [],
      'repositories.import': (input) => makeRepository({ id: 2, name: input.name }),
    });
    const { user } = renderApp(transport);
    await user.click(within(await screen.findByTestId('empty-state')).getByRole('button', { name: 'Import repository' }));
    const form = await screen.findByRole('form', { name: 'Import repository' });
    const f = within(form);
    await fill(user, f.getByLabelText('Name'), 'old');
    await fill(user, f.getByLabelText('Path'), '/srv/old');
    await user.click(f.getByRole('button', { name: 'Import' }));
    expect(f.getByText('Add at least one source directory, or choose observe mode.')).toBeInTheDocument();
    expect(transport.inputsOf('repositories.import')).toHaveLength(0);
    await user.type(f.getByLabelText('Add source directory'), '/data{Enter}');
    await user.click(f.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(transport.inputsOf('repositories.import')).toHaveLength(1));
    const sent = transport.inputsOf('repositories.import')[0];
    expect(sent).toMatchObject({ name: 'old', path: '/srv/old', mode: 'full', source_directories: ['/data'] });
    expect(sent).not.toHaveProperty('passphrase');
    expect(sent).not.toHaveProperty('keyfile_content');
  });
});
