import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type Sshd } from '../fixtures/sshd';
import { makeTree, waitForJob } from '../core/jobs/helpers';
import { failure, sshSandbox, type SshSandbox } from './helpers';

let sshd: Sshd;
let box: SshSandbox;

beforeAll(async () => {
  sshd = await startSshd({ host: '::1' });
  box = sshSandbox();
});

afterAll(async () => {
  await box?.remove();
  await sshd?.stop();
});

/** An IPv6 server end to end: brackets in known_hosts, in ssh's arguments and in borg's ssh:// URL. */
describe('a repository on an IPv6 server', () => {
  it('pins the host key, creates a repository, backs up to it and reads it back', async () => {
    const key = await box.core.invoke('ssh.keys.generate', { name: 'v6 key' });
    sshd.authorize(key.public_key);
    const connection = await box.core.invoke('ssh.connections.create', { name: 'v6', host: '::1', port: sshd.port, username: 'root', ssh_key_id: key.id });

    const unknown = await failure(box.core.invoke('ssh.connections.test', { id: connection.id }), 'HOST_KEY_UNKNOWN');
    expect(unknown.details).toMatchObject({ host: '::1', port: sshd.port, fingerprint: sshd.hostKeyFingerprint });
    await box.core.invoke('ssh.hostKeys.confirm', { connection_id: connection.id, fingerprint: sshd.hostKeyFingerprint });
    const hostPub = readFileSync(join(sshd.dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    expect(readFileSync(join(box.dataDir, 'ssh', 'known_hosts'), 'utf8')).toBe(`[::1]:${sshd.port} ${hostPub}\n`);
    expect(await box.core.invoke('ssh.connections.test', { id: connection.id })).toMatchObject({ ok: true });

    mkdirSync(box.path('remote'));
    const repoPath = box.path('remote/v6 repo');
    const source = makeTree(box.path('source'), { dirs: 2, filesPerDir: 10, bigFiles: 0 });
    const repo = await box.core.invoke('repositories.create', {
      name: 'On v6',
      path: repoPath,
      connection_id: connection.id,
      encryption: 'repokey',
      passphrase: 'v6 passphrase',
      source_directories: [source],
    });
    expect(repo).toMatchObject({ repository_type: 'ssh', host: '::1', port: sshd.port, path: `ssh://root@[::1]:${sshd.port}${repoPath}` });
    expect(repo.borg_repository_id).toMatch(/^[0-9a-f]{64}$/);
    expect(sshd.log()).toContain('Accepted publickey for root from ::1');

    const started = await box.core.invoke('jobs.start', { repository_id: repo.id, kind: 'backup' });
    const job = await waitForJob(box.core, started.id);
    expect(job.state).toBe('succeeded');

    const details = await box.core.invoke('repositories.get', { id: repo.id });
    expect(details.live_error).toBeNull();
    expect(details.live).toMatchObject({ borg_repository_id: repo.borg_repository_id, archive_count: 1 });
    expect(details.repository.archive_count).toBe(1);
  });
});
