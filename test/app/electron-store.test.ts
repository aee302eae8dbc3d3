import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Record<string, unknown>[]);
const failNext = vi.hoisted(() => ({ count: 0 }));

// electron-store imports electron, which must never load in tests.
vi.mock('electron-store', () => ({
  default: class {
    readonly path = '/fake/config.json';
    constructor(options: Record<string, unknown>) {
      created.push(options);
      if (failNext.count > 0) {
        failNext.count--;
        throw new SyntaxError('Unexpected end of JSON input');
      }
    }
    get(): unknown {
      return undefined;
    }
    set(): void {}
  },
}));

const { openElectronStore, openSecretsFile } = await import('../../src-main/app/electron-store');

describe('openElectronStore', () => {
  it('hands the core its file name, schema version, defaults and migrations, owner-only', () => {
    const migrate = vi.fn();
    const store = openElectronStore({
      configName: 'repositories',
      projectVersion: '3.0.0',
      defaults: { repositories: [] },
      migrations: { '3.0.0': migrate },
    });
    expect(store.path).toBe('/fake/config.json');
    expect(created.at(-1)).toEqual({
      name: 'repositories',
      projectVersion: '3.0.0',
      defaults: { repositories: [] },
      migrations: { '3.0.0': migrate },
      configFileMode: 0o600,
    });
  });

  it('keeps safeStorage ciphertext in its own file, not the headless secrets.json', () => {
    openSecretsFile('/data', () => undefined);
    expect(created.at(-1)).toMatchObject({ name: 'safe-storage-secrets', cwd: '/data', configFileMode: 0o600 });
  });

  it('keeps a damaged secrets file aside and starts, saying where it went', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-file-'));
    writeFileSync(join(dir, 'safe-storage-secrets.json'), '{"entries": ');
    const warnings: string[] = [];
    failNext.count = 1;
    openSecretsFile(dir, (message) => warnings.push(message));
    const kept = readdirSync(dir).filter((f) => f.startsWith('safe-storage-secrets.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0] as string), 'utf8')).toBe('{"entries": ');
    expect(warnings[0]).toContain(kept[0]);
    rmSync(dir, { recursive: true, force: true });
  });
});
