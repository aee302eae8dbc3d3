import type { MantineColor } from '@mantine/core';
import type { Job, JobKind, JobLogLine, JobState } from '../../lib/contract';
import { formatBytes } from '../../lib/format';

export const KIND_LABEL: Record<JobKind, string> = { backup: 'Backup', check: 'Check', compact: 'Compaction' };
export const KIND_VERB: Record<JobKind, string> = { backup: 'Backing up', check: 'Checking', compact: 'Compacting' };
const KIND_WAITING: Record<JobKind, string> = { backup: 'Waiting to back up', check: 'Waiting to check', compact: 'Waiting to compact' };

export const STATE_LABEL: Record<JobState, string> = {
  queued: 'Waiting',
  running: 'Running',
  succeeded: 'Succeeded',
  succeeded_with_warnings: 'Succeeded with warnings',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const STATE_COLOR: Record<JobState, MantineColor> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  succeeded_with_warnings: 'yellow',
  failed: 'red',
  cancelled: 'gray',
};

export const LEVEL_COLOR: Record<JobLogLine['level'], MantineColor> = { debug: 'dimmed', info: 'blue', warning: 'yellow.8', error: 'red' };

/** "Backing up 42%", "Checking…", "Waiting to compact": a job in a few words. */
export function jobStatusText(job: Job): string {
  if (job.state === 'queued') return KIND_WAITING[job.kind];
  const percent = job.progress?.percent ?? null;
  return percent === null ? `${KIND_VERB[job.kind]}…` : `${KIND_VERB[job.kind]} ${Math.floor(percent)}%`;
}

/** "45 s", "3 min 20 s", "2 h 05 min": a span of time, coarser as it grows. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long a job ran: borg's own figure when finished, else from its timestamps. */
export function jobDuration(job: Job, now: number = Date.now()): number | null {
  if (job.result !== null) return job.result.duration_seconds;
  if (job.started_at === null) return null;
  const end = job.finished_at === null ? now : Date.parse(job.finished_at);
  const start = Date.parse(job.started_at);
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000);
}

export function formatEta(seconds: number | null): string | null {
  return seconds === null ? null : `about ${formatDuration(seconds)} left`;
}

export function formatRate(bytesPerSecond: number | null): string | null {
  return bytesPerSecond === null ? null : `${formatBytes(bytesPerSecond)}/s`;
}

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat().format(n);
}

/** Keeps both ends of a long path, which say the most: "/home/me/…/photos/2024/img.jpg". */
export function truncateMiddle(text: string, max = 80): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 3);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

export function formatLogTime(iso: string, locale?: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(time);
}
