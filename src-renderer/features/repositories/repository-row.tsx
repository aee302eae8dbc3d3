import { memo, type MouseEvent } from 'react';
import type { Job, Repository } from '../../lib/contract';
import { formatDateTime, formatRelativeTime } from '../../lib/relative-time';
import { BackupNowButton } from '../jobs/backup-now-button';
import { JobRowStatus } from '../jobs/job-row-status';
import { formatLocation } from './location';
import classes from './repository-row.module.css';

/** The row height the virtualiser counts with; the row's class sets the same. */
export const ROW_HEIGHT = 56;

interface RepositoryRowProps {
  repository: Repository;
  selected: boolean;
  /** One clock for the whole list, so every row says "2 hours ago" against the same now. */
  now: number;
  /** The running (or else next) job on this repository. */
  job: Job | null;
  /** Starts a backup; null for a viewer, who gets no job buttons. */
  startBackup: ((repositoryId: number) => void) | null;
  /** A backup start for this row is on its way to the core. */
  starting: boolean;
  onOpen: (id: number) => void;
  /** Where the virtualiser puts the row, in px from the top of the rows. */
  offset: number;
}

/**
 * The full date of the last backup is shown on hover, and only built then: the first
 * Intl.DateTimeFormat of a page costs more than the whole row.
 */
function showFullDate(iso: string | null) {
  return (event: MouseEvent<HTMLElement>): void => {
    if (event.currentTarget.title === '') event.currentTarget.title = formatDateTime(iso);
  };
}

/** One repository in the list; re-rendered only when its own props change. */
export const RepositoryRow = memo(function RepositoryRow({ repository: repo, selected, now, job, startBackup, starting, onOpen, offset }: RepositoryRowProps) {
  const location = formatLocation(repo);
  const error = repo.last_refresh_error;
  return (
    <div
      role="row"
      data-testid="repo-row"
      data-repository-id={repo.id}
      data-status={error === null ? 'ok' : 'error'}
      data-selected={selected}
      className={`${classes.grid} ${classes.row}`}
      style={{ transform: `translateY(${offset}px)` }}
      onClick={() => onOpen(repo.id)}
    >
      <div role="cell" className={classes.cell}>
        {/* The name is the keyboard way in; the whole row is the mouse way in. */}
        <button
          type="button"
          className={classes.name}
          title={repo.name}
          onClick={(event) => {
            event.stopPropagation();
            onOpen(repo.id);
          }}
        >
          {repo.name}
        </button>
        {error !== null && (
          <span className={`${classes.xs} ${classes.error}`} title={error.message} data-testid="repo-row-error">
            Status check failed: {error.message}
          </span>
        )}
      </div>
      <div role="cell" className={classes.cell} title={repo.path}>
        <span className={classes.sm}>{location.primary}</span>
        {location.secondary !== null && <span className={`${classes.xs} ${classes.dimmed}`}>{location.secondary}</span>}
      </div>
      <div role="cell" className={`${classes.cell} ${classes.sm}`}>
        {repo.encryption}
      </div>
      <div role="cell" className={`${classes.cell} ${classes.sm}`} onMouseEnter={showFullDate(repo.last_backup)}>
        {formatRelativeTime(repo.last_backup, now)}
      </div>
      <div role="cell" className={`${classes.cell} ${classes.sm} ${classes.end}`} data-testid="repo-archive-count">
        {repo.archive_count}
      </div>
      <div
        role="cell"
        className={`${classes.cell} ${classes.sm} ${classes.end}`}
        title={repo.total_size_bytes === null ? undefined : `${repo.total_size_bytes} bytes`}
      >
        {repo.total_size ?? '—'}
      </div>
      <div role="cell" className={classes.cell}>
        <span className={classes.badge} data-mode={repo.mode}>
          {repo.mode}
        </span>
      </div>
      {/* Jobs: Back up now, and what is running on it (no header: the button says what it is). */}
      <div role="cell" className={`${classes.cell} ${classes.jobs}`}>
        {startBackup !== null && <BackupNowButton repository={repo} active={job} starting={starting} onStart={startBackup} />}
        <JobRowStatus job={job} />
      </div>
    </div>
  );
});
