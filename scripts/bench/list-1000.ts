import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { writeFile } from 'node:fs/promises';
import { chromium, type Page } from 'playwright-core';
import { REPOSITORY_STORE, RepositoryRecords, type StoredRepository } from '../../src-main/core/repositories/records';
import { confStore } from '../../src-main/core/store/conf-store';
import { createServer } from '../../src-main/server/app';
import type { TokenSet } from '../../src-main/server/auth';
import type { Row } from './report';
import { borgEnv, log, openCore, type Scratch } from './sandbox';
import { kib, median, ms, percentile } from './stats';

export interface ListOptions {
  repositories: number;
  calls: number;
  pageLoads: number;
  rendererDir: string;
  /** Set when out/renderer is older than src-renderer: the page measured is not the current code. */
  rendererNote?: string;
}

const FIRST_ROWS_TARGET_MS = 200;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const HOSTS = ['nas', 'backup', 'vault', 'store', 'archive'];
const COMPRESSIONS = ['lz4', 'zstd,3', 'zstd,10', 'zlib,6', 'none', 'auto,zstd'];
const ENCRYPTIONS = ['repokey', 'repokey-blake2', 'keyfile', 'keyfile-blake2', 'none'] as const;

/** A believable record: a third on SSH servers, most backed up recently, a few with a failed refresh. */
function record(id: number, now: number): StoredRepository {
  const day = 86_400_000;
  const ssh = id % 3 === 0;
  const host = `${HOSTS[id % HOSTS.length]}-${String(id % 17).padStart(2, '0')}.example.net`;
  const name = `${ssh ? 'remote' : 'local'}-${['photos', 'home', 'mail', 'db', 'projects', 'media', 'etc'][id % 7]}-${id}`;
  const path = ssh ? `ssh://backup@${host}:22/srv/borg/${name}` : `/srv/backups/${name}`;
  const created = new Date(now - (id % 400) * day).toISOString();
  const lastBackup = id % 11 === 0 ? null : new Date(now - (id % 72) * 3_600_000).toISOString();
  const failed = id % 23 === 0;
  return {
    id,
    name,
    path,
    encryption: ENCRYPTIONS[id % ENCRYPTIONS.length] as StoredRepository['encryption'],
    compression: COMPRESSIONS[id % COMPRESSIONS.length] as string,
    source_directories: [`/home/user${id % 40}`, `/srv/data/${name}`].slice(0, 1 + (id % 2)),
    exclude_patterns: id % 4 === 0 ? ['*.tmp', '*/.cache/*', '*/node_modules/*'] : [],
    repository_type: ssh ? 'ssh' : 'local',
    host: ssh ? host : null,
    port: ssh ? 22 : null,
    username: ssh ? 'backup' : null,
    ssh_key_id: ssh ? 1 + (id % 5) : null,
    connection_id: ssh ? 1 + (id % 5) : null,
    remote_path: ssh && id % 2 === 0 ? '/usr/local/bin/borg' : null,
    last_backup: lastBackup,
    last_check: id % 5 === 0 ? new Date(now - (id % 30) * day).toISOString() : null,
    last_compact: id % 7 === 0 ? new Date(now - (id % 60) * day).toISOString() : null,
    total_size_bytes: lastBackup === null ? 0 : ((id * 7_919_003) % 900_000_000_000) + 10_000_000,
    archive_count: lastBackup === null ? 0 : (id % 300) + 1,
    created_at: created,
    updated_at: created,
    pre_backup_script: id % 9 === 0 ? '#!/bin/sh\npg_dumpall > /srv/dump.sql\n' : null,
    post_backup_script: null,
    hook_timeout: 300,
    pre_hook_timeout: 300,
    post_hook_timeout: 300,
    continue_on_hook_failure: false,
    mode: id % 13 === 0 ? 'observe' : 'full',
    bypass_lock: false,
    custom_flags: id % 10 === 0 ? '--one-file-system --exclude-caches' : null,
    archive_name_template: '{hostname}-{now:%Y-%m-%dT%H:%M:%S}',
    source_ssh_connection_id: null,
    borg_repository_id: randomBytes(32).toString('hex'),
    last_refresh_at: new Date(now - (id % 60) * 60_000).toISOString(),
    last_refresh_error: failed ? { code: 'REPO_LOCKED', message: 'Failed to create/acquire the lock (timeout).', at: new Date(now).toISOString() } : null,
    keyfile_backed_up_at: null,
  };
}

/** Section 2: 1,000 repositories through the core, the REST API and the renderer in Chromium. */
export async function benchList(scratch: Scratch, options: ListOptions): Promise<Row[]> {
  const dataDir = scratch.dir('list-app-data');
  log(`seeding ${options.repositories} repository records through RepositoryRecords`);
  // conf re-reads and rewrites the whole file on every get/set, so 1,000 puts straight into it take
  // about half a minute: build the list through RepositoryRecords in memory, store it in one write,
  // then time one ordinary create-style write (reserveId + put) at the full size.
  const memory = new Map<string, unknown>();
  const staging = new RepositoryRecords({ get: (key) => memory.get(key), set: (key, value) => void memory.set(key, value), path: ':memory:' });
  const now = Date.now();
  for (let i = 1; i < options.repositories; i++) staging.put(record(staging.reserveId(), now));
  const kv = confStore(dataDir)(REPOSITORY_STORE);
  kv.set('repositories', staging.all());
  kv.set('next_id', memory.get('next_id'));
  const records = new RepositoryRecords(kv);
  const writeStart = performance.now();
  records.put(record(records.reserveId(), now));
  const oneWriteMs = performance.now() - writeStart;
  const readStart = performance.now();
  records.all();
  const oneReadMs = performance.now() - readStart;

  const core = await openCore(dataDir, borgEnv(scratch.path('list-borg-base')));
  const tokens: TokenSet = { admin: randomBytes(24).toString('base64url'), viewer: randomBytes(24).toString('base64url'), adminFile: null, viewerFile: null };
  const app = await createServer({ core, tokens, rendererDir: options.rendererDir });
  const rows: Row[] = [];
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });

    // --- core ---------------------------------------------------------------------------------
    log(`repositories.list × ${options.calls}`);
    const coreSamples: number[] = [];
    for (let i = 0; i < options.calls + 20; i++) {
      const start = performance.now();
      const list = await core.invoke('repositories.list', {});
      if (i >= 20) coreSamples.push(performance.now() - start);
      if (list.length !== options.repositories) throw new Error(`repositories.list gave ${list.length} records`);
    }
    rows.push({
      section: '2',
      measure: `repositories.list (core, ${options.repositories} records) p50 / p99`,
      app: `${ms(percentile(coreSamples, 50))} / ${ms(percentile(coreSamples, 99))}`,
      raw: '',
      figure: ms(percentile(coreSamples, 50)),
      target: '—',
      pass: null,
      note: `records are read from memory (one read ${ms(oneReadMs)}); one record write (atomic file replace) at this size ${ms(oneWriteMs)}`,
      data: { p50_ms: percentile(coreSamples, 50), p99_ms: percentile(coreSamples, 99), calls: coreSamples.length, one_record_write_ms: oneWriteMs, one_store_read_ms: oneReadMs, samples_ms: coreSamples },
    });

    // --- REST ---------------------------------------------------------------------------------
    log(`GET /api/repositories/ × ${options.calls}`);
    const restSamples: number[] = [];
    let bodyBytes = 0;
    for (let i = 0; i < options.calls + 20; i++) {
      const start = performance.now();
      const response = await fetch(`${url}/api/repositories/`, { headers: { authorization: `Bearer ${tokens.admin}` } });
      const body = await response.arrayBuffer();
      if (i >= 20) restSamples.push(performance.now() - start);
      if (response.status !== 200) throw new Error(`GET /api/repositories/ answered ${response.status}`);
      bodyBytes = body.byteLength;
    }
    rows.push({
      section: '2',
      measure: `GET /api/repositories/ (fetch, loopback) p50 / p99`,
      app: `${ms(percentile(restSamples, 50))} / ${ms(percentile(restSamples, 99))}`,
      raw: '',
      figure: ms(percentile(restSamples, 50)),
      target: '—',
      pass: null,
      note: `response body ${kib(bodyBytes)} uncompressed`,
      data: { p50_ms: percentile(restSamples, 50), p99_ms: percentile(restSamples, 99), calls: restSamples.length, body_bytes: bodyBytes, samples_ms: restSamples },
    });

    // --- renderer in Chromium ------------------------------------------------------------------
    log(`Chromium: ${options.pageLoads} loads of the repository list`);
    rows.push(await measureRenderer(scratch, url, tokens.admin, options));
    return rows;
  } finally {
    await app.close();
    await core.close();
  }
}

/**
 * Records, in the page itself, performance.now() (ms since navigation start) when the first row
 * enters the DOM and at the next animation frame (when it is painted).
 */
const FIRST_ROW_PROBE = `
(() => {
  const seen = () => {
    if (window.__benchFirstRow !== undefined) return true;
    if (document.querySelector('[data-testid="repo-row"]') === null) return false;
    window.__benchFirstRow = performance.now();
    requestAnimationFrame(() => {
      window.__benchFirstFrame = performance.now();
      console.debug('bench:first-row-painted');
    });
    return true;
  };
  new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); }).observe(document, { childList: true, subtree: true });
})();
`;

/** BENCH_TRACE=file.json: a Chrome trace (timeline + JS samples) of the last load, for DevTools' Performance panel. */
async function startTrace(page: Page): Promise<{ stop: (file: string) => Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  if (process.env.BENCH_PROFILE !== undefined) {
    // A sampled JS profile at 100 µs, lighter than a trace: which code the page runs before the first row.
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    return {
      stop: async (file) => {
        const { profile } = await cdp.send('Profiler.stop');
        await writeFile(file, JSON.stringify(profile));
        log(`profile of the last load written to ${file}`);
      },
    };
  }
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (message) => events.push(...message.value));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,v8,v8.execute,disabled-by-default-v8.compile,blink.user_timing,loading,disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler',
    transferMode: 'ReportEvents',
  });
  return {
    stop: async (file) => {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      await writeFile(file, JSON.stringify({ traceEvents: events }));
      log(`trace of the last load written to ${file}`);
    },
  };
}

interface LoadFigures {
  row: number;
  frame: number;
  domContentLoaded: number;
  rowsInDom: number;
  ariaRowCount: string | null;
  /** When each request (script, API calls) started and ended, ms since navigation start. */
  resources: { name: string; start: number; end: number }[];
}

async function measureRenderer(scratch: Scratch, url: string, token: string, options: ListOptions): Promise<Row> {
  const context = await chromium.launchPersistentContext(scratch.dir('chromium-profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: CHROMIUM_ARGS,
  });
  try {
    await context.addInitScript({ content: FIRST_ROW_PROBE });
    const loads: LoadFigures[] = [];
    for (let i = 0; i < options.pageLoads; i++) {
      const page = await context.newPage();
      const trace = process.env.BENCH_TRACE !== undefined && i === options.pageLoads - 1 ? await startTrace(page) : null;
      // Waiting on the probe's console message rather than a selector: Playwright's selector
      // engine is injected into the page when first used, and costs its main thread ~10 ms
      // in the middle of the load being measured.
      const painted = page.waitForEvent('console', { predicate: (message) => message.text() === 'bench:first-row-painted', timeout: 30_000 });
      await page.goto(`${url}/#token=${token}`, { waitUntil: 'commit' });
      try {
        await painted;
      } catch (error) {
        const text = String(await page.evaluate('document.body?.innerText ?? ""')).replace(/\s+/g, ' ').slice(0, 300);
        throw new Error(`no repo-row appeared within 30 s; the page shows: "${text}"`, { cause: error });
      }
      if (!(await page.locator('[data-testid="repo-row"]').first().isVisible())) throw new Error('the first repo-row is in the DOM but not visible');
      // Let the virtualiser settle (it measures, then renders the rows in view plus overscan).
      await page.waitForTimeout(300);
      const figures = (await page.evaluate(`({
        row: window.__benchFirstRow,
        frame: window.__benchFirstFrame,
        domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? -1,
        rowsInDom: document.querySelectorAll('[data-testid="repo-row"]').length,
        ariaRowCount: document.querySelector('[data-testid="repo-list-scroller"]')?.getAttribute('aria-rowcount') ?? null,
        resources: performance.getEntriesByType('resource').map((e) => ({
          name: new URL(e.name).pathname,
          start: Math.round(e.startTime),
          end: Math.round(e.responseEnd),
        })),
      })`)) as LoadFigures;
      loads.push(figures);
      if (trace !== null) await trace.stop(process.env.BENCH_TRACE as string);
      await page.close();
    }
    const frames = loads.map((l) => l.frame);
    const warm = frames.slice(1);
    const m = median(frames);
    const dom = loads.map((l) => l.rowsInDom);
    const at = (load: LoadFigures, path: string, edge: 'start' | 'end') => load.resources.find((r) => r.name === path || (path === '.js' && r.name.endsWith('.js')))?.[edge] ?? Number.NaN;
    const waterfall = {
      script_loaded_ms: median(loads.map((l) => at(l, '.js', 'end'))),
      first_api_call_ms: median(loads.map((l) => Math.min(...l.resources.filter((r) => r.name.startsWith('/api/')).map((r) => r.start)))),
      repositories_request_ms: median(loads.map((l) => at(l, '/api/repositories/', 'start'))),
      repositories_response_ms: median(loads.map((l) => at(l, '/api/repositories/', 'end'))),
    };
    const notes = [
      `first load (cold cache) ${ms(frames[0] as number)}, warm median ${ms(median(warm))}`,
      `medians: script loaded ${ms(waterfall.script_loaded_ms)}, first API call ${ms(waterfall.first_api_call_ms)}, GET /api/repositories/ ${ms(waterfall.repositories_request_ms)}→${ms(waterfall.repositories_response_ms)}, first row ${ms(median(loads.map((l) => l.row)))}`,
      `${Math.max(...dom)} of ${options.repositories} rows in the DOM (aria-rowcount ${loads[0]?.ariaRowCount ?? '?'})`,
    ];
    if (options.rendererNote !== undefined) notes.push(options.rendererNote);
    return {
      section: '2',
      measure: `renderer in Chromium: navigation start → first repo-row painted (median of ${loads.length})`,
      app: ms(m),
      raw: '',
      figure: `${ms(m)}; ${Math.max(...dom)} rows in DOM`,
      target: `< ${FIRST_ROWS_TARGET_MS} ms`,
      pass: m < FIRST_ROWS_TARGET_MS,
      note: notes.join('; '),
      data: {
        median_first_row_painted_ms: m,
        median_first_row_in_dom_ms: median(loads.map((l) => l.row)),
        cold_first_row_painted_ms: frames[0],
        warm_median_first_row_painted_ms: median(warm),
        rows_in_dom: dom,
        waterfall,
        loads,
      },
    };
  } finally {
    await context.close();
  }
}
