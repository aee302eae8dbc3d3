import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretStore } from './types';

interface Sealed {
  iv: string;
  tag: string;
  data: string;
}
interface SecretsFile {
  version: 1;
  entries: Record<string, Sealed>;
}

/**
 * Headless secret store: AES-256-GCM, one sealed entry per name, in `secrets.json`, with a random
 * 32-byte key in `secrets.key` beside it (both 0600). The name is bound as additional data, so a
 * sealed value moved to another name does not open.
 */
export class FileSecretStore implements SecretStore {
  readonly persistent = true;
  private readonly file: string;
  private readonly keyFile: string;
  private key: Buffer | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when secrets.json could not be read at start and was kept aside; the core tells the user. */
  readonly recovered: { brokenFile: string; reason: string } | null;

  constructor(dir: string) {
    this.file = join(dir, 'secrets.json');
    this.keyFile = join(dir, 'secrets.key');
    this.recovered = this.keepAsideIfBroken();
  }

  /** A damaged secrets file is moved aside (never deleted) so the app starts without it instead of failing every call. */
  private keepAsideIfBroken(): { brokenFile: string; reason: string } | null {
    if (!existsSync(this.file)) return null;
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SecretsFile> | null;
      if (parsed === null || typeof parsed !== 'object' || typeof parsed.entries !== 'object' || parsed.entries === null) {
        throw new Error('not a secrets file');
      }
      return null;
    } catch (error) {
      const brokenFile = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.file, brokenFile);
      return { brokenFile, reason: (error as Error).message };
    }
  }

  async get(name: string): Promise<string | null> {
    const sealed = this.read().entries[name];
    if (sealed === undefined) return null;
    const decipher = createDecipheriv('aes-256-gcm', this.loadKey(), Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }

  set(name: string, value: string): Promise<void> {
    return this.serialise(() => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.loadKey(), iv);
      cipher.setAAD(Buffer.from(name, 'utf8'));
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      const contents = this.read();
      contents.entries[name] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
      this.write(contents);
    });
  }

  delete(name: string): Promise<void> {
    return this.serialise(() => {
      const contents = this.read();
      if (!(name in contents.entries)) return;
      delete contents.entries[name];
      this.write(contents);
    });
  }

  private serialise(fn: () => void): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private loadKey(): Buffer {
    if (this.key !== null) return this.key;
    mkdirSync(dirname(this.keyFile), { recursive: true, mode: 0o700 });
    if (!existsSync(this.keyFile)) {
      writeFileSync(this.keyFile, randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(this.keyFile, 0o600);
    const key = readFileSync(this.keyFile);
    if (key.length !== 32) throw new Error(`${this.keyFile} is not a 32-byte key`);
    this.key = key;
    return key;
  }

  private read(): SecretsFile {
    if (!existsSync(this.file)) return { version: 1, entries: {} };
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as SecretsFile;
    return { version: 1, entries: parsed.entries ?? {} };
  }

  private write(contents: SecretsFile): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(contents), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** Secrets kept only for this run: the fallback when the OS keyring is unavailable. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();
  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}
