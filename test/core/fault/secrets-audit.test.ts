/**
 * A distinctive passphrase through create, import, backups, key export and a passphrase change,
 * against the real headless server (its own process, request logging on). While each call runs,
 * every process's argv and environment is polled: the passphrase never shows. Afterwards it is in
 * no response, no job log, no log line, and no file (the secrets file holds it sealed only).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Repository } from '../../../src-main/core/contract';
import { tempDir } from '../../fixtures/temp';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PASSPHRASE = `Fault-Audit-${randomBytes(6).toString('hex')}-pässwörd`;
const NEW_PASSPHRASE = `Fault-Audit-New-${randomBytes(6).toString('hex')}`;
const SECRETS = [PASSPHRASE, NEW_PASSPHRASE].map((s) => Buffer.from(s, 'utf8'));
const ADMIN = `audit-admin-${randomBytes(12).toString('hex')}`;
const VIEWER = `audit-viewer-${randomBytes(12).toString('hex')}`;

const leaksIn = (bytes: Buffer) => SECRETS.some((secret) => bytes.includes(secret));

interface Watch {
  leaks: string[];
  /** Command lines of the borg processes seen, to prove the watch saw the work at all. */
  borg: string[];
  stop(): void;
}

/** Polls every process's command line and environment until stopped. */
function watchProcesses(everyMs = 20): Watch {
  const leaks: string[] = [];
  const borg = new Set<string>();
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch {
      return Buffer.alloc(0);
    }
  };
  const scan = () => {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || pid === String(process.pid)) continue;
      const cmdline = read(`/proc/${pid}/cmdline`);
      if (cmdline.length === 0) continue;
      const command = cmdline.toString('utf8').split('\0').join(' ');
      if (/\/borg /.test(command)) borg.add(command);
      if (leaksIn(cmdline)) leaks.push(`argv of ${pid}: ${command}`);
      if (leaksIn(read(`/proc/${pid}/environ`))) leaks.push(`environment of ${pid}: ${command}`);
    }
  };
  scan();
  const timer = setInterval(scan, everyMs);
  return {
    leaks,
    get borg() {
      return [...borg];
    },
    stop: () => {
      clearInterval(timer);
      scan();
    },
  };
}

let dir: { path: string; remove(): void };
let dataDir: string;
let baseDir: string;
let server: ChildProcess;
let url = '';
let output = '';
const responses: { what: string; status: number; headers: string; body: Buffer }[] = [];

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => unknown; text: string }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  responses.push({ what: `${method} ${path}`, status: res.status, headers: JSON.stringify([...res.headers]), body: bytes });
  const text = bytes.toString('utf8');
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

/** Runs one step with the process watch on; the step must have made borg run, and nothing may leak. */
async function watched<T>(what: string, repoPath: string, step: () => Promise<T>): Promise<T> {
  const watch = watchProcesses();
  try {
    return await step();
  } finally {
    watch.stop();
    expect(watch.leaks, `${what}: the passphrase showed in a process`).toEqual([]);
    expect(
      watch.borg.filter((command) => command.includes(repoPath)),
      `${what}: the watch never saw borg work on ${repoPath}`,
    ).not.toEqual([]);
  }
}

async function finishedJob(id: string): Promise<Job & { log: { message: string }[] }> {
  for (;;) {
    const job = ((await call('GET', `/api/jobs/${id}`)).json() as { job: Job & { log: { message: string }[] } }).job;
    if (['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** borg CLI for test setup only (its environment carries the passphrase, so never while watching). */
function borgCli(args: string[], env: Record<string, string>, base = baseDir) {
  const result = spawnSync('borg', args, { env: { ...process.env, BORG_BASE_DIR: base, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(result.status, result.stderr).toBe(0);
}

function filesUnder(path: string): string[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).flatMap((entry) => filesUnder(join(path, entry)));
}

beforeAll(async () => {
  dir = tempDir('secrets-audit');
  dataDir = join(dir.path, 'data');
  baseDir = join(dir.path, 'borg-base');
  mkdirSync(baseDir);
  server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'server', 'cli.ts'), '--port', '0', '--data-dir', dataDir, '--log'], {
    cwd: root,
    env: { ...process.env, BORG_BASE_DIR: baseDir, BORG_DESK_ADMIN_TOKEN: ADMIN, BORG_DESK_VIEWER_TOKEN: VIEWER, TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => (output += chunk.toString('utf8'));
  server.stdout?.on('data', collect);
  server.stderr?.on('data', collect);
  const started = Date.now();
  while (url === '') {
    const match = /listening on (http:\/\/\S+)/.exec(output);
    if (match?.[1] !== undefined) url = match[1];
    else if (server.exitCode !== null || Date.now() - started > 30_000) throw new Error(`the server did not start:\n${output}`);
    else await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  dir?.remove();
});

describe('secrets audit', () => {
  it('never shows the passphrase in argv, environments, responses, job logs, log output or files', async () => {
    const source = join(dir.path, 'source');
    mkdirSync(source);
    for (let i = 0; i < 50; i++) writeFileSync(join(source, `f${i}`), randomBytes(256 * 1024));

    // create (repokey)
    const pathA = join(dir.path, 'repo-a');
    const created = await watched('create', pathA, () =>
      call('POST', '/api/repositories', { name: 'audit-a', path: pathA, encryption: 'repokey', passphrase: PASSPHRASE, source_directories: [source] }),
    );
    expect(created.status, created.text).toBe(200);
    const a = (created.json() as { repository: Repository }).repository;

    // import (keyfile repository made elsewhere, its key uploaded with the import)
    const pathB = join(dir.path, 'repo-b');
    const otherBase = join(dir.path, 'other-machine');
    mkdirSync(otherBase);
    borgCli(['init', '-e', 'keyfile', pathB], { BORG_PASSPHRASE: PASSPHRASE }, otherBase);
    const keysDir = join(otherBase, '.config', 'borg', 'keys');
    const keyfile = readFileSync(join(keysDir, readdirSync(keysDir)[0] as string), 'utf8');
    const imported = await watched('import', pathB, () =>
      call('POST', '/api/repositories/import', { name: 'audit-b', path: pathB, passphrase: PASSPHRASE, keyfile_content: keyfile, source_directories: [source] }),
    );
    expect(imported.status, imported.text).toBe(200);
    const b = (imported.json() as { repository: Repository }).repository;

    // backup
    const backup = await watched('backup', pathA, async () => {
      const started = await call('POST', `/api/repositories/${a.id}/backup`, {});
      expect(started.status, started.text).toBe(200);
      return finishedJob((started.json() as { job: Job }).job.id);
    });
    expect(backup.state).toBe('succeeded');
    expect(backup.log.length).toBeGreaterThan(0);

    // key export, both formats, both repositories
    for (const [repo, format] of [[a, 'keyfile'], [a, 'paper'], [b, 'keyfile']] as const) {
      const exported = await watched(`key export ${repo.name} ${format}`, repo.path, () => call('GET', `/api/repositories/${repo.id}/keyfile?format=${format}`));
      expect(exported.status, exported.text).toBe(200);
      expect(exported.text).toMatch(/BORG/);
    }

    // passphrase change: borg's key re-encrypted (setup), then the stored one replaced through the API
    borgCli(['key', 'change-passphrase', pathA], { BORG_PASSPHRASE: PASSPHRASE, BORG_NEW_PASSPHRASE: NEW_PASSPHRASE });
    const changed = await watched('passphrase change', pathA, () =>
      call('PUT', `/api/repositories/${a.id}`, { passphrase: NEW_PASSPHRASE, current_passphrase: PASSPHRASE }),
    );
    expect(changed.status, changed.text).toBe(200);
    const second = await watched('backup with the new passphrase', pathA, async () => {
      const started = await call('POST', `/api/repositories/${a.id}/backup`, {});
      return finishedJob((started.json() as { job: Job }).job.id);
    });
    expect(second.state).toBe('succeeded');

    // A wrong current passphrase is refused without echoing either one.
    const refused = await call('PUT', `/api/repositories/${a.id}`, { passphrase: PASSPHRASE, current_passphrase: `${PASSPHRASE}-wrong` });
    expect(refused.status).toBe(401);

    // Everything read back: lists, details, jobs with their logs, system info.
    await call('GET', '/api/repositories');
    await call('GET', `/api/repositories/${a.id}`);
    await call('GET', `/api/repositories/${b.id}`);
    await call('GET', '/api/jobs');
    await call('GET', '/api/system/info');

    for (const r of responses) {
      expect(leaksIn(r.body) || leaksIn(Buffer.from(r.headers)), `${r.what} (${r.status}) answered the passphrase`).toBe(false);
    }

    // Log output: the server's request log was on, and never printed it.
    expect(output).toMatch(/incoming request|request completed/);
    expect(leaksIn(Buffer.from(output, 'utf8')), 'the server log printed the passphrase').toBe(false);

    // Files: nowhere in the data dir, borg's base dir or the repositories; the secrets file holds it sealed only.
    const secretsFile = join(dataDir, 'secrets.json');
    const files = [dataDir, baseDir, pathA, pathB].flatMap(filesUnder);
    expect(files).toContain(secretsFile);
    expect(files.filter((file) => leaksIn(readFileSync(file)))).toEqual([]);
    const sealed = JSON.parse(readFileSync(secretsFile, 'utf8')) as { entries: Record<string, { data: string }> };
    expect(Object.keys(sealed.entries).length).toBeGreaterThanOrEqual(2);
    for (const entry of Object.values(sealed.entries)) {
      expect(leaksIn(Buffer.from(entry.data, 'base64'))).toBe(false);
    }
  });
});
