import type { Job, Repository } from '../../lib/contract';
import { blockedReason } from './availability';
import { JobActionButton } from './job-action-button';

interface BackupNowButtonProps {
  repository: Repository;
  /** The job on this repository, if any: a running or waiting job blocks another. */
  active: Job | null;
  starting: boolean;
  onStart: (repositoryId: number) => void;
}

/**
 * "Back up now" for a list row. The list owns the job state and the start (one subscription for
 * all rows); a refusal is shown above the list, since the row has no room.
 */
export function BackupNowButton({ repository, active, starting, onStart }: BackupNowButtonProps) {
  return (
    <JobActionButton
      label="Back up now"
      size="compact-xs"
      variant="light"
      reason={blockedReason(repository, 'backup', active ?? undefined)}
      loading={starting}
      onClick={() => onStart(repository.id)}
    />
  );
}
