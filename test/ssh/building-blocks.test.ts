import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, KnownHosts, knownHostsPattern, parseKey, parseKeyscan } from '../../src-main/core/ssh/host-keys';
import { batchSshOptions, borgRsh } from '../../src-main/core/ssh/options';
import { runPty } from '../../src-main/core/ssh/pty';
import { startSshd, type Sshd } from '../fixtures/sshd';
import { tempDir } from '../fixtures/temp';
import { sshKeygenFingerprint } from './helpers';

let scratch: { path: string; remove(): void };
beforeAll(() => {
  scratch = tempDir('ssh-blocks');
});
afterAll(() => scratch?.remove());

function shlexSplit(text: string): string[] {
  const out = spawnSync('python3', ['-c', 'import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))', text], { encoding: 'utf8' });
  return JSON.parse(out.stdout) as string[];
}

function newKey(type: string, name: string): string {
  const file = join(scratch.path, name);
  spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

describe('host key fingerprints', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'])('match ssh-keygen -l for %s keys', (type) => {
    const pub = newKey(type, `fp-${type}`);
    const [, blob] = pub.split(' ');
    expect(fingerprintOf(blob as string)).toBe(sshKeygenFingerprint(pub));
  });

  it('refuses a blob whose inner type is not the declared one', () => {
    const [, blob] = newKey('ed25519', 'mismatch').split(' ');
    expect(parseKey('ssh-rsa', blob as string)).toBeNull();
    expect(parseKey('ssh-ed25519', 'not base64!')).toBeNull();
  });

  it('reads ssh-keyscan output and skips comments and junk', () => {
    const pub = newKey('ed25519', 'scan');
    const [type, blob] = pub.split(' ');
    const keys = parseKeyscan(`# 127.0.0.1:2222 SSH-2.0-OpenSSH_9.2\n[127.0.0.1]:2222 ${type} ${blob}\ngarbage line here\n[127.0.0.1]:2222 ssh-rsa ${blob}\n`);
    expect(keys).toEqual([{ keyType: type, blob, fingerprint: sshKeygenFingerprint(pub) }]);
  });
});

describe('the app known_hosts', () => {
  it('names servers as ssh does: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostsPattern('example.com', 22)).toBe('example.com');
    expect(knownHostsPattern('example.com', 2222)).toBe('[example.com]:2222');
    expect(knownHostsPattern('::1', 2222)).toBe('[::1]:2222');
  });

  it('pins one key per server, replaces it on re-pin, and forgets only that server', () => {
    const hosts = new KnownHosts(join(scratch.path, 'kh', 'known_hosts'));
    const [t1, b1] = newKey('ed25519', 'kh1').split(' ') as [string, string];
    const [t2, b2] = newKey('ed25519', 'kh2').split(' ') as [string, string];
    const k1 = parseKey(t1, b1)!;
    const k2 = parseKey(t2, b2)!;
    expect(hosts.pin('a.example', 22, k1)).toEqual([]);
    hosts.pin('a.example', 2222, k1);
    expect(hosts.pin('a.example', 2222, k2)).toEqual([k1]);
    expect(hosts.pinned('a.example', 2222)).toEqual([k2]);
    expect(hosts.pinned('a.example', 22)).toEqual([k1]);
    hosts.forget('a.example', 2222);
    expect(hosts.pinned('a.example', 2222)).toEqual([]);
    expect(readFileSync(hosts.file, 'utf8')).toBe(`a.example ${t1} ${b1}\n`);
  });
});

describe('ssh options for borg', () => {
  it('survive borg’s shlex split exactly, with spaces and % in the paths', () => {
    const identity = { keyFile: '/data/Borg Desk/ssh/keys/key-1', agentSocket: '/tmp/agent dir/agent.sock' };
    const knownHosts = '/data/Borg Desk/50%/known_hosts';
    const argv = shlexSplit(borgRsh(knownHosts, identity));
    const sshAt = argv.indexOf('ssh');
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv.slice(sshAt + 1)).toEqual(batchSshOptions(knownHosts, identity));
    expect(argv).toContain('UserKnownHostsFile="/data/Borg Desk/50%%/known_hosts"');
    expect(argv).toContain('IdentityAgent="/tmp/agent dir/agent.sock"');
    expect(argv).toContain('IdentityFile="/data/Borg Desk/ssh/keys/key-1"');
    expect(argv).toContain('StrictHostKeyChecking=yes');
    expect(argv).toContain('BatchMode=yes');
    expect(argv.join(' ')).not.toMatch(/StrictHostKeyChecking=(no|accept-new)/);
  });

  it('refuse a path ssh would expand as ${VAR}', () => {
    expect(() => batchSshOptions('/data/${HOME}/known_hosts', { keyFile: '/k', agentSocket: null })).toThrow(/expand/);
  });

  describe('against a real sshd', () => {
    let sshd: Sshd;
    beforeAll(async () => {
      sshd = await startSshd();
    });
    afterAll(async () => sshd?.stop());

    it('log in when every path holds spaces and %-tokens, so ssh reads them literally', () => {
      const dir = join(scratch.path, '100%h %d dir');
      mkdirSync(dir);
      const keyFile = join(dir, 'key %r');
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
      sshd.authorize(readFileSync(`${keyFile}.pub`, 'utf8'));
      const knownHosts = join(dir, 'known hosts');
      const hostPub = readFileSync(join(sshd.dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
      writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${hostPub}\n`);
      const argv = shlexSplit(borgRsh(knownHosts, { keyFile, agentSocket: null }));
      const result = spawnSync(argv[0] as string, [...argv.slice(1), '-p', String(sshd.port), 'root@127.0.0.1', 'echo logged-in'], { encoding: 'utf8', timeout: 20_000 });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('logged-in');
    });
  });
});

describe('runPty', () => {
  it('answers a prompt without echoing the answer back in its output', async () => {
    const result = await runPty({
      file: 'sh',
      args: ['-c', 'stty -echo; printf "Secret please: "; read s; stty echo; echo; echo "got ${#s} chars"; echo "$s" | sha256sum'],
      env: process.env,
      timeoutMs: 5000,
      rules: [{ name: 'secret', prompt: /Secret please:\s*$/, answer: 'hunter22' }],
    });
    expect(result.exitCode).toBe(0);
    expect(result.answered).toEqual({ secret: 1 });
    expect(result.output).toContain('got 8 chars');
    const expected = spawnSync('sha256sum', [], { input: 'hunter22\n', encoding: 'utf8' }).stdout.split(' ')[0] as string;
    expect(result.output).toContain(expected);
    expect(result.output).not.toContain('hunter22');
  });

  it('stops a program that asks again (a wrong secret) instead of answering forever', async () => {
    const result = await runPty({
      file: 'sh',
      args: ['-c', 'while true; do printf "Password: "; read p; echo "Permission denied, please try again."; done'],
      env: process.env,
      timeoutMs: 5000,
      rules: [{ name: 'password', prompt: /Password:\s*$/, answer: 'wrong' }],
    });
    expect(result.stopped).toEqual({ reason: 'prompt-repeated', rule: 'password' });
    expect(result.output).not.toContain('wrong');
  });

  it('kills a program that outlives its time', async () => {
    const started = Date.now();
    const result = await runPty({ file: 'sleep', args: ['30'], env: process.env, timeoutMs: 300, rules: [] });
    expect(result.stopped).toEqual({ reason: 'timeout', rule: null });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
