import type { BorgLogEntry } from '../borg/log-parser';
import type { JobKind, JobProgress } from '../contract/jobs';

/** How far back the rate looks: long enough to smooth bursts, short enough to follow changes. */
const RATE_WINDOW_MS = 10_000;
const MIN_RATE_SPAN_MS = 500;

interface Sample {
  at: number;
  bytes: number;
}

/**
 * Turns borg's progress entries into a job's progress: sizes, rate, and for backups a percentage
 * and time left measured against the previous successful backup's size.
 */
export class ProgressTracker {
  private progress: JobProgress;
  private samples: Sample[] = [];

  constructor(
    private readonly kind: JobKind,
    /** The previous successful backup's original_size, if any. */
    private readonly estimate: number | null,
    private readonly now: () => Date,
  ) {
    this.progress = {
      message: null,
      nfiles: null,
      original_size: null,
      compressed_size: null,
      deduplicated_size: null,
      path: null,
      current: null,
      total: null,
      percent: kind === 'backup' && estimate !== null && estimate > 0 ? 0 : null,
      rate_bytes_per_second: null,
      eta_seconds: null,
      estimated_total_size: kind === 'backup' && estimate !== null && estimate > 0 ? estimate : null,
      updated_at: now().toISOString(),
    };
  }

  snapshot(): JobProgress {
    return { ...this.progress };
  }

  /** Applies one entry; true when the progress changed. */
  update(entry: BorgLogEntry): boolean {
    const at = entry.type !== 'text' && 'time' in entry && typeof entry.time === 'number' ? entry.time * 1000 : this.now().getTime();
    switch (entry.type) {
      case 'archive_progress': {
        if (entry.finished || entry.original_size === undefined) return false;
        const p = this.progress;
        p.nfiles = entry.nfiles ?? p.nfiles;
        p.original_size = entry.original_size;
        p.compressed_size = entry.compressed_size ?? p.compressed_size;
        p.deduplicated_size = entry.deduplicated_size ?? p.deduplicated_size;
        p.path = entry.path ?? p.path;
        p.message = null;
        this.sample(at, entry.original_size);
        this.derive();
        break;
      }
      case 'progress_percent': {
        const p = this.progress;
        if (entry.finished) {
          // That step is over; the next one (or the archiving) brings its own message.
          if (p.message === null) return false;
          p.message = null;
          break;
        }
        p.message = entry.message ?? p.message;
        p.current = entry.current ?? null;
        p.total = entry.total ?? null;
        // borg counts the step it is about to do; its own message shows (current - 1) / total.
        if (this.kind !== 'backup' && p.current !== null && p.total !== null && p.total > 0) {
          p.percent = round1(Math.min(100, (Math.max(0, p.current - 1) / p.total) * 100));
        }
        break;
      }
      case 'progress_message': {
        if (entry.finished) {
          if (this.progress.message === null) return false;
          this.progress.message = null;
          break;
        }
        if (entry.message === undefined) return false;
        this.progress.message = entry.message;
        break;
      }
      default:
        return false;
    }
    this.progress.updated_at = this.now().toISOString();
    return true;
  }

  /** The final progress of a job that completed: 100% and nothing left. */
  complete(): JobProgress {
    const p = this.progress;
    if (p.percent !== null || this.kind !== 'backup') p.percent = 100;
    p.eta_seconds = 0;
    p.updated_at = this.now().toISOString();
    return this.snapshot();
  }

  private sample(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - (this.samples[0] as Sample).at > RATE_WINDOW_MS) this.samples.shift();
  }

  private derive(): void {
    const p = this.progress;
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (first !== undefined && last !== undefined && last.at - first.at >= MIN_RATE_SPAN_MS) {
      p.rate_bytes_per_second = Math.max(0, Math.round(((last.bytes - first.bytes) * 1000) / (last.at - first.at)));
    }
    const estimate = p.estimated_total_size;
    if (estimate === null || p.original_size === null) return;
    // Never claim 100% before borg says it is done: the tree may have grown since last time.
    p.percent = round1(Math.min(99, (p.original_size / estimate) * 100));
    const left = estimate - p.original_size;
    p.eta_seconds = left > 0 && p.rate_bytes_per_second !== null && p.rate_bytes_per_second > 0 ? Math.ceil(left / p.rate_bytes_per_second) : null;
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Calls `emit` at most once per `intervalMs`, always delivering the latest value last. */
export class Throttle {
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: () => void,
  ) {}

  request(): void {
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Drops a pending emission (the job is over; its final state goes out as jobs.updated). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    this.last = Date.now();
    this.emit();
  }
}
