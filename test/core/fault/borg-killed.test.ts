/**
 * borg itself killed with SIGKILL in the middle of a backup (OOM killer, a user's kill -9): the job
 * ends failed, nothing is left running, and the next backup succeeds despite the stale lock.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repository } from '../../../src-main/core/contract';
import { createRepository, makeTree, PASS, processes, sandbox, waitFor, waitForJob, type Sandbox } from '../jobs/helpers';

let sb: Sandbox;

beforeAll(() => {
  sb = sandbox();
  // About 3000 files and 30 MB of random data: long enough to be killed mid-way, short enough to redo.
  makeTree(join(sb.root, 'src'), { dirs: 30, filesPerDir: 100, fileBytes: 4 * 1024, bigFiles: 3, bigBytes: 6 * 1024 * 1024 });
});

afterAll(async () => {
  await sb?.remove();
});

const borgOf = (repo: Repository) => processes().filter((p) => p.cmdline.includes(repo.path) && p.cmdline.includes('borg'));

function archives(repo: Repository): string[] {
  const result = spawnSync('borg', ['list', '--short', repo.path], {
    env: { ...process.env, BORG_BASE_DIR: sb.baseDir, BORG_PASSPHRASE: PASS },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter((l) => l !== '');
}

describe('borg killed mid-backup', () => {
  it('fails the job, leaves no process behind, and the next backup succeeds over the stale lock', async () => {
    const repo = await createRepository(sb, 'killed');
    const started = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });

    // Mid-backup: borg has reported reading files, and is still running.
    await waitFor(() => (sb.core.internals.jobs.get(started.id).progress?.nfiles ?? 0) > 0, 30_000, 10);
    const [borg, ...others] = borgOf(repo);
    expect(borg, 'the borg create process').toBeDefined();
    expect(others).toEqual([]);
    expect(borg?.cmdline).toContain(' create ');
    expect(existsSync(join(repo.path, 'lock.exclusive')), 'borg holds the repository lock').toBe(true);

    process.kill(borg?.pid as number, 'SIGKILL');
    await waitFor(() => !existsSync(`/proc/${borg?.pid}/cmdline`) || borgOf(repo).every((p) => p.pid !== borg?.pid), 5_000, 5);
    // The dead process's lock is still on disk (checked before the job's status refresh, a new borg, gets to it).
    expect(existsSync(join(repo.path, 'lock.exclusive')), 'a stale lock is left by the killed borg').toBe(true);
    const job = await waitForJob(sb.core, started.id, 30_000);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('BORG_FAILED');
    expect(job.finished_at).not.toBeNull();

    // No orphan: nothing names the repository, nothing is left in borg's process group.
    await waitFor(() => borgOf(repo).length === 0, 5_000);
    expect(processes().filter((p) => p.pgid === borg?.pgid)).toEqual([]);
    expect(sb.core.internals.activity.isBusy(repo.id)).toBe(false);

    const next = await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    const done = await waitForJob(sb.core, next.id, 90_000);
    expect(done.state, JSON.stringify(done.error)).toBe('succeeded');
    expect(done.result?.nfiles).toBeGreaterThanOrEqual(3000);
    // Only the second backup made an archive, and borg removed the stale lock (BORG_HOSTNAME_IS_UNIQUE=yes).
    expect(archives(repo)).toEqual([done.result?.archive_name]);
    expect(existsSync(join(repo.path, 'lock.exclusive'))).toBe(false);
  });
});
