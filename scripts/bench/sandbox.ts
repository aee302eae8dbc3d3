import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../../src-main/core';
import type { BorgLogEntry } from '../../src-main/core/borg/log-parser';
import type { BorgCall } from '../../src-main/core/borg/runner';
import { FINISHED_JOB_STATES, type Job } from '../../src-main/core/contract/jobs';
import { FileSecretStore } from '../../src-main/core/secrets/file-secrets';
import { confStore } from '../../src-main/core/store/conf-store';

export type BenchCore = ReturnType<typeof createCore>;

export const PASSPHRASE = 'bench passphrase: correct horse battery staple';
/** The archive name the core's jobs use (DEFAULT_ARCHIVE_TEMPLATE), given to raw borg too. */
export const ARCHIVE_TEMPLATE = '{hostname}-{now:%Y-%m-%dT%H:%M:%S}';

/** One temp root for the whole run, removed at the end (and on Ctrl-C). */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'borg-desk-bench-'));
  private removed = false;

  dir(name: string): string {
    const path = join(this.root, name);
    mkdirSync(path, { recursive: true });
    return path;
  }

  path(name: string): string {
    return join(this.root, name);
  }

  remove(): void {
    if (this.removed) return;
    this.removed = true;
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The environment both the core and raw borg get: one BORG_BASE_DIR, UTC, no inherited secrets. */
export function borgEnv(baseDir: string): NodeJS.ProcessEnv {
  mkdirSync(baseDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, BORG_BASE_DIR: baseDir, TZ: 'UTC' };
  for (const name of ['BORG_PASSPHRASE', 'BORG_PASSCOMMAND', 'BORG_PASSPHRASE_FD', 'BORG_REPO', 'BORG_KEY_FILE', 'BORG_RSH']) delete env[name];
  return env;
}

/** A core exactly as the headless server builds one (conf store, file secrets), over `dataDir`. */
export async function openCore(dataDir: string, env: NodeJS.ProcessEnv): Promise<BenchCore> {
  const core = createCore({
    dataDir,
    openStore: confStore(dataDir),
    secrets: new FileSecretStore(dataDir),
    mode: 'server',
    appVersion: '0.0.0-bench',
    env,
  });
  // borg detection runs in the background at start; let it finish so it never overlaps a measurement.
  const info = await core.invoke('system.info', {});
  if (!info.borg.available) throw new Error('borg was not found on PATH');
  return core;
}

const rawChildren = new Set<ChildProcess>();

/** Stops raw borg runs still going (Ctrl-C): they are detached, so they would outlive the bench. */
export function stopRawBorg(): void {
  for (const child of rawChildren) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

export interface RawResult {
  stdout: string;
  ms: number;
}

/**
 * Raw borg as a person would run it: argv, stdin closed, the passphrase in BORG_PASSPHRASE (the
 * usual way by hand), the same base dir. Rejects on exit code 2 and above.
 */
export function rawBorg(args: string[], env: NodeJS.ProcessEnv, passphrase: string | null = PASSPHRASE): Promise<RawResult> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('borg', args, {
      env: { ...env, BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes', ...(passphrase !== null ? { BORG_PASSPHRASE: passphrase } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // In its own session, as the core's runner starts borg (and as a terminal would): with the
      // kernel's autogroup scheduling a session is a CPU-share unit, so this keeps both sides equal
      // when other work loads the machine.
      detached: true,
    });
    rawChildren.add(child);
    child.on('close', () => rawChildren.delete(child));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep only the tail: a --list run would otherwise hold every line.
      err.push(chunk);
      if (err.length > 64) err.shift();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0 || code === 1) resolve({ stdout: Buffer.concat(out).toString('utf8'), ms });
      else reject(new Error(`borg ${args[0]} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-2000)}`));
    });
  });
}

/** Runs fn over items, at most `limit` at a time (setup work only). */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await fn(items[index] as T, index);
      }
    }),
  );
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Calls `onSettled` when each borg call of this core's runner ends, and `onLog` with each log
 * entry's type. Instrumentation only: the call itself passes through untouched.
 */
export function tapRunner(core: BenchCore, onSettled: (args: readonly string[], at: number) => void, onLog?: (entry: BorgLogEntry) => void): void {
  const runner = core.internals.runner;
  const original = runner.run.bind(runner);
  runner.run = (call: BorgCall) => {
    const tapped: BorgCall =
      onLog === undefined
        ? call
        : {
            ...call,
            onLog: (entry) => {
              onLog(entry);
              call.onLog?.(entry);
            },
          };
    const result = original(tapped);
    const done = () => onSettled(call.args, performance.now());
    result.then(done, done);
    return result;
  };
}

/** Starts a backup job and waits for its final `jobs.updated`; answers the job and the ms from the start call. */
export function runBackupJob(core: BenchCore, repositoryId: number): Promise<{ job: Job; ms: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    let jobId: string | null = null;
    const early: Job[] = [];
    const check = (job: Job) => {
      if (job.id !== jobId || !FINISHED_JOB_STATES.includes(job.state)) return;
      off();
      resolve({ job, ms: performance.now() - start });
    };
    const off = core.events.on('jobs.updated', (job) => (jobId === null ? early.push(job) : check(job)));
    core.invoke('jobs.start', { repository_id: repositoryId, kind: 'backup' }).then(
      (job) => {
        jobId = job.id;
        early.forEach(check);
      },
      (error: unknown) => {
        off();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
