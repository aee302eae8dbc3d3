import type { ChildProcess } from 'node:child_process';

export interface KillPlan {
  /** How long to wait after SIGINT before SIGTERM, and after SIGTERM before SIGKILL. */
  graceMs: number;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole process group (the child was spawned detached, so it leads one).
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Stops a child and everything it started: SIGINT (borg writes a checkpoint and releases its
 * lock), then SIGTERM, then SIGKILL. Resolves when the child has exited.
 */
export function stopProcessGroup(child: ChildProcess, plan: KillPlan = { graceMs: 5000 }): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      // The leader is gone; sweep any children it left behind.
      signalGroup(child, 'SIGKILL');
      resolve();
      return;
    }
    const timers: NodeJS.Timeout[] = [];
    child.once('exit', () => {
      timers.forEach(clearTimeout);
      // Children that outlive the leader (a hook's background jobs) die with the group.
      signalGroup(child, 'SIGKILL');
      resolve();
    });
    signalGroup(child, 'SIGINT');
    timers.push(setTimeout(() => signalGroup(child, 'SIGTERM'), plan.graceMs));
    timers.push(setTimeout(() => signalGroup(child, 'SIGKILL'), plan.graceMs * 2));
  });
}
