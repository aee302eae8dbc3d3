import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { BorgInfo } from '../contract';
import { borgMissing } from './runner';

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The borg binary: the configured path if given, else the first `borg` on PATH; null if none. */
export function findBorg(env: NodeJS.ProcessEnv, configured?: string): string | null {
  if (configured !== undefined && configured !== '') {
    return isAbsolute(configured) && isExecutable(configured) ? configured : null;
  }
  const names = process.platform === 'win32' ? ['borg.exe', 'borg'] : ['borg'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function versionOf(path: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, ['--version'], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const match = /borg\S*\s+(\d+\.\d+\S*)/.exec(out);
      if (code === 0 && match?.[1]) resolve(match[1]);
      else reject(new Error(`unexpected output from ${path} --version`));
    });
  });
}

/** Finds borg and reads its version; never throws, the problem is in `error`. */
export async function detectBorg(env: NodeJS.ProcessEnv, configured?: string): Promise<BorgInfo> {
  const path = findBorg(env, configured);
  if (path === null) {
    const missing = borgMissing(configured ?? 'borg');
    return { available: false, path: null, version: null, error: { code: 'BORG_MISSING', message: missing.message } };
  }
  try {
    const version = await versionOf(path, env);
    return { available: true, path, version, error: null };
  } catch (error) {
    return {
      available: false,
      path,
      version: null,
      error: { code: 'BORG_FAILED', message: `${path} did not answer --version: ${(error as Error).message}` },
    };
  }
}
