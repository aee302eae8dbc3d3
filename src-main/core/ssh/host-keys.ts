import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors';
import { runCommand } from './exec';

export interface HostKey {
  /** ssh's name for the key type: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa ... */
  keyType: string;
  /** The key blob, base64 as in known_hosts. */
  blob: string;
  /** SHA256:<base64 without padding>, as ssh and ssh-keygen -l print it. */
  fingerprint: string;
}

/** The fingerprint ssh shows for a key: base64(sha256(blob)) without padding. */
export function fingerprintOf(blobBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(blobBase64, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The key type written inside a blob (its first length-prefixed string), or null if it is not a key blob. */
function blobKeyType(blobBase64: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blobBase64)) return null;
  const raw = Buffer.from(blobBase64, 'base64');
  if (raw.length < 8) return null;
  const length = raw.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > raw.length) return null;
  return raw.subarray(4, 4 + length).toString('latin1');
}

/** Parses `<type> <base64>` into a key, checking that the blob says the same type. */
export function parseKey(keyType: string, blob: string): HostKey | null {
  if (blobKeyType(blob) !== keyType) return null;
  return { keyType, blob, fingerprint: fingerprintOf(blob) };
}

/** How known_hosts names a server: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

const PREFERENCE = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** The key to show and pin when a server offers several: ed25519, then ECDSA, then RSA. */
export function preferredKey(keys: readonly HostKey[]): HostKey | undefined {
  const rank = (k: HostKey) => {
    const i = PREFERENCE.indexOf(k.keyType);
    return i === -1 ? PREFERENCE.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b))[0];
}

/** Reads ssh-keyscan's output (`host type base64` lines); comments and junk are skipped. */
export function parseKeyscan(stdout: string): HostKey[] {
  const keys: HostKey[] = [];
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]?.startsWith('#')) continue;
    const key = parseKey(fields[1] as string, fields[2] as string);
    if (key !== null && !keys.some((k) => k.fingerprint === key.fingerprint)) keys.push(key);
  }
  return keys;
}

/** The host keys a server presents now, read with ssh-keyscan (no shell, bounded in time). */
export async function scanHostKeys(host: string, port: number, env: NodeJS.ProcessEnv, timeoutSeconds = 10): Promise<HostKey[]> {
  const result = await runCommand({
    file: 'ssh-keyscan',
    args: ['-p', String(port), '-t', 'ed25519,ecdsa,rsa', '-T', String(timeoutSeconds), '--', host],
    env,
    timeoutMs: (timeoutSeconds + 5) * 1000,
  });
  const keys = parseKeyscan(result.stdout);
  if (keys.length === 0) {
    const reason = result.stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('#'));
    throw new AppError('SSH_CONNECTION_FAILED', `Could not read a host key from ${host} port ${port}. Check the host, the port and that an SSH server runs there.`, {
      host,
      port,
      ...(reason !== undefined ? { ssh_message: reason } : {}),
    });
  }
  return keys;
}

/**
 * The app's own known_hosts: one pinned key per server, written only when the user confirmed its
 * fingerprint. ssh reads it through UserKnownHostsFile with StrictHostKeyChecking=yes.
 */
export class KnownHosts {
  constructor(readonly file: string) {}

  private lines(): string[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  }

  /** The keys pinned for host:port (normally one). */
  pinned(host: string, port: number): HostKey[] {
    const pattern = knownHostsPattern(host, port);
    const keys: HostKey[] = [];
    for (const line of this.lines()) {
      const [patterns, keyType, blob] = line.trim().split(/\s+/);
      if (patterns === undefined || keyType === undefined || blob === undefined) continue;
      if (!patterns.split(',').includes(pattern)) continue;
      const key = parseKey(keyType, blob);
      if (key !== null) keys.push(key);
    }
    return keys;
  }

  /** Pins one key for host:port, replacing whatever was pinned there; returns the replaced keys. */
  pin(host: string, port: number, key: HostKey): HostKey[] {
    const previous = this.pinned(host, port);
    this.write([...this.linesWithout(host, port), `${knownHostsPattern(host, port)} ${key.keyType} ${key.blob}`]);
    return previous;
  }

  forget(host: string, port: number): void {
    this.write(this.linesWithout(host, port));
  }

  private linesWithout(host: string, port: number): string[] {
    const pattern = knownHostsPattern(host, port);
    return this.lines().filter((line) => !(line.trim().split(/\s+/)[0] ?? '').split(',').includes(pattern));
  }

  private write(lines: string[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, lines.length === 0 ? '' : `${lines.join('\n')}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
