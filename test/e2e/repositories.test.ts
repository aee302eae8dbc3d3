import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSandbox, type BrowserSandbox } from '../fixtures/browser';
import { serverSandbox, TOKENS, type ServerSandbox } from '../fixtures/server';

const RENDERER = join(process.cwd(), 'out', 'renderer');
const PASS = 'correct horse battery staple';

describe('the repository screen in Chromium against the real server and borg', () => {
  let server: ServerSandbox;
  let browser: BrowserSandbox;

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('Build the renderer first (npm run build): out/renderer is missing');
    server = await serverSandbox({ listen: true, rendererDir: RENDERER });
    browser = await browserSandbox();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.remove();
  });

  const row = (name: string) => browser.page.getByTestId('repo-row').filter({ hasText: name });

  async function openDetails(name: string) {
    // A new repository opens its details by itself: start from a closed drawer.
    if (await browser.page.getByTestId('repo-details-body').isVisible()) {
      await browser.page.keyboard.press('Escape');
      await browser.page.getByTestId('repo-details-body').waitFor({ state: 'hidden' });
    }
    await row(name).getByText(name, { exact: true }).first().click();
    await browser.page.getByTestId('repo-details-body').waitFor();
  }

  it('refuses a wrong token, then signs in with a one-time link and shows the empty state', async () => {
    const { page } = browser;
    // A link with a token the server refuses: answered before the app is first drawn.
    await page.goto(`${server.url}/#token=wrong-link-token-0000000000`);
    await page.getByTestId('login-notice').waitFor();
    expect(page.url()).not.toContain('token=');
    await page.getByLabel('Access token').fill('wrong-token-wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-notice').waitFor();
    await page.goto(`${server.url}/#token=${TOKENS.admin}`);
    await page.getByTestId('empty-state').waitFor();
    expect(page.url()).not.toContain('token=');
    await expect(page.getByTestId('borg-status').textContent()).resolves.toMatch(/borg 1\./);
    await browser.screenshot('01-empty-state');
  });

  it('creates a keyfile repository through the UI and lists it with its status', async () => {
    const { page } = browser;
    const path = server.borg.path('ui-repo');
    await page.getByRole('button', { name: 'Create repository' }).first().click();
    const form = page.getByRole('form', { name: 'Create repository' });
    await form.getByLabel('Name', { exact: true }).fill('photos');
    await form.getByLabel('Path', { exact: true }).fill(path);
    await form.getByLabel('Encryption').selectOption('keyfile');
    await form.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await form.getByLabel('Confirm passphrase').fill(PASS);
    await form.getByLabel('Add source directory').fill('/srv/photos');
    await form.getByRole('group', { name: 'Source directories' }).getByRole('button', { name: 'Add', exact: true }).click();
    await browser.screenshot('02-create-form');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await row('photos').waitFor();
    const text = await row('photos').textContent();
    expect(text).toContain('keyfile');
    expect(text).toContain(path);
    expect(await row('photos').getAttribute('data-status')).toBe('ok');
    expect(server.borg.cli(['info', path], { passphrase: PASS, env: { BORG_KEY_FILE: join(server.dataDir, 'keys', 'repository-1.key') } }).status).toBe(0);
    await browser.screenshot('03-list-with-repository');
  });

  it('shows live details, edits the repository in place and exports its keyfile', async () => {
    const { page } = browser;
    await openDetails('photos');
    await page.getByTestId('live-status').waitFor({ timeout: 30_000 });
    await browser.screenshot('04-details');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit repository' });
    await form.getByLabel('Name', { exact: true }).fill('family photos');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await row('family photos').waitFor();
    expect((await server.core.invoke('repositories.get', { id: 1 })).repository.name).toBe('family photos');

    await page.getByTestId('repo-details-body').waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export keyfile' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('family-photos.borg-key');
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toBe(readFileSync(join(server.dataDir, 'keys', 'repository-1.key'), 'utf8'));
    await page.keyboard.press('Escape');
    await page.getByTestId('repo-details-body').waitFor({ state: 'hidden' });
  });

  it('imports a repository made with the borg CLI and shows its archives', async () => {
    const { page } = browser;
    const path = server.borg.path('cli-repo');
    expect(server.borg.cli(['init', '-e', 'repokey', path], { passphrase: PASS }).status).toBe(0);
    expect(server.borg.cli(['create', `${path}::first`, server.borg.tree('src')], { passphrase: PASS }).status).toBe(0);
    await page.getByRole('button', { name: 'Import repository' }).first().click();
    const form = page.getByRole('form', { name: 'Import repository' });
    await form.getByLabel('Name', { exact: true }).fill('from-cli');
    await form.getByLabel('Path', { exact: true }).fill(path);
    await form.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await form.getByLabel('Mode').selectOption('observe');
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await row('from-cli').waitFor();
    if (await page.getByTestId('repo-details-body').isVisible()) await page.keyboard.press('Escape');
    const text = await row('from-cli').textContent();
    expect(text).toContain('repokey');
    expect(text).toMatch(/observe/i);
    expect((await server.core.invoke('repositories.list', {})).find((r) => r.name === 'from-cli')?.archive_count).toBe(1);
    await browser.screenshot('05-imported');
  });

  it('explains a wrong passphrase on import in plain words', async () => {
    const { page } = browser;
    const path = server.borg.path('cli-repo-2');
    server.borg.cli(['init', '-e', 'repokey', path], { passphrase: PASS });
    await page.getByRole('button', { name: 'Import repository' }).first().click();
    const form = page.getByRole('form', { name: 'Import repository' });
    await form.getByLabel('Name', { exact: true }).fill('wrong-pass');
    await form.getByLabel('Path', { exact: true }).fill(path);
    await form.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await form.getByLabel('Mode').selectOption('observe');
    await form.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.getByTestId('error-alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.getAttribute('data-error-code')).toBe('PASSPHRASE_WRONG');
    expect(await alert.textContent()).toMatch(/passphrase is wrong/i);
    await browser.screenshot('06-wrong-passphrase');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('deletes a repository from Borg Desk while its borg data stays', async () => {
    const { page } = browser;
    await openDetails('from-cli');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByTestId('delete-confirm');
    expect(await confirm.textContent()).toMatch(/stay/i);
    await page.getByRole('button', { name: 'Remove from Borg Desk' }).click();
    await row('from-cli').waitFor({ state: 'detached' });
    expect(server.borg.cli(['list', server.borg.path('cli-repo')], { passphrase: PASS }).stdout).toContain('first');
    expect((await server.core.invoke('repositories.list', {})).map((r) => r.name)).toEqual(['family photos']);
    await browser.screenshot('07-after-delete');
  });
});
