import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export type HookOutcome =
  | { ok: true; exitCode: 0 }
  | { ok: false; reason: 'exit'; exitCode: number | null; signal: string | null }
  | { ok: false; reason: 'timeout' | 'cancelled' }
  | { ok: false; reason: 'spawn'; message: string };

export interface HookRun {
  /** The user's own shell script: run as `/bin/sh -c SCRIPT`, never through Node's shell option. */
  script: string;
  timeoutMs: number;
  /** The whole environment the script gets; build it with hookEnvironment. */
  env: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** After SIGTERM, how long before SIGKILL. */
  killGraceMs?: number;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A hook's environment: PATH, HOME and LANG from the parent, plus what Borg Desk tells it.
 * Nothing else from the parent (no secrets, no tokens, no BORG_* settings).
 */
export function hookEnvironment(parent: NodeJS.ProcessEnv, own: Record<string, string>): Record<string, string> {
  return {
    PATH: parent.PATH ?? DEFAULT_PATH,
    HOME: parent.HOME ?? '/',
    LANG: parent.LANG ?? 'C.UTF-8',
    ...own,
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already empty.
  }
}

/**
 * Runs a hook script in its own process group with stdin closed. A timeout or cancel ends the
 * whole group (SIGTERM, then SIGKILL), so a `sleep 1000 &` it started dies with it; anything the
 * script leaves running in its group after it exits is ended too (daemons that mean to stay
 * start their own session).
 */
export function runHook(run: HookRun): Promise<HookOutcome> {
  return new Promise((resolve) => {
    if (run.signal?.aborted) {
      resolve({ ok: false, reason: 'cancelled' });
      return;
    }
    const child = spawn('/bin/sh', ['-c', run.script], {
      env: run.env,
      cwd: run.cwd ?? (run.env.HOME !== undefined && existsSync(run.env.HOME) ? run.env.HOME : '/'),
      detached: true,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const grace = run.killGraceMs ?? 2000;
    let stopping: 'timeout' | 'cancelled' | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const lines = (stream: 'stdout' | 'stderr') => {
      let rest = '';
      return {
        push(chunk: string) {
          rest += chunk;
          let nl = rest.indexOf('\n');
          while (nl !== -1) {
            run.onLine?.(rest.slice(0, nl).replace(/\r$/, ''), stream);
            rest = rest.slice(nl + 1);
            nl = rest.indexOf('\n');
          }
          if (rest.length > 64 * 1024) {
            run.onLine?.(rest, stream);
            rest = '';
          }
        },
        end() {
          if (rest !== '') run.onLine?.(rest, stream);
          rest = '';
        },
      };
    };
    const out = lines('stdout');
    const err = lines('stderr');
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => out.push(chunk));
    child.stderr?.on('data', (chunk: string) => err.push(chunk));

    const stop = (reason: 'timeout' | 'cancelled') => {
      if (stopping !== null || settled) return;
      stopping = reason;
      signalGroup(child, 'SIGTERM');
      timers.push(setTimeout(() => signalGroup(child, 'SIGKILL'), grace));
    };
    timers.push(setTimeout(() => stop('timeout'), run.timeoutMs));
    const onAbort = () => stop('cancelled');
    run.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (outcome: HookOutcome) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      run.signal?.removeEventListener('abort', onAbort);
      out.end();
      err.end();
      resolve(outcome);
    };

    child.on('error', (error) => finish({ ok: false, reason: 'spawn', message: error.message }));
    let exited: HookOutcome | null = null;
    child.on('exit', (code, signal) => {
      if (stopping !== null) exited = { ok: false, reason: stopping };
      else if (code === 0) exited = { ok: true, exitCode: 0 };
      else exited = { ok: false, reason: 'exit', exitCode: code, signal };
      // Whatever the script left running in its group goes with it; then the pipes close.
      signalGroup(child, 'SIGTERM');
      setTimeout(() => signalGroup(child, 'SIGKILL'), grace).unref();
      const outcome = exited;
      // A leftover that escaped the group but kept the pipes open must not keep the hook "running".
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(outcome);
      }, grace + 500).unref();
    });
    child.on('close', () => {
      if (exited !== null) finish(exited);
    });
  });
}

/** A hook outcome as one sentence for the job's log and error. */
export function describeHookFailure(which: 'pre' | 'post', outcome: Exclude<HookOutcome, { ok: true }>, timeoutSeconds: number): string {
  const name = which === 'pre' ? 'The pre-backup script' : 'The post-backup script';
  switch (outcome.reason) {
    case 'timeout':
      return `${name} did not finish within ${timeoutSeconds} s and was stopped.`;
    case 'cancelled':
      return `${name} was stopped because the job was cancelled.`;
    case 'spawn':
      return `${name} could not be started: ${outcome.message}`;
    case 'exit':
      return outcome.exitCode !== null
        ? `${name} failed with exit code ${outcome.exitCode}.`
        : `${name} was ended by signal ${outcome.signal ?? 'unknown'}.`;
  }
}
