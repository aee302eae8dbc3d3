import { readdirSync, readFileSync } from 'node:fs';

export interface ProcWatch {
  /** Processes seen whose argv or environment contained a watched secret. */
  leaks: string[];
  /** Every program name seen while watching (to prove the watch saw the children at all). */
  seen: Set<string>;
  stop(): void;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

/**
 * Polls /proc while a secret is in use and records any process whose command line or environment
 * holds it. Runs as root in the tests, so every process is readable.
 */
export function watchProcesses(secrets: string[], intervalMs = 1): ProcWatch {
  const leaks: string[] = [];
  const seen = new Set<string>();
  const self = String(process.pid);
  const scan = () => {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid) || pid === self) continue;
      const cmdline = read(`/proc/${pid}/cmdline`);
      if (cmdline === '') continue;
      const program = cmdline.split('\0')[0]?.split('/').at(-1) ?? '';
      seen.add(program);
      const environ = read(`/proc/${pid}/environ`);
      for (const secret of secrets) {
        if (cmdline.includes(secret) || environ.includes(secret)) leaks.push(`${pid} ${cmdline.split('\0').join(' ')}`);
      }
    }
  };
  const timer = setInterval(scan, intervalMs);
  return {
    leaks,
    seen,
    stop: () => clearInterval(timer),
  };
}
