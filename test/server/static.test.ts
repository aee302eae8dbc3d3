import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSandbox, type ServerSandbox } from '../fixtures/server';
import { tempDir } from '../fixtures/temp';

describe('the served UI', () => {
  const renderer = tempDir('renderer');
  let server: ServerSandbox;
  beforeAll(async () => {
    mkdirSync(join(renderer.path, 'assets'));
    writeFileSync(join(renderer.path, 'index.html'), '<!doctype html><script type="module" src="./assets/index-Ab12Cd34.js"></script>');
    writeFileSync(join(renderer.path, 'assets', 'index-Ab12Cd34.js'), 'export {};');
    server = await serverSandbox({ rendererDir: renderer.path });
  });
  afterAll(async () => {
    await server.remove();
    renderer.remove();
  });

  it('lets the browser keep content-hashed assets for good, and always asks again for the page naming them', async () => {
    const asset = await server.app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html']) {
      const page = await server.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
  });
});
