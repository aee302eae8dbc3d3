import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const root = 'out/renderer';
const srv = http.createServer((q, r) => {
  const p = q.url.split('?')[0].split('#')[0];
  const file = path.join(root, p === '/' ? 'index.html' : p);
  if (!fs.existsSync(file)) { r.statusCode = 404; return r.end(); }
  r.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html');
  r.setHeader('cache-control', p.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  r.end(fs.readFileSync(file));
}).listen(0);
const port = srv.address().port;
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-')), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', ...(process.argv[2] ? [process.argv[2]] : [])] });
for (let i = 0; i < 6; i++) {
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (m) => events.push(...m.value));
  await cdp.send('Tracing.start', { categories: 'v8,disabled-by-default-v8.compile,devtools.timeline', transferMode: 'ReportEvents' });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForTimeout(1500);
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end'); await done;
  const names = events.filter((e) => /parseOnBackground|CodeCache|produceModuleCache|consume|compileModule/i.test(e.name)).map((e) => `${e.name}${e.dur ? ' ' + (e.dur / 1000).toFixed(1) : ''}${e.args?.data?.consumedCacheSize ? ' consumed=' + e.args.data.consumedCacheSize : ''}${e.args?.data?.cacheRejected !== undefined ? ' rejected=' + e.args.data.cacheRejected : ''}`);
  console.log(i, names.join(' | '));
  await page.close();
}
await ctx.close(); srv.close();
