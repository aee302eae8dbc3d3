import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectBorg } from '../../../src-main/core/borg/detect';
import { BorgRunner } from '../../../src-main/core/borg/runner';
import { AppError } from '../../../src-main/core/errors';
import { tempDir } from '../../fixtures/temp';

/** A stand-in borg that records its argv, env and fd 3, then sleeps so it can be stopped. */
function fakeBorg(dir: string): string {
  const path = join(dir, 'borg');
  writeFileSync(
    path,
    `#!/bin/sh
echo "$@" > "${dir}/argv"
env > "${dir}/env"
if [ -n "$BORG_PASSPHRASE_FD" ]; then cat <&3 > "${dir}/fd3"; fi
echo '{"type": "log_message", "levelname": "INFO", "message": "started"}' >&2
sleep 30 &
echo $! > "${dir}/child"
wait
`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** Running, not a zombie waiting for a reaper (a container's init may never reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('BorgRunner', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('runner');
  });
  afterEach(() => dir.remove());

  it('gives the passphrase on fd 3 only: never argv or the environment, and scrubs inherited secrets', async () => {
    const runner = new BorgRunner({ borgPath: fakeBorg(dir.path), env: { PATH: process.env.PATH, BORG_PASSPHRASE: 'leaked', BORG_PASSCOMMAND: 'cat /x' }, killGraceMs: 200 });
    const run = runner.run({ args: ['info', '/repo'], passphrase: 's3cret phrase', timeoutMs: 1500 });
    await expect(run).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(readFileSync(join(dir.path, 'fd3'), 'utf8')).toBe('s3cret phrase');
    expect(readFileSync(join(dir.path, 'argv'), 'utf8')).toBe('--log-json info /repo\n');
    const env = readFileSync(join(dir.path, 'env'), 'utf8');
    expect(env).not.toContain('s3cret');
    expect(env).not.toContain('leaked');
    expect(env).not.toContain('BORG_PASSCOMMAND');
    expect(env).toContain('BORG_PASSPHRASE_FD=3');
    expect(env).toContain('TZ=UTC');
  });

  it('kills the whole process group on timeout and on cancel, leaving no orphan', async () => {
    const runner = new BorgRunner({ borgPath: fakeBorg(dir.path), env: { PATH: process.env.PATH }, killGraceMs: 200 });
    await expect(runner.run({ args: ['create'], timeoutMs: 800 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const child = Number(readFileSync(join(dir.path, 'child'), 'utf8'));
    // SIGKILL is delivered asynchronously; on a loaded machine the kernel may take a moment.
    await expect.poll(() => alive(child), { timeout: 3000 }).toBe(false);

    const controller = new AbortController();
    const logs: string[] = [];
    const run = runner.run({ args: ['create'], signal: controller.signal, onLog: (e) => logs.push(e.type) });
    for (let i = 0; i < 50 && logs.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect.poll(() => alive(Number(readFileSync(join(dir.path, 'child'), 'utf8'))), { timeout: 3000 }).toBe(false);
  });

  it('says BORG_MISSING with how to install when borg is not there', async () => {
    const runner = new BorgRunner({ borgPath: join(dir.path, 'nope'), env: {} });
    const error = await runner.run({ args: ['info'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BORG_MISSING');
    expect((error as AppError).message).toMatch(/apt install borgbackup/);
    const info = await detectBorg({ PATH: dir.path });
    expect(info).toMatchObject({ available: false, path: null, error: { code: 'BORG_MISSING' } });
    expect(existsSync(join(dir.path, 'nope'))).toBe(false);
  });

  it('finds the real borg on PATH and reads its version', async () => {
    const info = await detectBorg(process.env);
    expect(info.available).toBe(true);
    expect(info.version).toMatch(/^1\.\d+\.\d+/);
  });
});
