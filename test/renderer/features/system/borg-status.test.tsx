import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeTransport } from '../../fake-transport';
import { makeSystemInfo } from '../../fixtures';
import { renderApp } from '../../render-app';

describe('borg status', () => {
  it('shows the borg version in the header when borg is there', async () => {
    const transport = createFakeTransport({ 'repositories.list': () => [] });
    renderApp(transport);
    expect(await screen.findByTestId('borg-status')).toHaveTextContent('borg 1.4.0');
    expect(screen.queryByTestId('borg-missing')).toBeNull();
  });

  it('puts a prominent alert with the install advice up when borg is missing', async () => {
    const message = 'borg was not found on PATH. Install it: sudo apt install borgbackup (Debian/Ubuntu), brew install borgbackup (macOS).';
    const transport = createFakeTransport({
      'repositories.list': () => [],
      'system.info': () => makeSystemInfo({ available: false, version: null, path: null, error: { code: 'BORG_MISSING', message } }),
    });
    renderApp(transport);
    const alert = await screen.findByTestId('borg-missing');
    expect(alert).toHaveTextContent('Borg is not installed');
    expect(alert).toHaveTextContent(message);
    expect(screen.getByTestId('borg-status')).toHaveTextContent('borg missing');
  });

  it('shows the core’s warnings', async () => {
    const transport = createFakeTransport({
      'repositories.list': () => [],
      'system.info': () => ({ ...makeSystemInfo(), warnings: ['Secrets are kept in memory only: the keyring is unavailable.'] }),
    });
    renderApp(transport);
    expect(await screen.findByTestId('system-warnings')).toHaveTextContent('Secrets are kept in memory only');
  });
});
