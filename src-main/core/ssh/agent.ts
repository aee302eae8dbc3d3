import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors';
import { Mutex } from '../util/mutex';
import { runCommand } from './exec';
import { runPty } from './pty';

const START_TIMEOUT_MS = 5_000;

/**
 * The app's own ssh-agent, started on first need, for keys with a passphrase: borg runs ssh
 * without a terminal, so nobody could type the key's passphrase. ssh-add's prompt is answered on a
 * pty; the decrypted key lives only in the agent's memory. The socket sits in a private 0700
 * folder under the system temp dir (short path: unix sockets are limited to ~100 bytes).
 */
export class SshAgent {
  private child: ChildProcess | null = null;
  private dir: string | null = null;
  private socketPath: string | null = null;
  private readonly loaded = new Set<string>();
  private readonly mutex = new Mutex();
  private readonly onExit = () => this.child?.kill('SIGTERM');

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Loads a key (once per agent lifetime) and returns the agent's socket. */
  add(keyFile: string, fingerprint: string, passphrase: string): Promise<string> {
    return this.mutex.run(async () => {
      const socket = await this.ensureStarted();
      if (this.loaded.has(fingerprint)) return socket;
      const result = await runPty({
        file: 'ssh-add',
        args: [keyFile],
        env: { ...this.env, SSH_AUTH_SOCK: socket },
        timeoutMs: 15_000,
        rules: [{ name: 'passphrase', prompt: /passphrase[^\n]*:\s*$/i, answer: passphrase }],
      });
      if (result.stopped?.reason === 'prompt-repeated' || /bad passphrase|incorrect passphrase/i.test(result.output)) {
        throw new AppError('PASSPHRASE_WRONG', 'The stored passphrase does not open this SSH key. Unlock the key again with its passphrase.', {
          field: 'passphrase',
        });
      }
      if (result.exitCode !== 0 || result.stopped !== null) {
        throw new AppError('INTERNAL', `ssh-add could not load the key: ${result.output.trim().split('\n').at(-1) ?? 'no message'}`);
      }
      this.loaded.add(fingerprint);
      return socket;
    });
  }

  /** Drops a key from the agent (when it is removed from Borg Desk). */
  remove(keyFile: string, fingerprint: string): Promise<void> {
    return this.mutex.run(async () => {
      if (!this.loaded.has(fingerprint) || this.socketPath === null) return;
      this.loaded.delete(fingerprint);
      await runCommand({ file: 'ssh-add', args: ['-d', keyFile], env: { ...this.env, SSH_AUTH_SOCK: this.socketPath }, timeoutMs: 10_000 }).catch(() => undefined);
    });
  }

  /** True while the key is held by a running agent. */
  holds(fingerprint: string): boolean {
    return this.child !== null && this.loaded.has(fingerprint);
  }

  stop(): Promise<void> {
    return this.mutex.run(() => this.shutdown());
  }

  private async shutdown(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.loaded.clear();
    process.off('exit', this.onExit);
    if (child !== null && child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.socketPath = null;
  }

  private async ensureStarted(): Promise<string> {
    if (this.child !== null && this.socketPath !== null && this.child.exitCode === null && existsSync(this.socketPath)) return this.socketPath;
    await this.shutdown();
    const dir = mkdtempSync(join(tmpdir(), 'borg-desk-agent-'));
    const socket = join(dir, 'agent.sock');
    const child = spawn('ssh-agent', ['-D', '-a', socket], { env: this.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    this.child = child;
    this.dir = dir;
    this.socketPath = socket;
    process.on('exit', this.onExit);
    child.on('exit', () => this.loaded.clear());
    const started = await new Promise<boolean>((resolve) => {
      const deadline = Date.now() + START_TIMEOUT_MS;
      child.once('error', () => resolve(false));
      const poll = () => {
        if (existsSync(socket)) resolve(true);
        else if (child.exitCode !== null || Date.now() > deadline) resolve(false);
        else setTimeout(poll, 20);
      };
      poll();
    });
    if (!started) {
      await this.shutdown();
      throw new AppError('INTERNAL', `ssh-agent could not be started${stderr.trim() !== '' ? `: ${stderr.trim()}` : ''}.`);
    }
    return socket;
  }
}
