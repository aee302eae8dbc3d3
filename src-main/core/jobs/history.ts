import { FINISHED_JOB_STATES, JOB_KINDS, JOB_STATES, type JobDetails } from '../contract/jobs';
import type { KeyValueStore, StoreOptions } from '../store/types';

/** Finished jobs kept per repository; queued and running ones are never dropped. */
export const JOB_HISTORY_PER_REPOSITORY = 50;

export const JOB_STORE: StoreOptions = {
  configName: 'jobs',
  projectVersion: '1.0.0',
  defaults: { jobs: [] },
  migrations: {
    '1.0.0': (store) => {
      if (!Array.isArray(store.get('jobs'))) store.set('jobs', []);
    },
  },
};

function looksLikeJob(value: unknown): value is JobDetails {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<JobDetails>;
  return (
    typeof v.id === 'string' &&
    typeof v.repository_id === 'number' &&
    typeof v.created_at === 'string' &&
    (JOB_KINDS as readonly unknown[]).includes(v.kind) &&
    (JOB_STATES as readonly unknown[]).includes(v.state)
  );
}

/** The job history over conf / electron-store, oldest first. */
export class JobHistory {
  constructor(private readonly kv: KeyValueStore) {}

  load(): JobDetails[] {
    const value = this.kv.get('jobs');
    if (!Array.isArray(value)) return [];
    return value.filter(looksLikeJob).map((job) => ({
      ...job,
      cancel_requested: job.cancel_requested === true,
      warnings: Array.isArray(job.warnings) ? job.warnings : [],
      log: Array.isArray(job.log) ? job.log : [],
      log_lines: Array.isArray(job.log) ? job.log.length : 0,
    }));
  }

  save(jobs: readonly JobDetails[]): void {
    this.kv.set('jobs', jobs);
  }
}

/** Keeps the newest `keep` finished jobs of each repository (and every unfinished one), in order. */
export function trimHistory(jobs: readonly JobDetails[], keep = JOB_HISTORY_PER_REPOSITORY): JobDetails[] {
  const finishedSeen = new Map<number, number>();
  const kept: JobDetails[] = [];
  for (let i = jobs.length - 1; i >= 0; i--) {
    const job = jobs[i] as JobDetails;
    if (FINISHED_JOB_STATES.includes(job.state)) {
      const seen = finishedSeen.get(job.repository_id) ?? 0;
      if (seen >= keep) continue;
      finishedSeen.set(job.repository_id, seen + 1);
    }
    kept.push(job);
  }
  return kept.reverse();
}
