import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookEnvironment, runHook } from '../../../src-main/core/jobs/hooks';
import { createRepository, makeTree, PASS, sandbox, waitFor, waitForJob, type Sandbox } from './helpers';

const MARKER = 'BORG_DESK_TEST_PARENT_SECRET';

/** True while the process exists and is not a zombie waiting for a reaper. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function envFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

describe('runHook', () => {
  it('kills the whole process group on timeout, background children included', async () => {
    const lines: string[] = [];
    const outcome = await runHook({
      script: 'sleep 1000 & echo $!; sleep 1000 & echo $!; wait',
      timeoutMs: 500,
      env: hookEnvironment(process.env, {}),
      onLine: (line) => lines.push(line),
    });
    expect(outcome).toEqual({ ok: false, reason: 'timeout' });
    const pids = lines.map(Number);
    expect(pids).toHaveLength(2);
    await waitFor(() => pids.every((pid) => !alive(pid)), 5000);
  });

  it('follows SIGTERM with SIGKILL for children that ignore it', async () => {
    const lines: string[] = [];
    const outcome = await runHook({
      script: `sh -c 'trap "" TERM; echo $$; while :; do sleep 1; done' & wait`,
      timeoutMs: 300,
      killGraceMs: 300,
      env: hookEnvironment(process.env, {}),
      onLine: (line) => lines.push(line),
    });
    expect(outcome.ok).toBe(false);
    const pid = Number(lines[0]);
    expect(pid).toBeGreaterThan(0);
    await waitFor(() => !alive(pid), 5000);
  });

  it('ends what a finished script left running in its group, and reports exit codes', async () => {
    const lines: string[] = [];
    const ok = await runHook({ script: 'sleep 1000 & echo $!; echo done', timeoutMs: 5000, env: hookEnvironment(process.env, {}), onLine: (l) => lines.push(l) });
    expect(ok).toEqual({ ok: true, exitCode: 0 });
    expect(lines[1]).toBe('done');
    await waitFor(() => !alive(Number(lines[0])), 5000);
    const failed = await runHook({ script: 'echo oops >&2; exit 7', timeoutMs: 5000, env: hookEnvironment(process.env, {}) });
    expect(failed).toMatchObject({ ok: false, reason: 'exit', exitCode: 7 });
  });

  it('gives the script only PATH, HOME, LANG and what Borg Desk adds', async () => {
    const lines: string[] = [];
    await runHook({
      script: 'env',
      timeoutMs: 5000,
      env: hookEnvironment({ PATH: '/usr/bin:/bin', HOME: '/tmp', BORG_PASSPHRASE: 'x', [MARKER]: 'y' }, { BORG_DESK_JOB_ID: 'j' }),
      onLine: (l) => lines.push(l),
    });
    const names = lines.map((l) => l.slice(0, l.indexOf('='))).filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n));
    expect(names.sort()).toEqual(['BORG_DESK_JOB_ID', 'HOME', 'LANG', 'PATH']);
  });
});

describe('backup hooks', () => {
  let sb: Sandbox;
  let out: string;
  beforeAll(() => {
    process.env[MARKER] = 'parent-secret-value';
    sb = sandbox({ [MARKER]: 'parent-secret-value' });
    out = join(sb.root, 'hook-out');
    makeTree(join(sb.root, 'src'), { dirs: 2, filesPerDir: 20, bigFiles: 0 });
  });
  afterAll(async () => {
    delete process.env[MARKER];
    await sb.remove();
  });

  const archives = async (id: number) => (await sb.core.invoke('repositories.list', {})).find((r) => r.id === id)?.archive_count;

  it('stops the backup when the pre-backup script fails, and runs no post script', async () => {
    const post = join(out, 'post-1');
    const repo = await createRepository(sb, 'pre-fails', {
      pre_backup_script: 'echo preparing; exit 3',
      post_backup_script: `mkdir -p ${out}; echo ran > ${post}`,
    });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('HOOK_FAILED');
    expect(job.error?.message).toContain('exit code 3');
    expect(job.result).toBeNull();
    expect(await archives(repo.id)).toBe(0);
    expect(existsSync(post)).toBe(false);
    const details = await sb.core.invoke('jobs.get', { id: job.id });
    expect(details.log).toContainEqual(expect.objectContaining({ source: 'pre-hook', message: 'preparing' }));
  });

  it('kills a timed-out pre-backup script with its children and does not back up', async () => {
    const pidFile = join(out, 'pre-timeout-pid');
    const repo = await createRepository(sb, 'pre-timeout', {
      pre_backup_script: `mkdir -p ${out}; sleep 1000 & echo $! > ${pidFile}; sleep 1000`,
      pre_hook_timeout: 1,
    });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('HOOK_FAILED');
    expect(job.error?.message).toMatch(/did not finish within 1 s/);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(pid), 5000);
    expect(await archives(repo.id)).toBe(0);
  });

  it('backs up anyway when the pre script fails and continue_on_hook_failure is set; post gets the outcome', async () => {
    const post = join(out, 'post-continue');
    const repo = await createRepository(sb, 'pre-continue', {
      pre_backup_script: 'exit 1',
      post_backup_script: `mkdir -p ${out}; env > ${post}`,
      continue_on_hook_failure: true,
    });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('succeeded_with_warnings');
    expect(job.warnings.join(' ')).toContain('pre-backup script failed');
    expect(await archives(repo.id)).toBe(1);
    expect(envFile(post).BORG_DESK_OUTCOME).toBe('succeeded_with_warnings');
    expect(envFile(post).BORG_DESK_ARCHIVE_NAME).toBe(job.result?.archive_name);
  });

  it('hands both scripts the job and repository, and nothing of the parent environment', async () => {
    const pre = join(out, 'env-pre');
    const post = join(out, 'env-post');
    const repo = await createRepository(sb, 'env', {
      pre_backup_script: `mkdir -p ${out}; env > ${pre}`,
      post_backup_script: `env > ${post}`,
    });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('succeeded');
    for (const [file, which] of [
      [pre, 'pre'],
      [post, 'post'],
    ] as const) {
      const env = envFile(file);
      expect(env).toMatchObject({
        BORG_DESK_HOOK: which,
        BORG_DESK_JOB_ID: job.id,
        BORG_DESK_REPOSITORY_ID: String(repo.id),
        BORG_DESK_REPOSITORY_NAME: 'env',
        BORG_DESK_REPOSITORY_PATH: repo.path,
      });
      expect(env[MARKER]).toBeUndefined();
      expect(env.BORG_BASE_DIR).toBeUndefined();
      expect(readFileSync(file, 'utf8')).not.toContain('parent-secret-value');
      expect(readFileSync(file, 'utf8')).not.toContain(PASS);
    }
    expect(envFile(pre).BORG_DESK_OUTCOME).toBeUndefined();
    expect(envFile(post).BORG_DESK_OUTCOME).toBe('succeeded');
  });

  it('runs the post script with outcome failed when borg fails', async () => {
    const post = join(out, 'post-failed');
    const repo = await createRepository(sb, 'borg-fails', { post_backup_script: `mkdir -p ${out}; env > ${post}` });
    rmSync(repo.path, { recursive: true, force: true });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('REPO_NOT_FOUND');
    expect(envFile(post).BORG_DESK_OUTCOME).toBe('failed');
  });

  it('marks a backup whose post script fails as succeeded with warnings', async () => {
    const repo = await createRepository(sb, 'post-fails', { post_backup_script: 'exit 4' });
    const job = await waitForJob(sb.core, (await sb.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' })).id);
    expect(job.state).toBe('succeeded_with_warnings');
    expect(job.warnings.join(' ')).toContain('post-backup script failed with exit code 4');
    expect(await archives(repo.id)).toBe(1);
  });
});
