import { borgInfo, borgListArchives } from '../borg/commands';
import type { BorgRunner } from '../borg/runner';
import { toErrorInfo } from '../errors';
import type { BorgTarget } from './access';
import type { StoredRepository } from './records';

/** Runs fn over items with at most `limit` in flight. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Reads a repository's status from borg and returns the updated record. A failure keeps every
 * last known value and records why, so a flaky link never shows "0 archives".
 */
export async function refreshRecord(
  runner: BorgRunner,
  record: StoredRepository,
  target: () => Promise<BorgTarget>,
  passphrase: string | null,
  now: () => Date,
): Promise<StoredRepository> {
  const at = now().toISOString();
  try {
    const t = await target();
    const info = await borgInfo(runner, t, passphrase);
    const archives = await borgListArchives(runner, t, passphrase);
    const newest = archives.at(-1);
    return {
      ...record,
      borg_repository_id: record.borg_repository_id ?? info.id,
      total_size_bytes: info.uniqueCompressed,
      archive_count: archives.length,
      last_backup: newest ? newest.start : null,
      last_refresh_at: at,
      last_refresh_error: null,
    };
  } catch (error) {
    const info = toErrorInfo(error);
    return { ...record, last_refresh_at: at, last_refresh_error: { code: info.code, message: info.message, at } };
  }
}
