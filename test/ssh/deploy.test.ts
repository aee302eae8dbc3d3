import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshConnection, SshKey } from '../../src-main/core/contract';
import { startSshd, type Sshd } from '../fixtures/sshd';
import { tempDir } from '../fixtures/temp';
import { failure, sshSandbox, type SshSandbox } from './helpers';
import { watchProcesses } from './proc-watch';

// A real password login needs a real account: a throwaway user, created here and removed after.
const canAddUsers = process.getuid?.() === 0 && existsSync('/usr/sbin/useradd') && existsSync('/usr/sbin/chpasswd');
const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const USER = `bdtest${randomBytes(3).toString('hex')}`;

let sshd: Sshd;
let box: SshSandbox;
let homeRoot: { path: string; remove(): void };
let home: string;
let userCreated = false;
let key: SshKey;
let connection: SshConnection;

describe('deploying a public key with the account password', () => {
  beforeAll(async () => {
    // Never silently skipped: CI runs as root; elsewhere run the ssh project with sudo.
    if (!canAddUsers) throw new Error('This test creates a throwaway user: run it as root with useradd and chpasswd installed.');
    homeRoot = tempDir('ssh-home');
    chmodSync(homeRoot.path, 0o755);
    home = join(homeRoot.path, USER);
    const added = spawnSync('/usr/sbin/useradd', ['-M', '-d', home, '-s', '/bin/sh', USER], { encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`useradd failed: ${added.stderr}`);
    userCreated = true;
    mkdirSync(home);
    spawnSync('chown', [USER, home]);
    const set = spawnSync('/usr/sbin/chpasswd', [], { input: `${USER}:${PASSWORD}\n`, encoding: 'utf8' });
    if (set.status !== 0) throw new Error(`chpasswd failed: ${set.stderr}`);
    sshd = await startSshd({ passwordAuthentication: true });
    box = sshSandbox();
    key = await box.core.invoke('ssh.keys.generate', { name: 'Deployed' });
    connection = await box.core.invoke('ssh.connections.create', { host: '127.0.0.1', port: sshd.port, username: USER, ssh_key_id: key.id });
  });

  afterAll(async () => {
    await box?.remove();
    await sshd?.stop();
    if (userCreated) spawnSync('/usr/sbin/userdel', [USER]);
    homeRoot?.remove();
  });

  it('refuses to send a password to a server whose host key is not pinned', async () => {
    const error = await failure(box.core.invoke('ssh.keys.deploy', { connection_id: connection.id, password: PASSWORD }), 'HOST_KEY_UNKNOWN');
    expect(error.details).toMatchObject({ fingerprint: sshd.hostKeyFingerprint });
    expect(sshd.log()).not.toMatch(/password for/i);
  });

  it('reports a wrong password as SSH_AUTH_FAILED and installs nothing', async () => {
    await box.core.invoke('ssh.hostKeys.confirm', { connection_id: connection.id, fingerprint: sshd.hostKeyFingerprint });
    const error = await failure(box.core.invoke('ssh.keys.deploy', { connection_id: connection.id, password: 'not-the-password' }), 'SSH_AUTH_FAILED');
    expect(error.details).toMatchObject({ method: 'password', username: USER });
    expect(existsSync(join(home, '.ssh', 'authorized_keys'))).toBe(false);
  });

  it('answers ssh’s password prompt on a pty, appends the key, and verifies a key login', async () => {
    await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'SSH_AUTH_FAILED');
    const watch = watchProcesses([PASSWORD]);
    let result;
    try {
      result = await box.core.invoke('ssh.keys.deploy', { connection_id: connection.id, password: PASSWORD });
    } finally {
      watch.stop();
    }
    expect(watch.seen.has('ssh')).toBe(true);
    expect(watch.leaks).toEqual([]);
    expect(result).toEqual({ already_authorized: false, verified: true });
    const authorized = join(home, '.ssh', 'authorized_keys');
    expect(readFileSync(authorized, 'utf8').split('\n')).toContain(key.public_key);
    expect(statSync(authorized).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.ssh')).mode & 0o777).toBe(0o700);
    expect(sshd.log()).toContain(`Accepted password for ${USER}`);
    expect(sshd.log()).toContain(`Accepted publickey for ${USER}`);
    expect((await box.core.invoke('ssh.connections.test', { id: connection.id })).ok).toBe(true);
    // The password is nowhere in the app's files.
    for (const file of ['ssh.json', 'secrets.json', 'repositories.json']) {
      const path = join(box.dataDir, file);
      if (existsSync(path)) expect(readFileSync(path, 'utf8')).not.toContain(PASSWORD);
    }
  });

  it('does not log in with a password when the key is already accepted', async () => {
    const before = (sshd.log().match(/Accepted password/g) ?? []).length;
    expect(await box.core.invoke('ssh.keys.deploy', { connection_id: connection.id, password: 'wrong-but-unused' })).toEqual({
      already_authorized: true,
      verified: true,
    });
    expect((sshd.log().match(/Accepted password/g) ?? []).length).toBe(before);
    expect(readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8').split('\n').filter((l) => l === key.public_key)).toHaveLength(1);
  });
});
