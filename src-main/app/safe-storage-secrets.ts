/**
 * The desktop SecretStore: values encrypted with Electron's safeStorage (OS keychain / DPAPI /
 * libsecret / kwallet), base64 ciphertext kept in its own store file. Without a real keyring
 * (Linux "basic_text" backend, or no encryption at all) secrets stay in memory for this run only
 * and are never written in clear. Electron pieces are passed in, so this is tested without it.
 */
import type { SecretStore } from '../core/secrets/types';
import { MemorySecretStore } from '../core/secrets/file-secrets';

/** The part of Electron's safeStorage used here; the async trio is preferred when present (Electron >= 38). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
}

/** Where ciphertext is kept (an electron-store file in the app). */
export interface CipherStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface SafeStorageSecretsOptions {
  safeStorage: SafeStorageLike;
  store: CipherStore;
  platform: NodeJS.Platform;
  /** Told when secrets fall back to memory or a value cannot be decrypted. Never given a secret. */
  warn: (message: string) => void;
}

// One record under one key: secret names may contain dots, which electron-store reads as paths.
const ENTRIES_KEY = 'entries';

interface Cipher {
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<{ text: string; reEncrypt: boolean }>;
}

/** Why safeStorage cannot protect secrets here, or null when it can. */
export async function safeStorageUnavailableReason(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): Promise<string | null> {
  const available =
    safeStorage.isAsyncEncryptionAvailable !== undefined
      ? await safeStorage.isAsyncEncryptionAvailable()
      : safeStorage.isEncryptionAvailable();
  if (!available) return 'the operating system offers no encryption for stored secrets';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return 'no keyring (gnome-keyring, KWallet) was found, and the basic_text backend is not real encryption';
  }
  return null;
}

export async function createSafeStorageSecrets(options: SafeStorageSecretsOptions): Promise<SecretStore> {
  const reason = await safeStorageUnavailableReason(options.safeStorage, options.platform);
  if (reason !== null) {
    options.warn(
      `Secrets are kept in memory only for this session: ${reason}. Passphrases will have to be entered again after a restart.`,
    );
    return new MemorySecretStore();
  }
  return new EncryptedSecrets(toCipher(options.safeStorage), options.store, options.warn);
}


class EncryptedSecrets implements SecretStore {
  readonly persistent = true;

  constructor(
    private readonly cipher: Cipher,
    private readonly store: CipherStore,
    private readonly warn: (message: string) => void,
  ) {}

  async get(name: string): Promise<string | null> {
    const encoded = this.entries().get(name);
    if (encoded === undefined) return null;
    try {
      const { text, reEncrypt } = await this.cipher.decrypt(Buffer.from(encoded, 'base64'));
      if (reEncrypt) await this.set(name, text);
      return text;
    } catch {
      this.warn(`The stored secret "${name}" could not be decrypted (the keyring may have changed); it must be entered again.`);
      return null;
    }
  }

  async set(name: string, value: string): Promise<void> {
    const encrypted = await this.cipher.encrypt(value);
    const entries = this.entries();
    entries.set(name, encrypted.toString('base64'));
    this.save(entries);
  }

  async delete(name: string): Promise<void> {
    const entries = this.entries();
    if (entries.delete(name)) this.save(entries);
  }

  // A Map, so names like "constructor" or "__proto__" are plain keys.
  private entries(): Map<string, string> {
    const raw = this.store.get(ENTRIES_KEY);
    const entries = new Map<string, string>();
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return entries;
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'string') entries.set(key, value);
    }
    return entries;
  }

  private save(entries: Map<string, string>): void {
    this.store.set(ENTRIES_KEY, Object.fromEntries(entries));
  }
}

function toCipher(safeStorage: SafeStorageLike): Cipher {
  const { encryptStringAsync, decryptStringAsync } = safeStorage;
  if (encryptStringAsync !== undefined && decryptStringAsync !== undefined) {
    return {
      encrypt: (plainText) => encryptStringAsync.call(safeStorage, plainText),
      decrypt: async (encrypted) => {
        const { result, shouldReEncrypt } = await decryptStringAsync.call(safeStorage, encrypted);
        return { text: result, reEncrypt: shouldReEncrypt };
      },
    };
  }
  return {
    encrypt: async (plainText) => safeStorage.encryptString(plainText),
    decrypt: async (encrypted) => ({ text: safeStorage.decryptString(encrypted), reEncrypt: false }),
  };
}
