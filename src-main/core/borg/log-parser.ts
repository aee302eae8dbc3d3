/** One line of `borg --log-json` output on stderr. */
export type BorgLogEntry =
  | { type: 'log_message'; levelname: string; message: string; msgid?: string; name?: string; time?: number }
  | {
      type: 'archive_progress';
      original_size?: number;
      compressed_size?: number;
      deduplicated_size?: number;
      nfiles?: number;
      path?: string;
      finished: boolean;
      time?: number;
    }
  | { type: 'progress_percent'; current?: number; total?: number; message?: string; finished: boolean; msgid?: string; operation?: number }
  | { type: 'progress_message'; message?: string; finished: boolean; msgid?: string; operation?: number }
  | { type: 'file_status'; status: string; path: string }
  | { type: 'question_prompt'; msgid?: string; message?: string }
  | { type: 'text'; message: string };

const MAX_LINE = 1024 * 1024;

/**
 * Splits a byte stream into lines across chunk boundaries and parses each as a borg JSON log
 * entry; non-JSON lines (tracebacks, ssh's own messages) come out as `text` entries.
 */
export class LogLineParser {
  private buffer = '';

  constructor(private readonly onEntry: (entry: BorgLogEntry) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.emitLine(line);
      newline = this.buffer.indexOf('\n');
    }
    // A pathological line without a newline must not grow memory without bound.
    if (this.buffer.length > MAX_LINE) {
      this.emitLine(this.buffer);
      this.buffer = '';
    }
  }

  end(): void {
    if (this.buffer.length > 0) this.emitLine(this.buffer);
    this.buffer = '';
  }

  private emitLine(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (line.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { type?: unknown }).type === 'string') {
          this.onEntry(parsed as BorgLogEntry);
          return;
        }
      } catch {
        // Not JSON after all: fall through to a text entry.
      }
    }
    this.onEntry({ type: 'text', message: line });
  }
}
