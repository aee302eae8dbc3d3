import { existsSync } from 'node:fs';
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

  it('asks for a token, then shows the friendly empty state', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.getByLabel('Access token').fill('wrong-token-wrong-token');
    await page.getByRole('button', { name: /sign in|continue|log in/i }).click();
    await expect(page.getByText(/token/i).first()).toBeDefined();
    await page.goto(`${server.url}/#token=${TOKENS.admin}`);
    await page.getByTestId('empty-state').waitFor();
    expect(page.url()).not.toContain('token=');
    await browser.screenshot('empty-state');
  });

  it('creates a repository through the UI and lists it with its status', async () => {
    const { page } = browser;
    const path = server.borg.path('ui-repo');
    await page.getByRole('button', { name: 'Create repository' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('photos');
    await dialog.getByLabel('Path', { exact: true }).fill(path);
    await dialog.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await dialog.getByLabel('Confirm passphrase').fill(PASS);
    await dialog.getByLabel('Add source directory').fill('/srv/photos');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await browser.screenshot('create-form');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const row = page.getByTestId('repo-row').filter({ hasText: 'photos' });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toMatch(/repokey/);
    expect(server.borg.cli(['info', path], { passphrase: PASS }).status).toBe(0);
    await browser.screenshot('list-with-repository');
  });
});
