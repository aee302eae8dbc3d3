import type { Job, JobKind } from '../contract/jobs';
import type { Repository } from '../contract/repositories';
import { relativeTimeWords } from '../contract/relative-time';

export type TrayOverallState = 'idle' | 'running' | 'error';
export type TrayRepositoryState = 'running' | 'queued' | 'failed' | 'warning' | 'ok' | 'never';

/** What a tray item does when clicked; the app maps it to `jobs.start` / `jobs.cancel`. */
export type TrayJobAction = { kind: 'backup'; repository_id: number } | { kind: 'cancel'; job_id: string };

export interface TrayRepositoryLine {
  repository_id: number;
  name: string;
  state: TrayRepositoryState;
  last_backup: string | null;
  /** "Last backup 5 minutes ago", "Never backed up". */
  last_backup_text: string;
  /** One line for the menu: "Home — 5 minutes ago", "Home — backing up 42%". */
  label: string;
  backup_now: {
    label: string;
    enabled: boolean;
    /** Why it is disabled, for a tooltip; null when enabled. */
    disabled_reason: string | null;
    /** Menu item id, stable across rebuilds. */
    id: string;
    action: TrayJobAction;
  };
}

export interface TrayRunningJob {
  job_id: string;
  repository_id: number;
  repository_name: string;
  kind: JobKind;
  /** 0–100, or null when unknown (a first backup has nothing to measure against). */
  percent: number | null;
  /** "Backing up Home — 42%", "Checking Home". */
  label: string;
  cancel: { label: string; id: string; action: TrayJobAction; enabled: boolean };
}

export interface TrayModel {
  state: TrayOverallState;
  /** For the tray tooltip: "Borg Desk — backing up Home (42%)". */
  tooltip: string;
  running: TrayRunningJob[];
  repositories: TrayRepositoryLine[];
}

const VERB: Record<JobKind, string> = { backup: 'Backing up', check: 'Checking', compact: 'Compacting' };

/** "5 minutes ago", "yesterday", "in 2 hours" (a clock set back); "unknown" for a date that does not parse. */
export function relativeTime(iso: string, now: Date): string {
  const then = new Date(iso).getTime();
  return Number.isNaN(then) ? 'unknown' : relativeTimeWords(then, now.getTime());
}

function percentText(percent: number | null): string {
  return percent === null ? '' : ` — ${Math.floor(percent)}%`;
}

/**
 * The tray's content as plain data: an overall state for the icon (running while any job runs,
 * else error when the latest finished job of any repository failed, else idle), a line and a
 * "Back up now" item per repository, and each running job with a cancel item.
 */
export function trayModel(repositories: readonly Repository[], jobs: readonly Job[], now: Date): TrayModel {
  const byCreation = [...jobs].sort((a, b) => a.created_at.localeCompare(b.created_at));
  const names = new Map(repositories.map((r) => [r.id, r.name]));

  const running: TrayRunningJob[] = byCreation
    .filter((j) => j.state === 'running' && names.has(j.repository_id))
    .map((job) => {
      const name = names.get(job.repository_id) as string;
      const percent = job.progress?.percent ?? null;
      return {
        job_id: job.id,
        repository_id: job.repository_id,
        repository_name: name,
        kind: job.kind,
        percent,
        label: `${VERB[job.kind]} ${name}${percentText(percent)}`,
        cancel: {
          label: job.cancel_requested ? 'Cancelling…' : 'Cancel',
          id: `cancel:${job.id}`,
          action: { kind: 'cancel', job_id: job.id },
          enabled: !job.cancel_requested,
        },
      };
    });

  const lastFailed = new Set<number>();
  const lines: TrayRepositoryLine[] = [...repositories]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((repository) => {
      const own = byCreation.filter((j) => j.repository_id === repository.id);
      const active = own.find((j) => j.state === 'running');
      const queued = own.some((j) => j.state === 'queued');
      const lastFinished = own.filter((j) => j.finished_at !== null && j.state !== 'running' && j.state !== 'queued').at(-1);
      if (lastFinished?.state === 'failed') lastFailed.add(repository.id);
      let state: TrayRepositoryState;
      if (active !== undefined) state = 'running';
      else if (queued) state = 'queued';
      else if (lastFinished?.state === 'failed') state = 'failed';
      else if (lastFinished?.state === 'succeeded_with_warnings') state = 'warning';
      else state = repository.last_backup === null ? 'never' : 'ok';

      const lastBackupText = repository.last_backup === null ? 'Never backed up' : `Last backup ${relativeTime(repository.last_backup, now)}`;
      let detail: string;
      if (active !== undefined) detail = `${VERB[active.kind].toLowerCase()}${percentText(active.progress?.percent ?? null).replace(' — ', ' ')}`;
      else if (queued) detail = 'waiting';
      else if (state === 'failed') detail = `last ${lastFinished?.kind ?? 'job'} failed`;
      else detail = repository.last_backup === null ? 'never backed up' : relativeTime(repository.last_backup, now);

      let disabledReason: string | null = null;
      if (repository.mode === 'observe') disabledReason = 'Observe mode: Borg Desk does not back up to this repository.';
      else if (repository.source_directories.length === 0) disabledReason = 'No source directories set.';
      else if (active !== undefined || queued) disabledReason = 'A job is already running or waiting on this repository.';

      return {
        repository_id: repository.id,
        name: repository.name,
        state,
        last_backup: repository.last_backup,
        last_backup_text: lastBackupText,
        label: `${repository.name} — ${detail}`,
        backup_now: {
          label: 'Back up now',
          enabled: disabledReason === null,
          disabled_reason: disabledReason,
          id: `backup:${repository.id}`,
          action: { kind: 'backup', repository_id: repository.id },
        },
      };
    });

  const failed = lastFailed.size > 0;
  const overall: TrayOverallState = running.length > 0 ? 'running' : failed ? 'error' : 'idle';
  const tooltip =
    running.length > 0
      ? `Borg Desk — ${running.map((r) => `${VERB[r.kind].toLowerCase()} ${r.repository_name}${r.percent === null ? '' : ` (${Math.floor(r.percent)}%)`}`).join(', ')}`
      : failed
        ? `Borg Desk — ${lines.filter((l) => lastFailed.has(l.repository_id)).map((l) => l.name).join(', ')}: last job failed`
        : 'Borg Desk — idle';
  return { state: overall, tooltip, running, repositories: lines };
}
