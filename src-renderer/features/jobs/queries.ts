import { useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { Job, JobDetails, JobProgressEvent, OperationInput } from '../../lib/contract';
import { useTransport } from '../../transport/transport-context';
import { repositoryKeys } from '../repositories/queries';
import { activeJobsOf, applyProgress, isActive, reconcileList, upsertJob } from './job-cache';

/**
 * Under the repositories' keys on purpose: whatever makes repositories stale (`repositories.changed`,
 * also sent after the event stream reconnects and events may have been missed) makes their jobs
 * stale too, through the one listener the repository screen already has.
 */
export const jobKeys = {
  all: [...repositoryKeys.all, 'jobs'] as const,
  /** Every repository's latest jobs: the live panel and the row indicators read this one. */
  recent: () => [...repositoryKeys.all, 'jobs', 'recent'] as const,
  history: (repositoryId: number) => [...repositoryKeys.all, 'jobs', 'history', repositoryId] as const,
  detail: (id: string) => [...repositoryKeys.all, 'jobs', 'detail', id] as const,
};

/** Active jobs are always among the newest; this many leaves room for a long queue. */
const RECENT_LIMIT = 200;
const HISTORY_LIMIT = 50;
/** Events keep the cache current; this slow poll only heals a missed one while jobs run. */
const FALLBACK_POLL_MS = 30_000;
const RUNNING_LOG_POLL_MS = 2_000;

/** Which cached lists a job of this repository belongs in: the recent one and its own history. */
function listsOf(repositoryId: number) {
  return {
    queryKey: jobKeys.all,
    predicate: ({ queryKey }: { queryKey: readonly unknown[] }) => {
      const [kind, id] = queryKey.slice(jobKeys.all.length);
      return kind === 'recent' || (kind === 'history' && id === repositoryId);
    },
  };
}

/** A job as the core reported it (event or answer), into every cached list and its open log. */
function storeJob(queryClient: QueryClient, job: Job): void {
  queryClient.setQueriesData<Job[]>(listsOf(job.repository_id), (list) => (list === undefined ? undefined : upsertJob(list, job)));
  if (queryClient.getQueryData(jobKeys.detail(job.id)) !== undefined) {
    // The summary changed; the log behind it did too.
    void queryClient.invalidateQueries({ queryKey: jobKeys.detail(job.id) }, { cancelRefetch: false });
  }
}

function storeProgress(queryClient: QueryClient, { job_id, repository_id, progress }: JobProgressEvent): void {
  const recent = queryClient.getQueryData<Job[]>(jobKeys.recent());
  if (recent !== undefined && !recent.some((j) => j.id === job_id)) {
    // Progress for a job we never heard of: its jobs.updated was missed, so ask for the list.
    void queryClient.invalidateQueries({ queryKey: jobKeys.recent() }, { cancelRefetch: false });
  }
  queryClient.setQueriesData<Job[]>(listsOf(repository_id), (list) => (list === undefined ? undefined : applyProgress(list, job_id, progress)));
  queryClient.setQueryData<JobDetails>(jobKeys.detail(job_id), (details) =>
    details === undefined || !isActive(details) ? details : { ...details, progress },
  );
}

/**
 * Job events into the cache: `jobs.updated` and `jobs.progress` move the panel, rows and history
 * without polling. Jobs cached from an earlier visit to the screen missed the events sent while
 * it was away, so they are asked for again.
 */
export function useJobEvents(): void {
  const transport = useTransport();
  const queryClient = useQueryClient();
  useEffect(() => {
    const unsubscribe = [
      transport.on('jobs.updated', (job) => storeJob(queryClient, job)),
      transport.on('jobs.progress', (event) => storeProgress(queryClient, event)),
    ];
    if (queryClient.getQueryData(jobKeys.recent()) !== undefined) {
      void queryClient.invalidateQueries({ queryKey: jobKeys.all }, { cancelRefetch: false });
    }
    return () => unsubscribe.forEach((off) => off());
  }, [transport, queryClient]);
}

function useRecentJobs<T>(select: (jobs: Job[]) => T) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: jobKeys.recent(),
    queryFn: async () => {
      const fetched = await transport.call('jobs.list', { limit: RECENT_LIMIT });
      // Read the cache only now: merged with what events brought while the answer was on its way, nothing steps back.
      return reconcileList(queryClient.getQueryData<Job[]>(jobKeys.recent()), fetched);
    },
    select,
    // Rows mount and unmount while scrolling; events keep this fresh, so do not re-ask each time.
    staleTime: FALLBACK_POLL_MS,
    refetchInterval: (query) => (query.state.data?.some(isActive) === true ? FALLBACK_POLL_MS : false),
  });
}

/** Queued and running jobs of every repository, running first. */
export function useActiveJobs() {
  return useRecentJobs(activeJobsOf);
}

function activeJobByRepository(jobs: Job[]): ReadonlyMap<number, Job> {
  const byRepository = new Map<number, Job>();
  // Running first, so a repository maps to its running job, or else the next to run.
  for (const job of activeJobsOf(jobs)) if (!byRepository.has(job.repository_id)) byRepository.set(job.repository_id, job);
  return byRepository;
}

/**
 * Each repository's running (or else next) job, for the list: one cache subscription for all rows
 * rather than one per row. The map is rebuilt only when the jobs change.
 */
export function useActiveJobsByRepository(): ReadonlyMap<number, Job> {
  return useRecentJobs(activeJobByRepository).data ?? NO_JOBS;
}
const NO_JOBS: ReadonlyMap<number, Job> = new Map();

/** The job running (or else next to run) on one repository, or null. */
export function useActiveJob(repositoryId: number): Job | null {
  const select = useCallback((jobs: Job[]) => activeJobsOf(jobs).find((j) => j.repository_id === repositoryId) ?? null, [repositoryId]);
  return useRecentJobs(select).data ?? null;
}

/** One repository's jobs, newest first. */
export function useJobHistory(repositoryId: number, enabled = true) {
  const transport = useTransport();
  const queryClient = useQueryClient();
  const queryKey = jobKeys.history(repositoryId);
  return useQuery({
    queryKey,
    queryFn: async () => {
      const fetched = await transport.call('jobs.list', { repository_id: repositoryId, limit: HISTORY_LIMIT });
      return reconcileList(queryClient.getQueryData<Job[]>(queryKey), fetched);
    },
    enabled,
  });
}

/** A job with its log; re-read every few seconds while it runs, so the log grows on screen. */
export function useJobDetails(id: string | null) {
  const transport = useTransport();
  return useQuery({
    queryKey: jobKeys.detail(id ?? ''),
    queryFn: () => transport.call('jobs.get', { id: id ?? '' }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data !== undefined && isActive(query.state.data) ? RUNNING_LOG_POLL_MS : false),
  });
}

type StartInput = OperationInput<'jobs.start'>;

/**
 * Starts a job; the answer goes into the cache at once, so buttons disable before the event
 * arrives. `onError` is given here rather than to mutate() so it still runs if the row that
 * asked has scrolled out of view meanwhile.
 */
export function useStartJob(onError?: (error: Error, input: StartInput) => void): UseMutationResult<Job, Error, StartInput> {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<Job, Error, StartInput>({
    mutationFn: (input) => transport.call('jobs.start', input),
    onSuccess: (job) => storeJob(queryClient, job),
    onError,
  });
}

export function useCancelJob(): UseMutationResult<Job, Error, string> {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<Job, Error, string>({
    mutationFn: (id) => transport.call('jobs.cancel', { id }),
    onSuccess: (job) => storeJob(queryClient, job),
  });
}
