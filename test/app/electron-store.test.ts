import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as Record<string, unknown>[]);

// electron-store imports electron, which must never load in tests.
vi.mock('electron-store', () => ({
  default: class {
    readonly path = '/fake/config.json';
    constructor(options: Record<string, unknown>) {
      created.push(options);
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
    openSecretsFile();
    expect(created.at(-1)).toMatchObject({ name: 'safe-storage-secrets', configFileMode: 0o600 });
  });
});
