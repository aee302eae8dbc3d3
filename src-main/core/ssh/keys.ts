import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';
import { runCommand } from './exec';
import { parseKey } from './host-keys';
import { runPty } from './pty';

export interface PublicKey {
  keyType: string;
  /** `type base64 comment`, one line. */
  line: string;
  fingerprint: string;
}

const TIMEOUT_MS = 20_000;
const PUBLIC_LINE = /^((?:ssh|ecdsa|sk-ssh|sk-ecdsa)-[A-Za-z0-9@.-]+) ([A-Za-z0-9+/]+={0,2})(?: ([^\r\n]*))?$/m;

/** Reads the first public key line in text (ssh-keygen output, a .pub file). */
export function parsePublicKey(text: string): PublicKey | null {
  const match = PUBLIC_LINE.exec(text);
  if (match === null) return null;
  const key = parseKey(match[1] as string, match[2] as string);
  if (key === null) return null;
  const comment = (match[3] ?? '').trim();
  return { keyType: key.keyType, line: comment === '' ? `${key.keyType} ${key.blob}` : `${key.keyType} ${key.blob} ${comment}`, fingerprint: key.fingerprint };
}

/** A comment for authorized_keys that says where the key comes from, in plain ASCII. */
export function keyComment(name: string): string {
  const safe = name.normalize('NFKD').replace(/[^A-Za-z0-9._@-]+/g, '-').replace(/^-+|-+$/g, '');
  return `borg-desk${safe === '' ? '' : `:${safe.slice(0, 60)}`}`;
}

/**
 * The private keys Borg Desk holds: `<dataDir>/ssh/keys/key-<id>` (0600, folder 0700) with its
 * `.pub` beside it. Passphrases are answered through a pty, never given on argv.
 */
export class SshKeyFiles {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.dir = join(dataDir, 'ssh', 'keys');
  }

  pathFor(id: number): string {
    return join(this.dir, `key-${id}`);
  }

  has(id: number): boolean {
    return existsSync(this.pathFor(id));
  }

  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
  }

  /** A new ed25519 key; with a passphrase, ssh-keygen's two prompts are answered on a pty. */
  async generate(id: number, comment: string, passphrase: string | null): Promise<PublicKey> {
    this.ensureDir();
    const path = this.pathFor(id);
    this.remove(id);
    try {
      if (passphrase === null) {
        const result = await runCommand({
          file: 'ssh-keygen',
          args: ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path],
          env: this.env,
          timeoutMs: TIMEOUT_MS,
        });
        if (result.code !== 0) throw new AppError('INTERNAL', `ssh-keygen could not create the key: ${firstLine(result.stderr)}`);
      } else {
        const result = await runPty({
          file: 'ssh-keygen',
          args: ['-t', 'ed25519', '-C', comment, '-f', path],
          env: this.env,
          timeoutMs: TIMEOUT_MS,
          rules: [
            { name: 'new-passphrase', prompt: /Enter passphrase[^\n]*:\s*$/i, answer: passphrase },
            { name: 'same-passphrase', prompt: /Enter same passphrase again:\s*$/i, answer: passphrase },
            { name: 'overwrite', prompt: /Overwrite \(y\/n\)\?\s*$/i, answer: null },
          ],
        });
        if (result.exitCode !== 0 || result.stopped !== null) {
          throw new AppError('INTERNAL', `ssh-keygen could not create the key: ${lastLine(result.output)}`);
        }
      }
      chmodSync(path, 0o600);
      const pub = parsePublicKey(readFileSync(`${path}.pub`, 'utf8'));
      if (pub === null) throw new AppError('INTERNAL', 'ssh-keygen wrote a public key Borg Desk cannot read.');
      return pub;
    } catch (error) {
      this.remove(id);
      throw error;
    }
  }

  /**
   * Takes a private key the user already has: checks it with `ssh-keygen -y` on a pty (answering
   * its passphrase prompt when a passphrase is given) and keeps it only when it opens.
   */
  async import(id: number, privateKey: string, passphrase: string | null): Promise<PublicKey & { hasPassphrase: boolean }> {
    const text = privateKeyText(privateKey);
    this.ensureDir();
    const staged = join(this.dir, `import-${randomBytes(6).toString('hex')}`);
    writeFileSync(staged, text, { mode: 0o600 });
    try {
      const opened = await this.open(staged, passphrase);
      if (opened.keyType.startsWith('sk-')) {
        throw new AppError('VALIDATION', 'Security-key (FIDO) SSH keys need a hardware token at every login and cannot be used for unattended backups.', {
          field: 'private_key',
        });
      }
      const path = this.pathFor(id);
      renameSync(staged, path);
      chmodSync(path, 0o600);
      writeFileSync(`${path}.pub`, `${opened.line}\n`, { mode: 0o644 });
      return opened;
    } finally {
      rmSync(staged, { force: true });
    }
  }

  /** Checks that a passphrase opens a held key (PASSPHRASE_WRONG otherwise). */
  async verify(id: number, passphrase: string): Promise<void> {
    await this.open(this.pathFor(id), passphrase);
  }

  /** Reads a private key's public half with `ssh-keygen -y`, answering a passphrase prompt on a pty. */
  private async open(path: string, passphrase: string | null): Promise<PublicKey & { hasPassphrase: boolean }> {
    const result = await runPty({
      file: 'ssh-keygen',
      args: ['-y', '-f', path],
      env: this.env,
      timeoutMs: TIMEOUT_MS,
      rules: [{ name: 'passphrase', prompt: /passphrase[^\n]*:\s*$/i, answer: passphrase === null || passphrase === '' ? null : passphrase }],
    });
    if (result.stopped?.reason === 'prompt-refused') {
      throw new AppError('PASSPHRASE_REQUIRED', 'This private key is protected by a passphrase: enter it to use the key.', { field: 'passphrase' });
    }
    if (/incorrect passphrase/i.test(result.output) || result.stopped?.reason === 'prompt-repeated') {
      throw new AppError('PASSPHRASE_WRONG', 'The passphrase does not open this private key.', { field: 'passphrase' });
    }
    if (result.stopped?.reason === 'timeout') throw new AppError('TIMEOUT', 'ssh-keygen took too long to read the key and was stopped.');
    const pub = result.exitCode === 0 ? parsePublicKey(result.output) : null;
    if (pub === null) {
      throw new AppError('VALIDATION', 'ssh-keygen cannot read this private key (unsupported or damaged format).', { field: 'private_key' });
    }
    return { ...pub, hasPassphrase: (result.answered.passphrase ?? 0) > 0 };
  }

  remove(id: number): void {
    rmSync(this.pathFor(id), { force: true });
    rmSync(`${this.pathFor(id)}.pub`, { force: true });
  }
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'no message';
}

function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '').at(-1) ?? 'no message';
}

/** The private key as ssh-keygen will read it, or a VALIDATION error; cheap, so callers check before reserving anything. */
export function privateKeyText(privateKey: string): string {
  const text = `${privateKey.replace(/\r\n?/g, '\n').trim()}\n`;
  if (/^(ssh|ecdsa)-\S+ [A-Za-z0-9+/=]+/.test(text)) {
    throw new AppError('VALIDATION', 'This is a public key. Import the private key (the file without .pub).', { field: 'private_key' });
  }
  if (!/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z0-9 ]*PRIVATE KEY-----\n$/.test(text)) {
    throw new AppError('VALIDATION', 'This is not an SSH private key: it must start with "-----BEGIN ... PRIVATE KEY-----".', { field: 'private_key' });
  }
  return text;
}
