import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSandbox, type BrowserSandbox } from '../fixtures/browser';
import { serverSandbox, TOKENS, type ServerSandbox } from '../fixtures/server';
import { startSshd, type Sshd } from '../fixtures/sshd';

const RENDERER = join(process.cwd(), 'out', 'renderer');
const PASS = 'correct horse battery staple';

describe('SSH connections in Chromium against the real server, a real sshd and borg', () => {
  let sshd: Sshd;
  let server: ServerSandbox;
  let browser: BrowserSandbox;

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('Build the renderer first (npm run build): out/renderer is missing');
    sshd = await startSshd();
    server = await serverSandbox({ listen: true, rendererDir: RENDERER });
    browser = await browserSandbox();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.remove();
    await sshd?.stop();
  });

  const connectionRow = () => browser.page.getByTestId('connection-row').filter({ hasText: 'Loopback' });

  it('signs in and opens the Connections screen from the navigation', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#token=${TOKENS.admin}`);
    await page.getByTestId('empty-state').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
    await page.getByRole('heading', { name: 'SSH keys' }).waitFor();
    await page.getByTestId('no-ssh-keys').waitFor();
    await browser.screenshot('ssh-01-connections-empty');
  });

  it('generates a key whose public half the sshd then accepts', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Generate key' }).click();
    const form = page.getByRole('form', { name: 'Generate key' });
    await form.getByLabel('Key name').fill('e2e key');
    await browser.screenshot('ssh-02-generate-key');
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    const row = page.getByTestId('ssh-key-row').filter({ hasText: 'e2e key' });
    await row.waitFor();
    const [key] = await server.core.invoke('ssh.keys.list', {});
    expect(key).toMatchObject({ name: 'e2e key', key_type: 'ssh-ed25519', has_passphrase: false });
    // What the user would copy is exactly what the server holds.
    expect((await row.getByTestId('public-key').textContent())?.trim()).toBe(key?.public_key);
    expect(await row.getByTestId('key-fingerprint').textContent()).toBe(key?.fingerprint);
    sshd.authorize(key?.public_key ?? '');
    await browser.screenshot('ssh-03-key-listed');
  });

  it('adds a connection to the sshd, which starts with an unverified host key', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add connection' });
    await form.getByLabel('Name', { exact: true }).fill('Loopback');
    await form.getByLabel('Host', { exact: true }).fill(sshd.host);
    await form.getByLabel('Port', { exact: true }).fill(String(sshd.port));
    await form.getByLabel('Username', { exact: true }).fill('root');
    expect(await form.getByLabel('SSH key').inputValue()).not.toBe('');
    await browser.screenshot('ssh-04-add-connection');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await connectionRow().waitFor();
    expect(await connectionRow().getAttribute('data-host-key')).toBe('unknown');
    expect(await connectionRow().textContent()).toContain(`root@127.0.0.1:${sshd.port}`);
    const [connection] = await server.core.invoke('ssh.connections.list', {});
    expect(connection).toMatchObject({ host: '127.0.0.1', port: sshd.port, username: 'root', host_key_fingerprint: null });
  });

  it('tests the connection: shows the server’s real fingerprint, trusts it, then reaches borg', async () => {
    const { page } = browser;
    await connectionRow().getByRole('button', { name: 'Test', exact: true }).click();
    const dialog = page.getByTestId('trust-host-key');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('host-key-fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    expect(await dialog.textContent()).toContain(String(sshd.port));
    expect(await dialog.textContent()).toContain('ssh-ed25519');
    await browser.screenshot('ssh-05-trust-dialog');
    await dialog.getByRole('button', { name: 'Trust', exact: true }).click();
    const result = connectionRow().getByTestId('test-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(/^Connected: borg 1\.2\.\d+/);
    await page.locator('[data-testid="connection-row"][data-host-key="pinned"]').waitFor();
    expect(await connectionRow().getByTestId('host-key-fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    const [connection] = await server.core.invoke('ssh.connections.list', {});
    expect(connection?.host_key_fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(connection?.last_test).toMatchObject({ ok: true, error: null });
    await browser.screenshot('ssh-06-connected');
  });

  it('creates a repository on the server through that connection and lists it with its ssh location', async () => {
    const { page } = browser;
    const path = server.borg.path('remote-repo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Repositories' }).click();
    await page.getByRole('button', { name: 'Create repository' }).first().click();
    const form = page.getByRole('form', { name: 'Create repository' });
    await form.getByLabel('Name', { exact: true }).fill('on the server');
    await form.getByText('On a server', { exact: true }).click();
    const connection = form.getByLabel('Connection', { exact: true });
    await connection.waitFor();
    // The only connection is chosen already.
    await expect.poll(() => connection.inputValue()).not.toBe('');
    expect(await connection.locator('option:checked').textContent()).toContain('Loopback');
    await form.getByLabel('Path', { exact: true }).fill(path);
    await form.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await form.getByLabel('Confirm passphrase').fill(PASS);
    await form.getByLabel('Mode').selectOption('observe');
    await browser.screenshot('ssh-07-create-on-server');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 60_000 });
    const row = page.getByTestId('repo-row').filter({ hasText: 'on the server' });
    await row.waitFor();
    expect(await row.textContent()).toContain(`root@127.0.0.1:${sshd.port}`);
    expect(await row.textContent()).toContain(path);
    expect(await row.getAttribute('data-status')).toBe('ok');
    await browser.screenshot('ssh-08-repository-listed');

    const [repository] = await server.core.invoke('repositories.list', {});
    expect(repository).toMatchObject({
      name: 'on the server',
      repository_type: 'ssh',
      host: '127.0.0.1',
      port: sshd.port,
      username: 'root',
      path: `ssh://root@127.0.0.1:${sshd.port}${path}`,
    });
    const details = await server.core.invoke('repositories.get', { id: repository?.id ?? 0 });
    expect(details.live_error).toBeNull();
    expect(details.live?.borg_repository_id).toBe(repository?.borg_repository_id);
    expect(existsSync(join(path, 'config'))).toBe(true);
    expect(sshd.log()).toContain('Accepted publickey for root from 127.0.0.1');
  });

  it('shows the connection in use, so it cannot be removed', async () => {
    const { page } = browser;
    if (await page.getByTestId('repo-details-body').isVisible()) await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Connections' }).click();
    await connectionRow().waitFor();
    expect(await connectionRow().getByTestId('connection-repositories').textContent()).toBe('1 repository');
    expect(await connectionRow().getByRole('button', { name: 'Remove', exact: true }).isDisabled()).toBe(true);
    await browser.screenshot('ssh-09-connection-in-use');
  });
});
