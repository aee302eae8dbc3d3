import type { Target } from '../borg/commands';
import { parseCustomFlags } from '../borg/custom-flags';
import { AppError } from '../errors';
import type { StoredRepository } from '../repositories/records';

/** borg expands the placeholders itself when the archive is created. */
export { DEFAULT_ARCHIVE_NAME_TEMPLATE as DEFAULT_ARCHIVE_TEMPLATE } from '../contract/repositories';

/**
 * How long a job waits for a lock someone else holds (a status refresh's shared lock, another
 * borg on the machine) before failing with REPO_LOCKED. custom_flags may set their own.
 */
const LOCK_WAIT = ['--lock-wait', '30'];

/** `borg create` argv for a repository's settings. The runner adds --log-json. */
export function createArgs(record: StoredRepository, target: Target, archiveTemplate: string): string[] {
  if (record.source_directories.length === 0) {
    throw new AppError('VALIDATION', 'This repository has no source directories to back up.', { field: 'source_directories' });
  }
  let custom: string[] = [];
  if (record.custom_flags !== null && record.custom_flags.trim() !== '') {
    const parsed = parseCustomFlags(record.custom_flags);
    if (!parsed.ok) throw new AppError('VALIDATION', `custom_flags: ${parsed.error}`, { field: 'custom_flags' });
    custom = parsed.args;
  }
  const excludes = record.exclude_patterns.flatMap((pattern) => ['--exclude', pattern]);
  return [
    'create',
    '--json',
    '--progress',
    ...LOCK_WAIT,
    '--compression',
    record.compression,
    ...excludes,
    ...custom,
    // The repository's own options (--remote-path) come last so custom_flags cannot undo them.
    ...target.options.filter((o) => o !== '--bypass-lock'),
    `${target.location}::${archiveTemplate}`,
    // `--` is not needed: sources are validated absolute paths, so none can read as an option.
    ...record.source_directories,
  ];
}

export function checkArgs(target: Target, verifyData: boolean): string[] {
  return ['check', '--progress', '--info', ...LOCK_WAIT, ...(verifyData ? ['--verify-data'] : []), ...target.options.filter((o) => o !== '--bypass-lock'), target.location];
}

export function compactArgs(target: Target): string[] {
  return ['compact', '--progress', '--info', ...LOCK_WAIT, ...target.options.filter((o) => o !== '--bypass-lock'), target.location];
}

export interface CreateStats {
  archive_name: string | null;
  nfiles: number | null;
  original_size: number | null;
  compressed_size: number | null;
  deduplicated_size: number | null;
  duration_seconds: number | null;
}

/** The archive and its stats from `borg create --json`; nulls when borg printed nothing usable. */
export function parseCreateOutput(stdout: string): CreateStats {
  let json: { archive?: { name?: string; duration?: number; stats?: Record<string, number | undefined> } } = {};
  try {
    json = JSON.parse(stdout) as typeof json;
  } catch {
    // A cancelled or failed run prints no JSON; the stats stay unknown.
  }
  const stats = json.archive?.stats ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    archive_name: typeof json.archive?.name === 'string' ? json.archive.name : null,
    nfiles: num(stats.nfiles),
    original_size: num(stats.original_size),
    compressed_size: num(stats.compressed_size),
    deduplicated_size: num(stats.deduplicated_size),
    duration_seconds: num(json.archive?.duration),
  };
}
