/**
 * How the cached job lists absorb what arrives: list answers, start/cancel answers, and
 * `jobs.updated` / `jobs.progress` events. These can arrive in any order (a list fetched before
 * a job finished may land after its `jobs.updated`), so a job never moves backwards: queued,
 * then running, then finished.
 */
import type { Job, JobProgress, JobState } from '../../lib/contract';

const FINISHED: ReadonlySet<JobState> = new Set(['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled']);

export function isFinished(state: JobState): boolean {
  return FINISHED.has(state);
}

export function isActive(job: Job): boolean {
  return !isFinished(job.state);
}

function stage(state: JobState): number {
  if (state === 'queued') return 0;
  if (state === 'running') return 1;
  return 2;
}

function laterProgress(a: JobProgress | null, b: JobProgress | null): JobProgress | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b.updated_at) >= Date.parse(a.updated_at) ? b : a;
}

/** The newer of two versions of one job: the later stage wins; within a stage, the incoming one, keeping the freshest progress and any cancel request. */
export function mergeJob(current: Job, incoming: Job): Job {
  if (stage(incoming.state) < stage(current.state)) return current;
  if (stage(incoming.state) > stage(current.state)) return incoming;
  return {
    ...incoming,
    cancel_requested: incoming.cancel_requested || (current.cancel_requested && !isFinished(incoming.state)),
    progress: isFinished(incoming.state) ? incoming.progress : laterProgress(current.progress, incoming.progress),
  };
}

function newestFirst(a: Job, b: Job): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at);
}

/** One job into a newest-first list: merged if it is there, added in order if not. */
export function upsertJob(list: readonly Job[], job: Job): Job[] {
  const index = list.findIndex((j) => j.id === job.id);
  if (index === -1) return [...list, job].sort(newestFirst);
  const merged = mergeJob(list[index] as Job, job);
  if (merged === list[index]) return list as Job[];
  const next = [...list];
  next[index] = merged;
  return next;
}

/**
 * A fresh list answer against what the cache already knows. The answer decides which jobs are
 * listed, except that an active job it lacks (started while it was on its way) is kept.
 */
export function reconcileList(cached: readonly Job[] | undefined, fetched: readonly Job[]): Job[] {
  if (cached === undefined) return [...fetched];
  const byId = new Map(cached.map((j) => [j.id, j]));
  const fetchedIds = new Set(fetched.map((j) => j.id));
  const merged = fetched.map((job) => {
    const known = byId.get(job.id);
    return known === undefined ? job : mergeJob(known, job);
  });
  const missing = cached.filter((j) => isActive(j) && !fetchedIds.has(j.id));
  return [...merged, ...missing].sort(newestFirst);
}

/** A progress event on a list; late events for a job that has finished are dropped. */
export function applyProgress(list: readonly Job[], jobId: string, progress: JobProgress): Job[] {
  const index = list.findIndex((j) => j.id === jobId);
  const job = list[index];
  if (job === undefined || isFinished(job.state)) return list as Job[];
  if (job.progress !== null && Date.parse(job.progress.updated_at) > Date.parse(progress.updated_at)) return list as Job[];
  const next = [...list];
  next[index] = { ...job, progress };
  return next;
}

/** Running first, then waiting ones in the order they will start. */
export function activeJobsOf(list: readonly Job[]): Job[] {
  return list
    .filter(isActive)
    .sort((a, b) => stage(b.state) - stage(a.state) || Date.parse(a.created_at) - Date.parse(b.created_at));
}
