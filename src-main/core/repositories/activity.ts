import { AppError } from '../errors';

export type ActivityKind = 'backup' | 'check' | 'compact' | 'maintenance' | 'edit';

/**
 * Which repositories have work running. Writers take a repository exclusively; the repository
 * service refuses to delete or move a repository while anything runs on it.
 */
export class RepositoryActivity {
  private readonly running = new Map<number, Set<ActivityKind>>();

  isBusy(id: number): boolean {
    return (this.running.get(id)?.size ?? 0) > 0;
  }

  hasMaintenance(id: number): boolean {
    const kinds = this.running.get(id);
    return kinds !== undefined && (kinds.has('check') || kinds.has('compact') || kinds.has('maintenance'));
  }

  begin(id: number, kind: ActivityKind): () => void {
    const kinds = this.running.get(id) ?? new Set<ActivityKind>();
    kinds.add(kind);
    this.running.set(id, kinds);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      kinds.delete(kind);
      if (kinds.size === 0) this.running.delete(id);
    };
  }

  assertIdle(id: number, action: string): void {
    if (this.isBusy(id)) {
      throw new AppError('JOB_RUNNING', `A job is running on this repository; ${action} when it has finished or cancel it.`, {
        repository_id: id,
      });
    }
  }
}
