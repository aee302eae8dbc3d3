import type { BorgLogEntry } from '../borg/log-parser';
import type { JobLogLine } from '../contract/jobs';

export const JOB_LOG_LINES = 500;
const LINE_CHARS = 2000;

/**
 * A job's last lines. Secrets never reach it by design (the passphrase only travels on fd 3); the
 * redaction is a second lock in case a hook or borg echoes one anyway.
 */
export class JobLog {
  private readonly secrets: string[] = [];

  constructor(
    readonly lines: JobLogLine[],
    private readonly now: () => Date,
    private readonly limit = JOB_LOG_LINES,
  ) {}

  /** Text that must never appear in the log (the repository's passphrase). */
  redact(secret: string | null): void {
    if (secret !== null && secret.length >= 4) this.secrets.push(secret);
  }

  add(level: JobLogLine['level'], source: JobLogLine['source'], message: string): void {
    let text = message.length > LINE_CHARS ? `${message.slice(0, LINE_CHARS)}…` : message;
    for (const secret of this.secrets) text = text.split(secret).join('••••');
    this.lines.push({ time: this.now().toISOString(), level, source, message: text });
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }
}

const LEVELS: Record<string, JobLogLine['level']> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'error',
};

/** The log line a borg entry deserves; progress entries go to the progress, not the log. */
export function logLineOf(entry: BorgLogEntry): { level: JobLogLine['level']; message: string } | null {
  switch (entry.type) {
    case 'log_message':
      return { level: LEVELS[entry.levelname] ?? 'info', message: entry.message };
    case 'text':
      return { level: 'info', message: entry.message };
    case 'file_status':
      return { level: 'info', message: `${entry.status} ${entry.path}` };
    case 'question_prompt':
      return { level: 'error', message: `borg asked a question it cannot get an answer to: ${entry.message ?? entry.msgid ?? ''}` };
    default:
      return null;
  }
}
