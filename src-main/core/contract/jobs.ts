import { z } from 'zod';

export const JOB_KINDS = ['backup', 'check', 'compact'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['queued', 'running', 'succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINISHED_JOB_STATES: readonly JobState[] = ['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled'];

/** Where a running job is. Sizes in bytes; null when borg has not said (yet) or it does not apply. */
export interface JobProgress {
  /** borg's current step ("Initializing cache transaction: Reading files", "Checking segments 16.7%"). */
  message: string | null;
  /** Backups: files and bytes read so far, and the file being read. */
  nfiles: number | null;
  original_size: number | null;
  compressed_size: number | null;
  deduplicated_size: number | null;
  path: string | null;
  /** Check/compact: step `current` of `total` within borg's current operation. */
  current: number | null;
  total: number | null;
  /** 0–100. Backups: against the previous successful backup's size (null without one); check/compact: current/total. */
  percent: number | null;
  /** Bytes read per second over the last seconds (backups). */
  rate_bytes_per_second: number | null;
  /** Seconds left, from the rate and the estimate; null when unknown. */
  eta_seconds: number | null;
  /** The size the percentage is measured against (the previous successful backup's original_size). */
  estimated_total_size: number | null;
  updated_at: string;
}

/** What a finished job produced. Sizes in bytes. */
export interface JobResult {
  archive_name: string | null;
  nfiles: number | null;
  original_size: number | null;
  compressed_size: number | null;
  deduplicated_size: number | null;
  duration_seconds: number;
}

export interface JobLogLine {
  time: string;
  level: 'debug' | 'info' | 'warning' | 'error';
  /** borg itself, a pre/post hook script, or Borg Desk. */
  source: 'borg' | 'pre-hook' | 'post-hook' | 'app';
  message: string;
}

/** A job as lists and events carry it (without its log). */
export interface Job {
  id: string;
  repository_id: number;
  kind: JobKind;
  state: JobState;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** True from a cancel request until the job has stopped. */
  cancel_requested: boolean;
  progress: JobProgress | null;
  result: JobResult | null;
  error: { code: string; message: string } | null;
  /** Warnings worth showing: borg's (a missing source), a failed hook that was allowed to fail. */
  warnings: string[];
  log_lines: number;
}

/** A job with its bounded log (the last lines), as `jobs.get` answers. */
export interface JobDetails extends Job {
  log: JobLogLine[];
}

export interface JobProgressEvent {
  job_id: string;
  repository_id: number;
  progress: JobProgress;
}

const repositoryId = z.number({ error: 'repository_id must be a number' }).int().positive();

export const StartJobInput = z.strictObject({
  repository_id: repositoryId,
  kind: z.enum(JOB_KINDS, { error: 'kind must be backup, check or compact' }),
  /** check only: read and verify all data (slow). Off by default. */
  verify_data: z.boolean().optional(),
});

export const ListJobsInput = z
  .strictObject({
    repository_id: repositoryId.optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .optional()
  .default({});

export const JobIdInput = z.strictObject({
  id: z
    .string()
    .min(1, 'id is required')
    .max(100)
    .regex(/^[A-Za-z0-9-]+$/, 'id is not a job id'),
});
