import { AppError } from '../errors';
import type { BorgRunner } from './runner';

export interface Target {
  location: string;
  env: Record<string, string>;
  options: string[];
}

export interface RepoInfo {
  id: string;
  location: string;
  encryption: string;
  totalSize: number;
  totalCompressed: number;
  uniqueCompressed: number;
}

export interface ArchiveSummary {
  name: string;
  id: string;
  /** ISO-8601 UTC with Z. */
  start: string;
}

/** borg 1.2 prints local times without a zone; the runner sets TZ=UTC, so they are UTC. */
export function borgTimeToIso(value: string): string {
  if (/[zZ]|[+-]\d\d:\d\d$/.test(value)) return new Date(value).toISOString();
  return new Date(`${value}Z`).toISOString();
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AppError('BORG_FAILED', `borg ${what} did not answer with JSON.`);
  }
}

const READ_TIMEOUT_MS = 60_000;
const LOCK_WAIT = ['--lock-wait', '5'];

export async function borgInfo(runner: BorgRunner, target: Target, passphrase: string | null, signal?: AbortSignal): Promise<RepoInfo> {
  const result = await runner.run({
    args: ['info', '--json', ...LOCK_WAIT, ...target.options, target.location],
    env: target.env,
    passphrase,
    timeoutMs: READ_TIMEOUT_MS,
    signal,
  });
  const json = parseJson<{
    repository?: { id?: string; location?: string };
    encryption?: { mode?: string };
    cache?: { stats?: { total_size?: number; total_csize?: number; unique_csize?: number } };
  }>(result.stdout, 'info');
  if (typeof json.repository?.id !== 'string') throw new AppError('BORG_FAILED', 'borg info gave no repository id.');
  const stats = json.cache?.stats ?? {};
  return {
    id: json.repository.id,
    location: json.repository.location ?? target.location,
    encryption: json.encryption?.mode ?? 'unknown',
    totalSize: stats.total_size ?? 0,
    totalCompressed: stats.total_csize ?? 0,
    uniqueCompressed: stats.unique_csize ?? 0,
  };
}

export async function borgListArchives(
  runner: BorgRunner,
  target: Target,
  passphrase: string | null,
  options: { last?: number; signal?: AbortSignal } = {},
): Promise<ArchiveSummary[]> {
  const last = options.last !== undefined ? ['--last', String(options.last)] : [];
  const result = await runner.run({
    args: ['list', '--json', ...LOCK_WAIT, ...last, ...target.options, target.location],
    env: target.env,
    passphrase,
    timeoutMs: READ_TIMEOUT_MS,
    signal: options.signal,
  });
  const json = parseJson<{ archives?: { name: string; id: string; start?: string; time?: string }[] }>(result.stdout, 'list');
  return (json.archives ?? []).map((a) => ({ name: a.name, id: a.id, start: borgTimeToIso(a.start ?? a.time ?? '') }));
}

export async function borgInit(
  runner: BorgRunner,
  target: Target,
  encryption: string,
  passphrase: string | null,
): Promise<void> {
  await runner.run({
    args: ['init', '--encryption', encryption, ...target.options.filter((o) => o !== '--bypass-lock'), target.location],
    env: target.env,
    passphrase,
    timeoutMs: 120_000,
  });
}

export async function borgKeyExport(
  runner: BorgRunner,
  target: Target,
  passphrase: string | null,
  paper: boolean,
): Promise<string> {
  const result = await runner.run({
    args: ['key', 'export', ...(paper ? ['--paper'] : []), ...target.options.filter((o) => o !== '--bypass-lock'), target.location, '-'],
    env: target.env,
    passphrase,
    timeoutMs: READ_TIMEOUT_MS,
  });
  return result.stdout;
}
