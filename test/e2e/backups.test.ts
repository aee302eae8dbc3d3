import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSandbox, type BrowserSandbox } from '../fixtures/browser';
import { serverSandbox, TOKENS, type ServerSandbox } from '../fixtures/server';

const RENDERER = join(process.cwd(), 'out', 'renderer');
const PASS = 'correct horse battery staple';

describe('a backup in Chromium against the real server and borg', () => {
  let server: ServerSandbox;
  let browser: BrowserSandbox;
  let source: string;

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('Build the renderer first (npm run build): out/renderer is missing');
    server = await serverSandbox({ listen: true, rendererDir: RENDERER });
    // Incompressible data, enough for borg to report progress for a few seconds.
    source = server.borg.path('documents');
    for (let d = 0; d < 20; d++) {
      const dir = join(source, `dir-${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 50; f++) writeFileSync(join(dir, `file-${f}.bin`), randomBytes(64 * 1024));
    }
    await server.core.invoke('repositories.create', {
      name: 'documents',
      path: server.borg.path('repo'),
      encryption: 'repokey',
      passphrase: PASS,
      compression: 'zstd,3',
      source_directories: [source],
    });
    browser = await browserSandbox();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.remove();
  });

  it('runs a backup from the list, shows live progress, and then the new archive', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#token=${TOKENS.admin}`);
    const row = page.getByTestId('repo-row').filter({ hasText: 'documents' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Back up now' }).click();

    const progress = page.getByTestId('job-panel').getByTestId('job-progress');
    await progress.first().waitFor({ timeout: 30_000 });
    await browser.screenshot('10-backup-progress');
    await page.getByTestId('job-panel').waitFor({ state: 'detached', timeout: 120_000 });

    const jobs = await server.core.invoke('jobs.list', {});
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'backup', state: 'succeeded' });
    expect(jobs[0]?.result?.nfiles).toBe(1000);

    await expect.poll(async () => (await server.core.invoke('repositories.list', {}))[0]?.archive_count).toBe(1);
    await expect.poll(() => row.getByTestId('repo-archive-count').textContent()).toBe('1');
    expect(server.borg.cli(['list', '--short', server.borg.path('repo')], { passphrase: PASS }).stdout.trim().split('\n')).toHaveLength(1);

    await row.getByText('documents', { exact: true }).first().click();
    const history = page.getByTestId('job-history-row').first();
    await history.waitFor();
    expect(await history.getAttribute('data-job-state')).toBe('succeeded');
    await browser.screenshot('11-backup-history');
  });
});
