import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import { expect } from 'vitest';
import { createCore } from '../../src-main/core';
import type { SecretStore } from '../../src-main/core/secrets/types';
import { FileSecretStore } from '../../src-main/core/secrets/file-secrets';
import { confStore } from '../../src-main/core/store/conf-store';
import { AppError, type ErrorCode } from '../../src-main/core/errors';
import { tempDir } from '../fixtures/temp';

export type TestCore = ReturnType<typeof createCore>;

export interface SshSandbox {
  root: string;
  /** The app's data dir; its name has a space, as Electron's userData does ("Borg Desk"). */
  dataDir: string;
  baseDir: string;
  env: NodeJS.ProcessEnv;
  core: TestCore;
  /** Another core on the same data dir, as after a restart; secrets default to the same file store. */
  reopen(secrets?: SecretStore): TestCore;
  path(name: string): string;
  remove(): Promise<void>;
}

export function sshSandbox(): SshSandbox {
  const dir = tempDir('ssh');
  const dataDir = join(dir.path, 'Borg Desk data');
  const baseDir = join(dir.path, 'borg-base');
  mkdirSync(baseDir);
  const env: NodeJS.ProcessEnv = { ...process.env, BORG_BASE_DIR: baseDir, TZ: 'UTC' };
  delete env.BORG_PASSPHRASE;
  delete env.BORG_RSH;
  delete env.SSH_AUTH_SOCK;
  const cores: TestCore[] = [];
  const open = (secrets: SecretStore = new FileSecretStore(dataDir)) => {
    const core = createCore({ dataDir, openStore: confStore(dataDir), secrets, mode: 'server', appVersion: '0.0.0-test', env });
    cores.push(core);
    return core;
  };
  const core = open();
  return {
    root: dir.path,
    dataDir,
    baseDir,
    env,
    core,
    reopen: open,
    path: (name) => join(dir.path, name),
    async remove() {
      for (const c of cores) await c.close();
      dir.remove();
    },
  };
}

/** Awaits a promise that must fail with an AppError of this code; returns the error for more checks. */
export async function failure(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    if (appError.code !== code) throw new Error(`expected ${code}, got ${appError.code}: ${appError.message}`);
    return appError;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

/** The fingerprint ssh-keygen itself computes for a public key line (independent of the code under test). */
export function sshKeygenFingerprint(publicKey: string): string {
  const result = spawnSync('ssh-keygen', ['-l', '-f', '-'], { input: `${publicKey}\n`, encoding: 'utf8' });
  const fp = /SHA256:[A-Za-z0-9+/]+/.exec(result.stdout)?.[0];
  if (fp === undefined) throw new Error(`ssh-keygen -l failed: ${result.stderr}`);
  return fp;
}

/** The raw borg CLI over ssh, with its own insecure-but-isolated ssh options (test setup only). */
export function borgOverSsh(
  args: string[],
  options: { keyFile: string; baseDir: string; passphrase?: string },
): { status: number; stdout: string; stderr: string } {
  const result = spawnSync('borg', args, {
    env: {
      ...process.env,
      BORG_BASE_DIR: options.baseDir,
      BORG_RSH: quote(['ssh', '-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'IdentitiesOnly=yes', '-i', options.keyFile]),
      ...(options.passphrase !== undefined ? { BORG_PASSPHRASE: options.passphrase } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function localBorgVersion(): string {
  const out = spawnSync('borg', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return out.split(/\s+/)[1] ?? '';
}
