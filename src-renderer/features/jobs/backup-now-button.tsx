import type { Repository } from '../../lib/contract';
import { useCanWrite } from '../auth/role-context';
import { blockedReason } from './availability';
import { JobActionButton } from './job-action-button';
import { useActiveJob, useStartJob } from './queries';
import { useJobsUi } from './ui-store';

/** "Back up now" for a list row; a refusal is shown above the list, since the row has no room. */
export function BackupNowButton({ repository }: { repository: Repository }) {
  const canWrite = useCanWrite();
  const active = useActiveJob(repository.id);
  const setStartFailure = useJobsUi((s) => s.setStartFailure);
  const start = useStartJob((error) => setStartFailure({ repositoryId: repository.id, kind: 'backup', error }));
  if (!canWrite) return null;
  return (
    <JobActionButton
      label="Back up now"
      size="compact-xs"
      variant="light"
      reason={blockedReason(repository, 'backup', active ?? undefined)}
      loading={start.isPending}
      onClick={() => {
        setStartFailure(null);
        start.mutate({ repository_id: repository.id, kind: 'backup' });
      }}
    />
  );
}
