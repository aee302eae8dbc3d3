import { spawn } from 'node:child_process';
import { stopProcessGroup } from '../borg/process-group';
import { AppError } from '../errors';

export interface CommandResult {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CommandCall {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** What the command reads on stdin; without it stdin is closed (nothing can wait on a prompt). */
  input?: string;
}

const MAX_CAPTURE = 256 * 1024;

/** Runs an OpenSSH tool without a shell, bounded in time; a timeout stops its whole process group. */
export function runCommand(call: CommandCall): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(call.file, call.args, {
      env: call.env,
      detached: true,
      stdio: [call.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += chunk;
    });
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += chunk;
    });
    if (call.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(call.input);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      void stopProcessGroup(child, { graceMs: 1000 });
    }, call.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new AppError('SSH_CONNECTION_FAILED', `${call.file} is not installed: install the OpenSSH client (Debian/Ubuntu: sudo apt install openssh-client).`, {
              program: call.file,
            })
          : new AppError('INTERNAL', `${call.file} could not be started: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new AppError('TIMEOUT', `${call.file} took too long and was stopped.`, { timeout_ms: call.timeoutMs }));
        return;
      }
      resolve({ code, stdout, stderr });
    });
  });
}
