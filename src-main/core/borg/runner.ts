import { spawn, type ChildProcess } from 'node:child_process';
import { AppError } from '../errors';
import { borgFailure } from './failures';
import { LogLineParser, type BorgLogEntry } from './log-parser';
import { stopProcessGroup } from './process-group';

export interface BorgCall {
  /** Arguments after `borg`; `--log-json` is added by the runner. */
  args: string[];
  /** Extra environment (BORG_KEY_FILE, BORG_RSH, ...). */
  env?: Record<string, string>;
  /** Sent through BORG_PASSPHRASE_FD, never argv or the environment. null/undefined: none. */
  passphrase?: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
  onLog?: (entry: BorgLogEntry) => void;
  /** Called with each stdout line instead of collecting stdout (for streaming outputs). */
  onStdoutLine?: (line: string) => void;
  /** How many log entries to keep in the result; older ones are dropped. */
  keepLogs?: number;
}

export interface BorgResult {
  exitCode: 0 | 1;
  stdout: string;
  logs: BorgLogEntry[];
  /** True for exit code 1: borg finished, with warnings. */
  warnings: boolean;
}

export interface BorgRunnerOptions {
  borgPath: string;
  /** Base environment for every call (PATH, HOME, BORG_BASE_DIR in tests ...). */
  env: NodeJS.ProcessEnv;
  killGraceMs?: number;
}

/** Variables a parent might carry that must never reach borg: secrets go through the fd only. */
const SCRUBBED = ['BORG_PASSPHRASE', 'BORG_PASSCOMMAND', 'BORG_NEW_PASSPHRASE', 'BORG_PASSPHRASE_FD', 'BORG_RSH', 'BORG_REPO', 'BORG_KEY_FILE'];

/** Answers borg's yes/no prompts so none can block; the ones that destroy data are refused. */
const PROMPT_ANSWERS: Record<string, string> = {
  BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
  BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
  BORG_CHECK_I_KNOW_WHAT_I_AM_DOING: 'NO',
  BORG_DELETE_I_KNOW_WHAT_I_AM_DOING: 'NO',
  BORG_DISPLAY_PASSPHRASE: 'no',
  BORG_HOSTNAME_IS_UNIQUE: 'yes',
};

export function borgEnvironment(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of SCRUBBED) delete env[name];
  return { ...env, ...PROMPT_ANSWERS, TZ: 'UTC', LANG: env.LANG ?? 'C.UTF-8', ...extra };
}

/**
 * Runs borg without a shell, with stdin closed, the passphrase on fd 3, JSON logs parsed line by
 * line, and a timeout or cancel that stops the whole process group.
 * Exit 0 and 1 resolve (1 = warnings); 2 and above reject with a mapped AppError.
 */
export class BorgRunner {
  private readonly active = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly options: BorgRunnerOptions) {}

  /** Stops every borg still running (app quit): none may outlive the app holding a lock. */
  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.active].map((child) => stopProcessGroup(child, { graceMs: this.options.killGraceMs ?? 5000 })));
  }

  get borgPath(): string {
    return this.options.borgPath;
  }

  /** Points later calls at the binary detection found. */
  useBinary(path: string): void {
    this.options.borgPath = path;
  }

  run(call: BorgCall): Promise<BorgResult> {
    const hasPassphrase = call.passphrase !== undefined && call.passphrase !== null;
    const extra = { ...(call.env ?? {}) };
    if (hasPassphrase) extra.BORG_PASSPHRASE_FD = '3';
    const env = borgEnvironment(this.options.env, extra);
    const args = ['--log-json', ...call.args];
    const keep = call.keepLogs ?? 500;

    return new Promise<BorgResult>((resolve, reject) => {
      if (call.signal?.aborted || this.closed) {
        reject(new AppError('CANCELLED', 'The operation was cancelled.'));
        return;
      }
      const child = spawn(this.options.borgPath, args, {
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', hasPassphrase ? 'pipe' : 'ignore'],
        windowsHide: true,
      });
      this.active.add(child);
      child.once('exit', () => this.active.delete(child));
      child.once('error', () => this.active.delete(child));
      const logs: BorgLogEntry[] = [];
      const stdoutChunks: string[] = [];
      let stdoutRest = '';
      let stopping: 'timeout' | 'cancel' | null = null;
      let settled = false;

      const parser = new LogLineParser((entry) => {
        logs.push(entry);
        if (logs.length > keep) logs.splice(0, logs.length - keep);
        call.onLog?.(entry);
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => parser.push(chunk));
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        if (call.onStdoutLine === undefined) {
          stdoutChunks.push(chunk);
          return;
        }
        stdoutRest += chunk;
        let nl = stdoutRest.indexOf('\n');
        while (nl !== -1) {
          call.onStdoutLine(stdoutRest.slice(0, nl));
          stdoutRest = stdoutRest.slice(nl + 1);
          nl = stdoutRest.indexOf('\n');
        }
      });
      if (hasPassphrase) {
        const fd3 = child.stdio[3] as NodeJS.WritableStream | null;
        fd3?.on('error', () => undefined); // borg may exit before reading it
        fd3?.end(call.passphrase as string);
      }

      const stop = (reason: 'timeout' | 'cancel') => {
        if (stopping !== null) return;
        stopping = reason;
        void stopProcessGroup(child, { graceMs: this.options.killGraceMs ?? 5000 });
      };
      const timer = call.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), call.timeoutMs) : undefined;
      const onAbort = () => stop('cancel');
      call.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        call.signal?.removeEventListener('abort', onAbort);
        fn();
      };

      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(() => {
          if (error.code === 'ENOENT') reject(borgMissing(this.options.borgPath));
          else reject(new AppError('BORG_FAILED', `borg could not be started: ${error.message}`));
        });
      });
      child.on('close', (code, signal) => {
        parser.end();
        if (stdoutRest !== '' && call.onStdoutLine) call.onStdoutLine(stdoutRest);
        finish(() => {
          if (stopping === 'timeout') {
            reject(new AppError('TIMEOUT', 'borg took too long and was stopped.', { timeout_ms: call.timeoutMs }));
          } else if (stopping === 'cancel') {
            reject(new AppError('CANCELLED', 'The operation was cancelled.'));
          } else if (code === 0 || code === 1) {
            resolve({ exitCode: code, stdout: stdoutChunks.join(''), logs, warnings: code === 1 });
          } else {
            reject(borgFailure(logs, code, signal));
          }
        });
      });
    });
  }
}

export function borgMissing(path: string): AppError {
  return new AppError(
    'BORG_MISSING',
    'borg is not installed or could not be found. Install BorgBackup (Debian/Ubuntu: sudo apt install borgbackup; Fedora: sudo dnf install borgbackup; macOS: brew install borgbackup; Windows: use WSL) or set its path in the settings.',
    { path },
  );
}
