import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageSecrets, type CipherStore, type SafeStorageLike } from '../../src-main/app/safe-storage-secrets';

const SECRET = 'correct horse battery staple';

/** A stand-in for the OS keyring: reversible, but nothing like the clear text on disk. */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}) {
  const scramble = (buffer: Buffer) => Buffer.from(buffer.map((byte) => byte ^ 0xa5));
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => true),
    encryptString: vi.fn((text: string) => Buffer.concat([Buffer.from('v10'), scramble(Buffer.from(text, 'utf8'))])),
    decryptString: vi.fn((encrypted: Buffer) => {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext');
      return scramble(encrypted.subarray(3)).toString('utf8');
    }),
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    ...overrides,
  };
  return safeStorage;
}

/** Records every value written, serialized the way electron-store would put it on disk. */
function fakeStore(): CipherStore & { data: Map<string, unknown>; writes: string[] } {
  const data = new Map<string, unknown>();
  const writes: string[] = [];
  return {
    data,
    writes,
    get: (key) => data.get(key),
    set: (key, value) => {
      writes.push(JSON.stringify({ [key]: value }));
      data.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
}

describe('createSafeStorageSecrets', () => {
  it('round-trips a secret through safeStorage and reports itself persistent', async () => {
    const store = fakeStore();
    const secrets = await createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), store, platform: 'linux', warn: vi.fn() });
    expect(secrets.persistent).toBe(true);
    await secrets.set('repository.1.passphrase', SECRET);
    await expect(secrets.get('repository.1.passphrase')).resolves.toBe(SECRET);
    await expect(secrets.get('repository.2.passphrase')).resolves.toBeNull();
  });

  it('never writes the clear text, only base64 ciphertext', async () => {
    const store = fakeStore();
    const secrets = await createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), store, platform: 'win32', warn: vi.fn() });
    await secrets.set('a', SECRET);
    expect(store.writes.length).toBeGreaterThan(0);
    for (const written of store.writes) {
      expect(written).not.toContain(SECRET);
      expect(written).not.toContain(Buffer.from(SECRET).toString('base64'));
    }
    const entries = store.data.get('entries') as Record<string, string>;
    expect(entries.a).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('survives a restart: a new instance reads what the last one stored', async () => {
    const store = fakeStore();
    const safeStorage = fakeSafeStorage();
    const first = await createSafeStorageSecrets({ safeStorage, store, platform: 'darwin', warn: vi.fn() });
    await first.set('k', SECRET);
    const second = await createSafeStorageSecrets({ safeStorage, store, platform: 'darwin', warn: vi.fn() });
    await expect(second.get('k')).resolves.toBe(SECRET);
  });

  it('deletes one secret and keeps the others', async () => {
    const store = fakeStore();
    const secrets = await createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), store, platform: 'linux', warn: vi.fn() });
    await secrets.set('one', '1');
    await secrets.set('two', '2');
    await secrets.delete('one');
    await secrets.delete('never-set');
    await expect(secrets.get('one')).resolves.toBeNull();
    await expect(secrets.get('two')).resolves.toBe('2');
  });

  it('treats names like constructor and __proto__ as plain names', async () => {
    const secrets = await createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), store: fakeStore(), platform: 'linux', warn: vi.fn() });
    await expect(secrets.get('constructor')).resolves.toBeNull();
    await secrets.set('__proto__', 'p');
    await secrets.set('constructor', 'c');
    await expect(secrets.get('__proto__')).resolves.toBe('p');
    await expect(secrets.get('constructor')).resolves.toBe('c');
  });

  it('prefers the async safeStorage API and re-encrypts when asked to', async () => {
    const cipher = fakeSafeStorage();
    const encryptStringAsync = vi.fn(async (text: string) => cipher.encryptString(text));
    const decryptStringAsync = vi.fn(async (encrypted: Buffer) => ({ result: cipher.decryptString(encrypted), shouldReEncrypt: true }));
    const safeStorage = fakeSafeStorage({ isAsyncEncryptionAvailable: vi.fn(async () => true), encryptStringAsync, decryptStringAsync });
    const secrets = await createSafeStorageSecrets({ safeStorage, store: fakeStore(), platform: 'linux', warn: vi.fn() });
    await secrets.set('k', SECRET);
    await expect(secrets.get('k')).resolves.toBe(SECRET);
    expect(decryptStringAsync).toHaveBeenCalledOnce();
    expect(encryptStringAsync).toHaveBeenCalledTimes(2);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(safeStorage.decryptString).not.toHaveBeenCalled();
    expect(safeStorage.isEncryptionAvailable).not.toHaveBeenCalled();
  });

  it('answers null and warns, without the secret, when a stored value cannot be decrypted', async () => {
    const store = fakeStore();
    store.data.set('entries', { k: Buffer.from('garbage').toString('base64') });
    const warn = vi.fn();
    const secrets = await createSafeStorageSecrets({ safeStorage: fakeSafeStorage(), store, platform: 'linux', warn });
    await expect(secrets.get('k')).resolves.toBeNull();
    expect(warn).toHaveBeenCalledOnce();
  });

  describe('without usable encryption', () => {
    it('keeps secrets in memory only when encryption is unavailable, and warns', async () => {
      const store = fakeStore();
      const warn = vi.fn();
      const safeStorage = fakeSafeStorage({ isEncryptionAvailable: vi.fn(() => false) });
      const secrets = await createSafeStorageSecrets({ safeStorage, store, platform: 'linux', warn });
      expect(secrets.persistent).toBe(false);
      await secrets.set('k', SECRET);
      await expect(secrets.get('k')).resolves.toBe(SECRET);
      await secrets.delete('k');
      await expect(secrets.get('k')).resolves.toBeNull();
      expect(store.writes).toEqual([]);
      expect(safeStorage.encryptString).not.toHaveBeenCalled();
      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]![0])).toMatch(/memory only/);
    });

    it('treats the Linux basic_text backend as no encryption', async () => {
      const store = fakeStore();
      const warn = vi.fn();
      const safeStorage = fakeSafeStorage({ getSelectedStorageBackend: vi.fn(() => 'basic_text') });
      const secrets = await createSafeStorageSecrets({ safeStorage, store, platform: 'linux', warn });
      expect(secrets.persistent).toBe(false);
      await secrets.set('k', SECRET);
      expect(store.writes).toEqual([]);
      expect(warn.mock.calls.flat().join(' ')).not.toContain(SECRET);
      expect(warn.mock.calls.flat().join(' ')).toMatch(/basic_text/);
    });

    it('consults the Linux backend only on Linux', async () => {
      const safeStorage = fakeSafeStorage({ getSelectedStorageBackend: vi.fn(() => 'basic_text') });
      const secrets = await createSafeStorageSecrets({ safeStorage, store: fakeStore(), platform: 'darwin', warn: vi.fn() });
      expect(secrets.persistent).toBe(true);
    });

    it('uses the async availability check when there is one', async () => {
      const safeStorage = fakeSafeStorage({ isAsyncEncryptionAvailable: vi.fn(async () => false) });
      const secrets = await createSafeStorageSecrets({ safeStorage, store: fakeStore(), platform: 'win32', warn: vi.fn() });
      expect(secrets.persistent).toBe(false);
    });
  });
});
