import type { Job, JobKind, Repository } from '../../lib/contract';
import { KIND_LABEL } from './format';

/**
 * Why a job cannot be started now, or null when it can. The core refuses the same cases; saying
 * so up front spares a round trip and an error.
 */
export function blockedReason(repository: Repository, kind: JobKind, active: Job | undefined): string | null {
  if (repository.mode === 'observe' && kind === 'backup') return 'Observe mode: Borg Desk only reads this repository and does not back up to it.';
  if (repository.mode === 'observe' && kind === 'compact') return 'Observe mode: Borg Desk does not compact this repository.';
  if (kind === 'backup' && repository.source_directories.length === 0) return 'No source directories are set. Add some with Edit first.';
  if (active !== undefined) {
    const what = KIND_LABEL[active.kind].toLowerCase();
    return active.state === 'queued' ? `A ${what} is waiting to run on this repository.` : `A ${what} is running on this repository.`;
  }
  return null;
}
