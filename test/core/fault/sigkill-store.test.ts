/**
 * A process killed with SIGKILL in the middle of a burst of writes: the store it leaves behind
 * loads without recovery, and every write it acknowledged is there.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../src-main/core/secrets/file-secrets';
import { coreSandbox, type CoreSandbox } from '../../fixtures/core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const WRITER = join(here, 'store-writer.ts');

interface Acks {
  /** Highest acknowledged write index per repository id / secret slot. */
  repos: Map<number, number>;
  secrets: Map<number, number>;
  count: number;
}

/** Runs the writer until it has acknowledged `killAfter` writes, then SIGKILLs it; answers what it acknowledged. */
function burstAndKill(sb: CoreSandbox, ids: number[], killAfter: number): Promise<Acks> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, sb.dataDir, sb.borg.baseDir, ids.join(',')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Acks = { repos: new Map(), secrets: new Map(), count: 0 };
    let rest = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      rest += chunk;
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, key, index] = line.split(' ');
        if (kind !== 'repo' && kind !== 'secret') continue;
        const map = kind === 'repo' ? acks.repos : acks.secrets;
        map.set(Number(key), Math.max(map.get(Number(key)) ?? -1, Number(index)));
        acks.count++;
      }
      if (!killed && acks.count >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer ended on its own (code ${code}): ${stderr}`));
      else resolvePromise(acks);
    });
  });
}

let sb: CoreSandbox;
let ids: number[];

beforeAll(async () => {
  sb = coreSandbox();
  const source = sb.borg.tree('src', 1);
  ids = [];
  for (const name of ['first', 'second']) {
    const repo = await sb.core.invoke('repositories.create', { name, path: sb.borg.path(`repo-${name}`), encryption: 'none', source_directories: [source] });
    ids.push(repo.id);
  }
  // From here only the child writes.
  await sb.core.close();
});

afterAll(async () => {
  await sb?.remove();
});

describe('SIGKILL during a burst of writes', () => {
  // Several kill points: early, while the burst is at full speed, and later.
  for (const killAfter of [7, 150, 400]) {
    it(`keeps every acknowledged write when killed after ${killAfter} acknowledgements`, async () => {
      const acks = await burstAndKill(sb, ids, killAfter);
      expect(acks.count).toBeGreaterThanOrEqual(killAfter);

      // The files on disk are whole JSON (conf replaces them atomically).
      expect(() => JSON.parse(readFileSync(join(sb.dataDir, 'repositories.json'), 'utf8')) as unknown).not.toThrow();
      expect(() => JSON.parse(readFileSync(join(sb.dataDir, 'secrets.json'), 'utf8')) as unknown).not.toThrow();

      const reopened = sb.reopen();
      try {
        const info = await reopened.invoke('system.info', {});
        expect(info.warnings.filter((w) => /kept aside|could not be read/.test(w))).toEqual([]);
        expect(readdirSync(sb.dataDir).filter((f) => f.includes('.corrupt-'))).toEqual([]);

        const repositories = await reopened.invoke('repositories.list', {});
        expect(repositories.map((r) => r.id).sort()).toEqual([...ids].sort());
        for (const [id, acknowledged] of acks.repos) {
          const name = repositories.find((r) => r.id === id)?.name ?? '';
          const written = Number(/^burst-\d+-(\d+)$/.exec(name)?.[1] ?? -1);
          // The acknowledged rename, or a later one the writer finished but had not printed yet.
          expect(written, `repository ${id} is named ${name}; write ${acknowledged} was acknowledged`).toBeGreaterThanOrEqual(acknowledged);
        }

        const secrets = new FileSecretStore(sb.dataDir);
        for (const [slot, acknowledged] of acks.secrets) {
          const value = (await secrets.get(`fault:${slot}`)) ?? '';
          const written = Number(/^value-(\d+)$/.exec(value)?.[1] ?? -1);
          expect(written, `secret ${slot} holds ${value}; write ${acknowledged} was acknowledged`).toBeGreaterThanOrEqual(acknowledged);
        }
      } finally {
        await reopened.close();
      }
      expect(existsSync(join(sb.dataDir, 'repositories.json'))).toBe(true);
    });
  }
});
