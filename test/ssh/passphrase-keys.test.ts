import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshConnection, SshKey } from '../../src-main/core/contract';
import { FileSecretStore, MemorySecretStore } from '../../src-main/core/secrets/file-secrets';
import { startSshd, type Sshd } from '../fixtures/sshd';
import { tempDir } from '../fixtures/temp';
import { failure, localBorgVersion, sshKeygenFingerprint, sshSandbox, type SshSandbox, type TestCore } from './helpers';
import { watchProcesses } from './proc-watch';

const KEY_PASSPHRASE = 'k3y-pass phrase-7f2c91';
const IMPORT_PASSPHRASE = 'imported-9d41aa';

let sshd: Sshd;
let box: SshSandbox;
let scratch: { path: string; remove(): void };

beforeAll(async () => {
  sshd = await startSshd();
  box = sshSandbox();
  scratch = tempDir('ssh-keys-scratch');
});

afterAll(async () => {
  await box?.remove();
  await sshd?.stop();
  scratch?.remove();
});

/** Whether a private key file opens with this passphrase (test side; argv is fine here). */
function opensWith(file: string, passphrase: string): boolean {
  return spawnSync('ssh-keygen', ['-y', '-P', passphrase, '-f', file], { encoding: 'utf8' }).status === 0;
}

function makeKey(name: string, passphrase: string): { file: string; pub: string; text: string } {
  const file = join(scratch.path, name);
  const made = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', file], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  return { file, pub: readFileSync(`${file}.pub`, 'utf8').trim(), text: readFileSync(file, 'utf8') };
}

describe('the process watch (control)', () => {
  it('does catch a secret put on a command line or in an environment', async () => {
    const watch = watchProcesses(['control-secret-on-argv', 'control-secret-in-env']);
    try {
      await new Promise<void>((resolve) => spawn('sleep', ['0.3', 'control-secret-on-argv']).on('exit', () => resolve()));
      await new Promise<void>((resolve) => spawn('sleep', ['0.3'], { env: { ...process.env, X: 'control-secret-in-env' } }).on('exit', () => resolve()));
    } finally {
      watch.stop();
    }
    expect(watch.leaks.length).toBeGreaterThanOrEqual(2);
  });
});

describe('keys with a passphrase, answered on a pty', () => {
  let locked: SshKey;
  let connection: SshConnection;

  it('generates an encrypted key without the passphrase ever in a process’s argv or environment', async () => {
    const watch = watchProcesses([KEY_PASSPHRASE]);
    try {
      locked = await box.core.invoke('ssh.keys.generate', { name: 'Locked', passphrase: KEY_PASSPHRASE });
    } finally {
      watch.stop();
    }
    expect(watch.seen.has('ssh-keygen')).toBe(true);
    expect(watch.leaks).toEqual([]);
    expect(locked).toMatchObject({ has_passphrase: true, passphrase_stored: true, key_type: 'ssh-ed25519' });
    const file = join(box.dataDir, 'ssh', 'keys', `key-${locked.id}`);
    expect(opensWith(file, '')).toBe(false);
    expect(opensWith(file, KEY_PASSPHRASE)).toBe(true);
    expect(locked.fingerprint).toBe(sshKeygenFingerprint(locked.public_key));
    // Never in clear in the records file.
    expect(readFileSync(join(box.dataDir, 'ssh.json'), 'utf8')).not.toContain(KEY_PASSPHRASE);
  });

  it('imports an encrypted key only with its right passphrase', async () => {
    const made = makeKey('imported', IMPORT_PASSPHRASE);
    const required = await failure(box.core.invoke('ssh.keys.import', { name: 'Imported', private_key: made.text }), 'PASSPHRASE_REQUIRED');
    expect(required.details).toMatchObject({ field: 'passphrase' });
    await failure(box.core.invoke('ssh.keys.import', { name: 'Imported', private_key: made.text, passphrase: 'not it' }), 'PASSPHRASE_WRONG');
    const watch = watchProcesses([IMPORT_PASSPHRASE]);
    let imported: SshKey;
    try {
      imported = await box.core.invoke('ssh.keys.import', { name: 'Imported', private_key: made.text, passphrase: IMPORT_PASSPHRASE });
    } finally {
      watch.stop();
    }
    expect(watch.leaks).toEqual([]);
    expect(imported).toMatchObject({ origin: 'imported', has_passphrase: true, passphrase_stored: true });
    expect(imported.fingerprint).toBe(sshKeygenFingerprint(made.pub));
    const stored = join(box.dataDir, 'ssh', 'keys', `key-${imported.id}`);
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(opensWith(stored, IMPORT_PASSPHRASE)).toBe(true);
    // Failed attempts leave no staged copies behind.
    expect(readdirSync(join(box.dataDir, 'ssh', 'keys')).filter((f) => f.startsWith('import-'))).toEqual([]);
  });

  it('imports an unencrypted key written with CRLF line ends, and ignores a passphrase it does not need', async () => {
    const made = makeKey('plain', '');
    const key = await box.core.invoke('ssh.keys.import', { name: 'Plain', private_key: made.text.replace(/\n/g, '\r\n'), passphrase: 'unused' });
    expect(key).toMatchObject({ has_passphrase: false, passphrase_stored: false, fingerprint: sshKeygenFingerprint(made.pub) });
  });

  it.each([
    ['a public key', () => makeKey('pub-only', '').pub, /public key/],
    ['random text', () => 'hello world', /not an SSH private key/],
    ['a damaged key', () => makeKey('damaged', '').text.replace(/[A-Za-z]{20}/, 'B'.repeat(20)), /cannot read/],
  ])('refuses %s', async (_what, text, message) => {
    const error = await failure(box.core.invoke('ssh.keys.import', { name: `Bad ${Math.random()}`, private_key: text() }), 'VALIDATION');
    expect(error.message).toMatch(message);
  });

  it('logs in with an encrypted key through the app’s ssh-agent, for the test and for borg', async () => {
    sshd.authorize(locked.public_key);
    connection = await box.core.invoke('ssh.connections.create', { host: '127.0.0.1', port: sshd.port, username: 'root', ssh_key_id: locked.id });
    await box.core.invoke('ssh.hostKeys.confirm', { connection_id: connection.id, fingerprint: sshd.hostKeyFingerprint });
    const watch = watchProcesses([KEY_PASSPHRASE]);
    try {
      expect(await box.core.invoke('ssh.connections.test', { id: connection.id })).toMatchObject({ ok: true, borg_version: localBorgVersion() });
      const repo = await box.core.invoke('repositories.create', {
        name: 'Through the agent',
        path: box.path('agent-repo'),
        connection_id: connection.id,
        encryption: 'none',
        mode: 'observe',
      });
      expect(repo.repository_type).toBe('ssh');
      expect(existsSync(join(box.path('agent-repo'), 'config'))).toBe(true);
    } finally {
      watch.stop();
    }
    expect(watch.seen.has('ssh-add')).toBe(true);
    expect(watch.leaks).toEqual([]);
  });

  it('after a restart without a keyring, asks for the key’s passphrase again and checks it', async () => {
    const restarted: TestCore = box.reopen(new MemorySecretStore());
    const [reloaded] = (await restarted.invoke('ssh.keys.list', {})).filter((k) => k.id === locked.id);
    expect(reloaded).toMatchObject({ has_passphrase: true, passphrase_stored: false });
    const needed = await failure(restarted.invoke('ssh.connections.test', { id: connection.id }), 'PASSPHRASE_REQUIRED');
    expect(needed.details).toMatchObject({ ssh_key_id: locked.id });
    const details = await restarted.invoke('repositories.list', {});
    const repoId = details.find((r) => r.name === 'Through the agent')?.id as number;
    expect((await restarted.invoke('repositories.get', { id: repoId })).live_error?.code).toBe('PASSPHRASE_REQUIRED');

    await failure(restarted.invoke('ssh.keys.unlock', { id: locked.id, passphrase: 'wrong one' }), 'PASSPHRASE_WRONG');
    const unlocked = await restarted.invoke('ssh.keys.unlock', { id: locked.id, passphrase: KEY_PASSPHRASE });
    expect(unlocked.passphrase_stored).toBe(true);
    expect((await restarted.invoke('ssh.connections.test', { id: connection.id })).ok).toBe(true);
    expect((await restarted.invoke('repositories.get', { id: repoId })).live_error).toBeNull();

    // The agent is the core's own: it ends, and its socket folder goes, when the core closes.
    const rsh = (await restarted.internals.ssh.borgEnv(connection.id)).BORG_RSH as string;
    const socket = /IdentityAgent\\?=([^\s']+agent\.sock)/.exec(rsh)?.[1] as string;
    expect(socket).toMatch(/borg-desk-agent-/);
    expect(existsSync(socket)).toBe(true);
    await restarted.close();
    expect(existsSync(socket)).toBe(false);
    const agents = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'latin1').includes(socket);
        } catch {
          return false;
        }
      });
    expect(agents).toEqual([]);
  });

  it('removes an unused key with its files and its stored passphrase', async () => {
    const spare = await box.core.invoke('ssh.keys.generate', { name: 'Spare', passphrase: 'spare pass' });
    const file = join(box.dataDir, 'ssh', 'keys', `key-${spare.id}`);
    expect(existsSync(file)).toBe(true);
    expect(await box.core.invoke('ssh.keys.delete', { id: spare.id })).toEqual({ id: spare.id });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.pub`)).toBe(false);
    expect(await new FileSecretStore(box.dataDir).get(`ssh-key:${spare.id}:passphrase`)).toBeNull();
    expect((await box.core.invoke('ssh.keys.list', {})).map((k) => k.id)).not.toContain(spare.id);
    await failure(box.core.invoke('ssh.keys.delete', { id: spare.id }), 'NOT_FOUND');
  });
});
