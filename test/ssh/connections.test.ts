import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshConnection, SshKey } from '../../src-main/core/contract';
import { startSshd, type Sshd } from '../fixtures/sshd';
import { borgOverSsh, failure, localBorgVersion, sshKeygenFingerprint, sshSandbox, type SshSandbox } from './helpers';

let sshd: Sshd;
let box: SshSandbox;
let key: SshKey;
let connection: SshConnection;

beforeAll(async () => {
  sshd = await startSshd();
  box = sshSandbox();
});

afterAll(async () => {
  await box?.remove();
  await sshd?.stop();
});

describe('SSH keys', () => {
  it('generates an ed25519 key kept 0600 in a 0700 folder, with the public key and its true fingerprint', async () => {
    key = await box.core.invoke('ssh.keys.generate', { name: 'Backup key' });
    expect(key).toMatchObject({ id: 1, name: 'Backup key', key_type: 'ssh-ed25519', origin: 'generated', has_passphrase: false, connection_ids: [] });
    expect(key.public_key).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+ borg-desk:Backup-key$/);
    expect(key.fingerprint).toBe(sshKeygenFingerprint(key.public_key));
    const file = join(box.dataDir, 'ssh', 'keys', 'key-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(box.dataDir, 'ssh', 'keys')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY');
    // The private key opens without a passphrase and matches the public key handed out.
    const derived = spawnSync('ssh-keygen', ['-y', '-P', '', '-f', file], { encoding: 'utf8' }).stdout.trim();
    expect(derived.split(' ').slice(0, 2)).toEqual(key.public_key.split(' ').slice(0, 2));
    expect(await box.core.invoke('ssh.keys.list', {})).toHaveLength(1);
  });

  it('refuses a second key with the same name', async () => {
    await failure(box.core.invoke('ssh.keys.generate', { name: 'backup KEY' }), 'CONFLICT');
  });
});

describe('SSH connection input', () => {
  it.each([
    [{ host: '-oProxyCommand=touch /tmp/pwned', username: 'root' }, 'host'],
    [{ host: 'bad host', username: 'root' }, 'host'],
    [{ host: 'example.com;id', username: 'root' }, 'host'],
    [{ host: 'example.com', username: '-lroot' }, 'username'],
    [{ host: 'example.com', username: 'a'.repeat(33) }, 'username'],
    [{ host: 'example.com', username: 'root', port: 0 }, 'port'],
    [{ host: 'example.com', username: 'root', port: 65536 }, 'port'],
    [{ host: 'example.com', username: 'root', remote_path: 'borg; rm -rf /' }, 'remote_path'],
    [{ host: 'example.com', username: 'root', default_path: 'relative/dir' }, 'default_path'],
    [{ host: 'example.com', username: 'root', default_path: '/srv/$(id)' }, 'default_path'],
    [{ host: 'example.com', username: 'root', proxy_command: 'nc' }, ''],
  ])('refuses %j (field %s)', async (fields, field) => {
    const error = await failure(box.core.invoke('ssh.connections.create', { ssh_key_id: key.id, ...fields }), 'VALIDATION');
    const issues = (error.details?.issues ?? []) as { path: string; message: string }[];
    expect(issues.some((i) => i.path === field)).toBe(true);
  });

  it('refuses an unknown key id', async () => {
    const error = await failure(box.core.invoke('ssh.connections.create', { host: '127.0.0.1', username: 'root', ssh_key_id: 99 }), 'VALIDATION');
    expect(error.details).toMatchObject({ field: 'ssh_key_id' });
  });

  it('accepts IPv6 addresses, ~/ paths, a remote borg command name and a blank label, and defaults the port to 22', async () => {
    const made = await box.core.invoke('ssh.connections.create', {
      name: '  ',
      host: '[::1]',
      username: 'backup_user.1',
      ssh_key_id: key.id,
      default_path: '~/backups',
      remote_path: 'borg-1.2',
    });
    expect(made).toMatchObject({ name: null, host: '::1', port: 22, default_path: '~/backups', remote_path: 'borg-1.2', host_key_fingerprint: null });
    await box.core.invoke('ssh.connections.delete', { id: made.id });
  });
});

describe('a connection to a real sshd', () => {
  it('creates the connection', async () => {
    connection = await box.core.invoke('ssh.connections.create', { name: 'Loopback', host: '127.0.0.1', port: sshd.port, username: 'root', ssh_key_id: key.id });
    expect(connection).toMatchObject({ name: 'Loopback', host: '127.0.0.1', port: sshd.port, username: 'root', ssh_key_id: key.id, host_key_fingerprint: null, last_test: null });
  });

  it('on first contact fails with HOST_KEY_UNKNOWN carrying the server’s real fingerprint, and pins nothing', async () => {
    const error = await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'HOST_KEY_UNKNOWN');
    expect(error.details).toMatchObject({ host: '127.0.0.1', port: sshd.port, fingerprint: sshd.hostKeyFingerprint, key_type: 'ssh-ed25519' });
    expect(await box.core.invoke('ssh.hostKeys.get', { connection_id: connection.id })).toEqual({ host: '127.0.0.1', port: sshd.port, fingerprint: null, key_type: null });
    const stored = await box.core.invoke('ssh.connections.get', { id: connection.id });
    expect(stored.last_test).toMatchObject({ ok: false, error: { code: 'HOST_KEY_UNKNOWN' } });
  });

  it('will not pin a fingerprint the server does not present', async () => {
    const wrong = 'SHA256:' + 'A'.repeat(43);
    const error = await failure(box.core.invoke('ssh.hostKeys.confirm', { connection_id: connection.id, fingerprint: wrong }), 'HOST_KEY_CHANGED');
    expect(error.details).toMatchObject({ expected_fingerprint: wrong, presented_fingerprint: sshd.hostKeyFingerprint });
    expect((await box.core.invoke('ssh.hostKeys.get', { connection_id: connection.id })).fingerprint).toBeNull();
  });

  it('pins the confirmed key in the app’s known_hosts as [host]:port', async () => {
    const pinned = await box.core.invoke('ssh.hostKeys.confirm', { connection_id: connection.id, fingerprint: sshd.hostKeyFingerprint });
    expect(pinned).toEqual({ host: '127.0.0.1', port: sshd.port, fingerprint: sshd.hostKeyFingerprint, key_type: 'ssh-ed25519', replaced_fingerprint: null });
    const knownHosts = readFileSync(join(box.dataDir, 'ssh', 'known_hosts'), 'utf8');
    const hostPub = readFileSync(join(sshd.dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    expect(knownHosts).toBe(`[127.0.0.1]:${sshd.port} ${hostPub}\n`);
    expect((await box.core.invoke('ssh.connections.get', { id: connection.id })).host_key_fingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('names the refused key when the server does not accept it', async () => {
    const error = await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'SSH_AUTH_FAILED');
    expect(error.message).toContain('"Backup key"');
    expect(error.message).toContain(key.fingerprint);
    expect(error.details).toMatchObject({ ssh_key_id: key.id, key_fingerprint: key.fingerprint, username: 'root', port: sshd.port });
  });

  it('logs in with the authorized key and reports the server’s borg version', async () => {
    sshd.authorize(key.public_key);
    const result = await box.core.invoke('ssh.connections.test', { id: connection.id });
    expect(result).toMatchObject({ ok: true, borg_version: localBorgVersion(), host_key_fingerprint: sshd.hostKeyFingerprint, key_fingerprint: key.fingerprint });
    const stored = await box.core.invoke('ssh.connections.get', { id: connection.id });
    expect(stored.last_test).toMatchObject({ ok: true, borg_version: localBorgVersion(), error: null });
  });

  it('refuses to remove a key while a connection uses it', async () => {
    const error = await failure(box.core.invoke('ssh.keys.delete', { id: key.id }), 'CONFLICT');
    expect(error.details).toMatchObject({ connection_ids: [connection.id] });
    expect((await box.core.invoke('ssh.keys.list', {}))[0]?.connection_ids).toEqual([connection.id]);
  });

  it('fails with SSH_CONNECTION_FAILED when nothing listens on the port', async () => {
    const closed = await box.core.invoke('ssh.connections.create', { host: '127.0.0.1', port: 1, username: 'root', ssh_key_id: key.id });
    const error = await failure(box.core.invoke('ssh.connections.test', { id: closed.id }), 'SSH_CONNECTION_FAILED');
    expect(error.details).toMatchObject({ host: '127.0.0.1', port: 1 });
    await box.core.invoke('ssh.connections.delete', { id: closed.id });
  });
});

describe('repositories over the connection', () => {
  const passphrase = 'remote repo passphrase';
  let repoPath: string;
  let repoId: number;

  it('creates a repository on the server through BORG_RSH with the app’s key and pinned host key', async () => {
    repoPath = box.path('remote/repo one');
    spawnSync('mkdir', ['-p', box.path('remote')]);
    const repo = await box.core.invoke('repositories.create', {
      name: 'Remote one',
      path: repoPath,
      connection_id: connection.id,
      encryption: 'repokey',
      passphrase,
      mode: 'observe',
    });
    repoId = repo.id;
    expect(repo).toMatchObject({
      repository_type: 'ssh',
      host: '127.0.0.1',
      port: sshd.port,
      username: 'root',
      ssh_key_id: key.id,
      connection_id: connection.id,
      path: `ssh://root@127.0.0.1:${sshd.port}${repoPath}`,
      encryption: 'repokey',
    });
    expect(existsSync(join(repoPath, 'config'))).toBe(true);
    expect(sshd.log()).toContain(`Accepted publickey for root from 127.0.0.1`);
    const details = await box.core.invoke('repositories.get', { id: repo.id });
    expect(details.live_error).toBeNull();
    expect(details.live?.borg_repository_id).toBe(repo.borg_repository_id);
  });

  it('refuses to import the same remote location again under another name', async () => {
    const error = await failure(
      box.core.invoke('repositories.import', { name: 'Remote again', path: repoPath, connection_id: connection.id, passphrase, mode: 'observe' }),
      'CONFLICT',
    );
    expect(error.details).toMatchObject({ field: 'path' });
    const viaUrl = await failure(
      box.core.invoke('repositories.import', {
        name: 'Remote again',
        path: `ssh://root@127.0.0.1:${sshd.port}${repoPath}/`,
        connection_id: connection.id,
        passphrase,
        mode: 'observe',
      }),
      'CONFLICT',
    );
    expect(viaUrl.details).toMatchObject({ field: 'path' });
  });

  it('imports a keyfile repository made by the borg CLI over ssh, and exports its keyfile unchanged', async () => {
    const cliBase = box.path('cli-base');
    spawnSync('mkdir', ['-p', cliBase]);
    const cliRepo = box.path('remote/cli-repo');
    const keyFile = join(box.dataDir, 'ssh', 'keys', `key-${key.id}`);
    const init = borgOverSsh(['init', '-e', 'keyfile', `ssh://root@127.0.0.1:${sshd.port}${cliRepo}`], { keyFile, baseDir: cliBase, passphrase: 'cli pass' });
    expect(init.status, init.stderr).toBe(0);
    const keysDir = join(cliBase, '.config', 'borg', 'keys');
    const cliKeyFile = join(keysDir, readdirSync(keysDir)[0] as string);
    const cliKey = readFileSync(cliKeyFile, 'utf8');

    const imported = await box.core.invoke('repositories.import', {
      name: 'CLI made',
      path: cliRepo,
      connection_id: connection.id,
      passphrase: 'cli pass',
      keyfile_content: cliKey,
      mode: 'observe',
    });
    expect(imported).toMatchObject({ repository_type: 'ssh', encryption: 'keyfile', has_keyfile: true, path: `ssh://root@127.0.0.1:${sshd.port}${cliRepo}` });
    const exported = await box.core.invoke('repositories.exportKeyfile', { id: imported.id, format: 'keyfile' });
    expect(exported.content.trim()).toBe(cliKey.trim());
  });

  it('refuses to remove the connection while repositories use it, and to move it to another server', async () => {
    const error = await failure(box.core.invoke('ssh.connections.delete', { id: connection.id }), 'CONFLICT');
    expect((error.details?.repository_ids as number[]).sort()).toEqual(expect.arrayContaining([repoId]));
    await failure(box.core.invoke('ssh.connections.update', { id: connection.id, changes: { port: sshd.port + 1 } }), 'CONFLICT');
    expect((await box.core.invoke('ssh.connections.get', { id: connection.id })).repository_ids).toContain(repoId);
  });

  it('reports REMOTE_BORG_MISSING when remote_path does not name borg, for the test and for borg calls', async () => {
    await box.core.invoke('ssh.connections.update', { id: connection.id, changes: { remote_path: '/nonexistent/bin/borg' } });
    const error = await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'REMOTE_BORG_MISSING');
    expect(error.message).toContain('/nonexistent/bin/borg');
    expect(error.details).toMatchObject({ remote_path: '/nonexistent/bin/borg', exit_code: 127 });
    // The repository has no remote_path of its own: borg gets the connection's through BORG_REMOTE_PATH.
    // borg relays ssh's stderr racily; every call must still carry the reason.
    for (let i = 0; i < 4; i++) {
      const details = await box.core.invoke('repositories.get', { id: repoId });
      expect(details.live_error?.code).toBe('REMOTE_BORG_MISSING');
    }

    await box.core.invoke('ssh.connections.update', { id: connection.id, changes: { remote_path: 'borg-does-not-exist' } });
    await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'REMOTE_BORG_MISSING');

    const fixed = await box.core.invoke('ssh.connections.update', { id: connection.id, changes: { remote_path: '/usr/bin/borg' } });
    expect(fixed.remote_path).toBe('/usr/bin/borg');
    expect((await box.core.invoke('ssh.connections.test', { id: connection.id })).ok).toBe(true);
    expect((await box.core.invoke('repositories.get', { id: repoId })).live_error).toBeNull();
  });

  it('fails fast with HOST_KEY_UNKNOWN for a borg call to a server whose key was never confirmed', async () => {
    // Same server under another name: known_hosts pins are per name and port.
    const other = await box.core.invoke('ssh.connections.create', { host: 'localhost', port: sshd.port, username: 'root', ssh_key_id: key.id });
    const error = await failure(
      box.core.invoke('repositories.create', { name: 'Unpinned', path: box.path('remote/unpinned'), connection_id: other.id, encryption: 'none', mode: 'observe' }),
      'HOST_KEY_UNKNOWN',
    );
    expect(error.details).toMatchObject({ host: 'localhost', port: sshd.port, fingerprint: sshd.hostKeyFingerprint });
    expect(existsSync(box.path('remote/unpinned'))).toBe(false);
    await box.core.invoke('ssh.connections.delete', { id: other.id });
  });

  it('refuses a changed host key with both fingerprints, for the test and for borg, until the new one is confirmed', async () => {
    const old = sshd.hostKeyFingerprint;
    const fresh = await sshd.regenerateHostKey();
    expect(fresh).not.toBe(old);
    const error = await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'HOST_KEY_CHANGED');
    expect(error.details).toMatchObject({ expected_fingerprint: old, presented_fingerprint: fresh, host: '127.0.0.1', port: sshd.port });
    const details = await box.core.invoke('repositories.get', { id: repoId });
    expect(details.live_error?.code).toBe('HOST_KEY_CHANGED');
    // The pin is untouched by the failed calls.
    expect((await box.core.invoke('ssh.hostKeys.get', { connection_id: connection.id })).fingerprint).toBe(old);

    const replaced = await box.core.invoke('ssh.hostKeys.confirm', { connection_id: connection.id, fingerprint: fresh });
    expect(replaced).toMatchObject({ fingerprint: fresh, replaced_fingerprint: old });
    expect((await box.core.invoke('ssh.connections.test', { id: connection.id })).host_key_fingerprint).toBe(fresh);
    expect((await box.core.invoke('repositories.get', { id: repoId })).live_error).toBeNull();
  });

  it('fails with SSH_AUTH_FAILED for borg calls once the server stops accepting the key', async () => {
    sshd.revokeAll();
    // Before BORG_RSH kept ssh's stderr ahead of its stdout, 4 in 10 of these said "connection failed".
    for (let i = 0; i < 6; i++) {
      const details = await box.core.invoke('repositories.get', { id: repoId });
      expect(details.live_error?.code).toBe('SSH_AUTH_FAILED');
    }
    sshd.authorize(key.public_key);
  });
});
