import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreInternals } from '../../../src-main/core';
import type { Job, JobDetails, Repository } from '../../../src-main/core/contract';
import type { CreateRepositoryInput } from '../../../src-main/core/contract/repositories';
import { FileSecretStore } from '../../../src-main/core/secrets/file-secrets';
import { confStore } from '../../../src-main/core/store/conf-store';

export type TestCore = Core & { internals: CoreInternals };

export interface Sandbox {
  root: string;
  dataDir: string;
  baseDir: string;
  core: TestCore;
  /** A fresh core over the same data dir (a restart). */
  reopen(): TestCore;
  remove(): Promise<void>;
}

export const PASS = 'correct horse battery staple';

/** A core over real borg with its own BORG_BASE_DIR and data dir; `extraEnv` lands in the env the core gets. */
export function sandbox(extraEnv: Record<string, string> = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'borg-desk-jobs-'));
  const dataDir = join(root, 'data');
  const baseDir = join(root, 'borg-base');
  mkdirSync(baseDir);
  const open = () =>
    createCore({
      dataDir,
      openStore: confStore(dataDir),
      secrets: new FileSecretStore(dataDir),
      mode: 'server',
      appVersion: 'test',
      env: { ...process.env, BORG_BASE_DIR: baseDir, ...extraEnv },
    });
  const cores: TestCore[] = [open()];
  return {
    root,
    dataDir,
    baseDir,
    get core() {
      return cores.at(-1) as TestCore;
    },
    reopen() {
      const next = open();
      cores.push(next);
      return next;
    },
    async remove() {
      for (const core of cores) await core.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A tree of small random files plus a few larger ones, so borg reports progress a few times. */
export function makeTree(dir: string, options: { dirs?: number; filesPerDir?: number; fileBytes?: number; bigFiles?: number; bigBytes?: number } = {}): string {
  const { dirs = 20, filesPerDir = 100, fileBytes = 4096, bigFiles = 3, bigBytes = 8 * 1024 * 1024 } = options;
  mkdirSync(dir, { recursive: true });
  for (let d = 0; d < dirs; d++) {
    const sub = join(dir, `d${d}`);
    mkdirSync(sub);
    for (let f = 0; f < filesPerDir; f++) writeFileSync(join(sub, `f${f}`), randomBytes(fileBytes));
  }
  for (let b = 0; b < bigFiles; b++) writeFileSync(join(dir, `big${b}`), randomBytes(bigBytes));
  return dir;
}

export async function createRepository(sb: Sandbox, name: string, settings: Partial<CreateRepositoryInput> = {}): Promise<Repository> {
  return sb.core.invoke('repositories.create', {
    name,
    path: join(sb.root, `repo-${name}`),
    encryption: 'repokey',
    passphrase: PASS,
    source_directories: [join(sb.root, 'src')],
    ...settings,
  });
}

/**
 * Resolves with the job once it is finished (from jobs.updated) and its follow-up (the status
 * refresh) is done, or rejects after `ms`.
 */
export async function waitForJob(core: TestCore, id: string, ms = 60_000): Promise<Job> {
  const job = await finishedJob(core, id, ms);
  await core.internals.jobs.settled(id);
  return job;
}

function finishedJob(core: TestCore, id: string, ms: number): Promise<Job> {
  return new Promise((resolve, reject) => {
    const finished = (job: Job) => ['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'].includes(job.state);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`job ${id} did not finish within ${ms} ms`));
    }, ms);
    const off = core.events.on('jobs.updated', (job) => {
      if (job.id === id && finished(job)) {
        clearTimeout(timer);
        off();
        resolve(job);
      }
    });
    void core.invoke('jobs.get', { id }).then((job: JobDetails) => {
      if (finished(job)) {
        clearTimeout(timer);
        off();
        resolve(job);
      }
    });
  });
}

export function waitFor<T>(probe: () => T | undefined | null | false, ms = 30_000, every = 20): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) resolve(value);
      else if (Date.now() - started > ms) reject(new Error('condition not met in time'));
      else setTimeout(tick, every);
    };
    tick();
  });
}

export interface ProcessInfo {
  pid: number;
  pgid: number;
  cmdline: string;
  exe: string;
}

/** Every live process, read from /proc (zombies included: they still hold their group). */
export function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name in parentheses: state ppid pgrp ...
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let exe = '';
      try {
        exe = readlinkSync(`/proc/${entry}/exe`);
      } catch {
        // Zombies and foreign processes have no readable exe.
      }
      found.push({ pid: Number(entry), pgid: Number(after[2]), cmdline, exe });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
