import { randomUUID } from 'node:crypto';
import type { BorgLogEntry } from '../borg/log-parser';
import type { BorgRunner } from '../borg/runner';
import { FINISHED_JOB_STATES, type Job, type JobDetails, type JobKind, type JobResult, type JobState } from '../contract/jobs';
import { AppError, toErrorInfo } from '../errors';
import type { EventBus } from '../events/emitter';
import type { RepositoryActivity } from '../repositories/activity';
import type { StoredRepository } from '../repositories/records';
import type { RepositoryService } from '../repositories/service';
import { checkArgs, compactArgs, createArgs, DEFAULT_ARCHIVE_TEMPLATE, parseCreateOutput, type CreateStats } from './commands';
import { trimHistory, type JobHistory } from './history';
import { describeHookFailure, hookEnvironment, runHook } from './hooks';
import { JobLog, logLineOf } from './log';
import { ProgressTracker, Throttle } from './progress';

export interface JobServiceDeps {
  repositories: Pick<RepositoryService, 'record' | 'passphraseOf' | 'target' | 'refreshOne' | 'markJobResult'>;
  activity: RepositoryActivity;
  runner: BorgRunner;
  events: EventBus;
  history: JobHistory;
  /** The parent environment; hooks get only PATH, HOME and LANG from it. */
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Jobs on different repositories running at once. */
  maxParallel?: number;
  archiveTemplate?: string;
  /** Minimum time between two progress events of one job. */
  progressIntervalMs?: number;
  /** After SIGTERM to a hook's group, how long before SIGKILL. */
  hookKillGraceMs?: number;
  newId?: () => string;
}

export interface StartJob {
  repository_id: number;
  kind: JobKind;
  verify_data?: boolean;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/** Queued plus running jobs one repository may have; more is a runaway script, not a person. */
const MAX_PENDING_PER_REPOSITORY = 20;
const MAX_WARNINGS = 20;

const isFinished = (state: JobState) => FINISHED_JOB_STATES.includes(state);

function summary(job: JobDetails): Job {
  const { log, ...rest } = job;
  return { ...rest, log_lines: log.length };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Backups, checks and compactions: one writing job per repository at a time (a FIFO queue per
 * repository), a few repositories in parallel, history kept across restarts, and a cancel that
 * stops one job's whole process group.
 */
export class JobService {
  private readonly jobs = new Map<string, JobDetails>();
  private readonly running = new Map<string, Running>();
  /** When each repository's last `borg create` ended, so the next archive name ({now}) differs. */
  private readonly lastCreateEnd = new Map<number, number>();
  private readonly closing = new AbortController();
  /** Per-job options that are not part of the Job record. */
  private readonly options = new Map<string, { verifyData: boolean }>();
  private readonly now: () => Date;
  private readonly maxParallel: number;
  private closed = false;

  constructor(private readonly deps: JobServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.maxParallel = deps.maxParallel ?? 2;
    const at = this.now().toISOString();
    let interrupted = false;
    for (const job of deps.history.load()) {
      if (!isFinished(job.state)) {
        interrupted = true;
        job.state = 'failed';
        job.finished_at = at;
        job.error = { code: 'CANCELLED', message: 'Interrupted by a restart of Borg Desk before it finished.' };
        job.log.push({ time: at, level: 'error', source: 'app', message: 'Interrupted by restart.' });
      }
      this.jobs.set(job.id, job);
    }
    if (interrupted) this.persist();
  }

  /** Queues a job; it starts as soon as its repository and a slot are free. */
  start(input: StartJob): Job {
    if (this.closed) throw new AppError('CONFLICT', 'Borg Desk is shutting down; no new jobs start.');
    const record = this.deps.repositories.record(input.repository_id);
    this.assertAllowed(record, input.kind);
    const pending = [...this.jobs.values()].filter((j) => j.repository_id === record.id && !isFinished(j.state)).length;
    if (pending >= MAX_PENDING_PER_REPOSITORY) {
      throw new AppError('JOB_RUNNING', `This repository already has ${pending} jobs waiting; cancel some or wait for them.`, { repository_id: record.id });
    }
    const job: JobDetails = {
      id: this.deps.newId?.() ?? randomUUID(),
      repository_id: record.id,
      kind: input.kind,
      state: 'queued',
      created_at: this.now().toISOString(),
      started_at: null,
      finished_at: null,
      cancel_requested: false,
      progress: null,
      result: null,
      error: null,
      warnings: [],
      log: [],
      log_lines: 0,
    };
    if (input.kind === 'check' && input.verify_data === true) this.options.set(job.id, { verifyData: true });
    this.jobs.set(job.id, job);
    this.persist();
    this.updated(job);
    this.pump();
    return summary(job);
  }

  /** Newest first. */
  list(filter: { repository_id?: number; limit?: number } = {}): Job[] {
    const all = [...this.jobs.values()].filter((j) => filter.repository_id === undefined || j.repository_id === filter.repository_id);
    return all.reverse().slice(0, filter.limit ?? 100).map(summary);
  }

  get(id: string): JobDetails {
    const job = this.jobs.get(id);
    if (job === undefined) throw new AppError('NOT_FOUND', `Job ${id} does not exist.`, { id });
    return { ...job, log: [...job.log], log_lines: job.log.length };
  }

  /**
   * Cancels one job: a queued one never starts; a running one gets SIGINT (borg writes a
   * checkpoint and releases its lock), then SIGTERM and SIGKILL to its process group. Answers at
   * once; `jobs.updated` says when it has stopped. A finished job is returned unchanged.
   */
  cancel(id: string): Job {
    const job = this.jobs.get(id);
    if (job === undefined) throw new AppError('NOT_FOUND', `Job ${id} does not exist.`, { id });
    if (job.state === 'queued') {
      job.state = 'cancelled';
      job.finished_at = this.now().toISOString();
      job.error = { code: 'CANCELLED', message: 'Cancelled before it started.' };
      this.options.delete(job.id);
      this.persist();
      this.updated(job);
    } else if (job.state === 'running' && !job.cancel_requested) {
      job.cancel_requested = true;
      this.running.get(id)?.controller.abort();
      this.updated(job);
    }
    return summary(job);
  }

  /** Stops everything for shutdown: queued jobs are cancelled, running ones stopped and awaited. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.jobs.values()) {
      if (job.state === 'queued') {
        job.state = 'cancelled';
        job.finished_at = this.now().toISOString();
        job.error = { code: 'CANCELLED', message: 'Cancelled because Borg Desk was closing.' };
        this.updated(job);
      }
    }
    for (const [id, run] of this.running) {
      const job = this.jobs.get(id);
      if (job !== undefined) job.cancel_requested = true;
      run.controller.abort();
    }
    this.closing.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
    this.persist();
  }

  private assertAllowed(record: StoredRepository, kind: JobKind): void {
    if (record.mode === 'observe' && kind !== 'check') {
      throw new AppError(
        'OBSERVE_MODE',
        kind === 'backup'
          ? 'This repository is in observe mode: Borg Desk only reads it and does not back up to it.'
          : 'This repository is in observe mode: Borg Desk does not compact it.',
        { repository_id: record.id },
      );
    }
    if (kind === 'backup' && record.source_directories.length === 0) {
      throw new AppError('VALIDATION', 'This repository has no source directories to back up.', { field: 'source_directories' });
    }
  }

  /** Resolves when a job's follow-up (status refresh, last_check/last_compact) is done too. */
  settled(id: string): Promise<void> {
    return this.running.get(id)?.done ?? Promise.resolve();
  }

  private pump(): void {
    if (this.closed) return;
    const busy = new Set([...this.running.keys()].map((id) => this.jobs.get(id)?.repository_id));
    for (const job of this.jobs.values()) {
      if (this.running.size >= this.maxParallel) break;
      if (job.state !== 'queued' || busy.has(job.repository_id)) continue;
      busy.add(job.repository_id);
      this.launch(job);
    }
  }

  private launch(job: JobDetails): void {
    const controller = new AbortController();
    job.state = 'running';
    job.started_at = this.now().toISOString();
    const run: Running = { controller, done: Promise.resolve() };
    this.running.set(job.id, run);
    // Busy (and, for check/compact, has_running_maintenance) from the moment it is reported running.
    const endActivity = this.deps.activity.begin(job.repository_id, job.kind);
    this.persist();
    this.updated(job);
    this.changed(job.repository_id);
    run.done = this.execute(job, controller.signal, endActivity)
      .catch((error: unknown) => {
        // execute settles the job itself; this is a last resort so the queue never stalls.
        if (!isFinished(job.state)) {
          job.state = 'failed';
          job.finished_at = this.now().toISOString();
          job.error = toErrorInfo(error);
          this.persist();
          this.updated(job);
        }
      })
      .finally(() => {
        endActivity();
        this.running.delete(job.id);
        this.options.delete(job.id);
        this.pump();
      });
  }

  private async execute(job: JobDetails, signal: AbortSignal, endActivity: () => void): Promise<void> {
    const log = new JobLog(job.log, this.now);
    const warnings: string[] = [];
    const warn = (message: string) => {
      if (warnings.length < MAX_WARNINGS && !warnings.includes(message)) warnings.push(message);
    };
    const progress = new ProgressTracker(job.kind, job.kind === 'backup' ? this.estimateFor(job) : null, this.now);
    const throttle = new Throttle(this.deps.progressIntervalMs ?? 200, () => {
      if (job.progress !== null && job.state === 'running') {
        this.deps.events.emit('jobs.progress', { job_id: job.id, repository_id: job.repository_id, progress: job.progress });
      }
    });
    job.progress = progress.snapshot();
    const onLog = (entry: BorgLogEntry) => {
      if (progress.update(entry)) {
        job.progress = progress.snapshot();
        throttle.request();
        return;
      }
      const line = logLineOf(entry);
      if (line === null) return;
      log.add(line.level, 'borg', line.message);
      if (line.level === 'warning') warn(line.message);
    };

    const startedMs = Date.now();
    let record: StoredRepository | null = null;
    let borgStarted = false;
    let state: JobState = 'succeeded';
    let error: { code: string; message: string } | null = null;
    let stats: CreateStats | null = null;

    try {
      record = this.deps.repositories.record(job.repository_id);
      this.assertAllowed(record, job.kind);
      const passphrase = await this.deps.repositories.passphraseOf(record.id);
      log.redact(passphrase);
      const target = await this.deps.repositories.target(record, false);

      if (job.kind === 'backup') {
        const args = createArgs(record, target, this.deps.archiveTemplate ?? record.archive_name_template ?? DEFAULT_ARCHIVE_TEMPLATE);
        await this.preHook(job, record, log, warn, signal);
        await this.distinctSecond(record.id, signal);
        if (signal.aborted) throw new AppError('CANCELLED', 'The operation was cancelled.');
        log.add('info', 'app', `Running borg ${args.join(' ')}`);
        borgStarted = true;
        try {
          const result = await this.deps.runner.run({ args, env: target.env, passphrase, signal, onLog, keepLogs: 200 });
          stats = parseCreateOutput(result.stdout);
          if (result.warnings) {
            state = 'succeeded_with_warnings';
            if (warnings.length === 0) warn('borg finished with warnings.');
          }
        } finally {
          this.lastCreateEnd.set(record.id, Date.now());
        }
      } else {
        const args = job.kind === 'check' ? checkArgs(target, this.options.get(job.id)?.verifyData === true) : compactArgs(target);
        log.add('info', 'app', `Running borg ${args.join(' ')}`);
        borgStarted = true;
        const result = await this.deps.runner.run({ args, env: target.env, passphrase, signal, onLog, keepLogs: 200 });
        if (result.warnings) {
          if (job.kind === 'check') {
            // borg check exits 1 exactly when it found problems.
            state = 'failed';
            error = { code: 'BORG_FAILED', message: 'borg check found problems in this repository; see the job log.' };
          } else {
            state = 'succeeded_with_warnings';
            if (warnings.length === 0) warn('borg finished with warnings.');
          }
        }
      }
    } catch (caught) {
      const info = toErrorInfo(caught);
      if (signal.aborted || info.code === 'CANCELLED') {
        state = 'cancelled';
        error = { code: 'CANCELLED', message: 'Cancelled.' };
      } else {
        state = 'failed';
        error = { code: info.code, message: info.message };
        if (caught instanceof AppError || info.code !== 'INTERNAL') log.add('error', 'app', info.message);
        else log.add('error', 'app', `Unexpected error: ${(caught as Error)?.message ?? String(caught)}`);
      }
    }
    throttle.cancel();
    if (state === 'succeeded' && warnings.length > 0) state = 'succeeded_with_warnings';

    if (job.kind === 'backup' && borgStarted && record !== null) {
      const hookWarning = await this.postHook(job, record, log, state, stats?.archive_name ?? null);
      if (hookWarning !== null) {
        warn(hookWarning);
        if (state === 'succeeded') state = 'succeeded_with_warnings';
      }
    }

    endActivity();
    const finishedAt = this.now().toISOString();

    const ok = state === 'succeeded' || state === 'succeeded_with_warnings';
    const result: JobResult | null = borgStarted
      ? {
          archive_name: stats?.archive_name ?? null,
          nfiles: stats?.nfiles ?? null,
          original_size: stats?.original_size ?? null,
          compressed_size: stats?.compressed_size ?? null,
          deduplicated_size: stats?.deduplicated_size ?? null,
          duration_seconds: stats?.duration_seconds ?? Math.round((Date.now() - startedMs) / 100) / 10,
        }
      : null;
    job.progress = ok ? progress.complete() : progress.snapshot();
    job.result = result;
    job.error = error;
    job.warnings = warnings;
    job.state = state;
    job.finished_at = finishedAt;
    log.add(ok ? 'info' : state === 'cancelled' ? 'warning' : 'error', 'app', `Job ${state.replace(/_/g, ' ')}.`);
    this.persist();
    // The outcome is known when borg exits: say so at once, then refresh the repository's status
    // (still inside this repository's queue slot, so the next job never races the refresh).
    this.updated(job);
    if (record !== null) {
      await this.afterJob(job.kind, record.id, borgStarted, state, finishedAt, log);
      this.persist();
    }
  }

  /** Runs the pre-backup script; throws to stop the backup unless failures may continue. */
  private async preHook(job: JobDetails, record: StoredRepository, log: JobLog, warn: (m: string) => void, signal: AbortSignal): Promise<void> {
    const script = record.pre_backup_script;
    if (script === null || script.trim() === '') return;
    log.add('info', 'app', 'Running the pre-backup script.');
    const outcome = await runHook({
      script,
      timeoutMs: record.pre_hook_timeout * 1000,
      env: hookEnvironment(this.deps.env, this.hookVariables(job, record, 'pre')),
      signal,
      killGraceMs: this.deps.hookKillGraceMs,
      onLine: (line, stream) => log.add(stream === 'stderr' ? 'warning' : 'info', 'pre-hook', line),
    });
    if (outcome.ok) return;
    if (outcome.reason === 'cancelled') throw new AppError('CANCELLED', 'The operation was cancelled.');
    const message = describeHookFailure('pre', outcome, record.pre_hook_timeout);
    if (!record.continue_on_hook_failure) {
      throw new AppError('HOOK_FAILED', `${message} The backup did not run.`, {
        hook: 'pre',
        reason: outcome.reason,
        exit_code: outcome.reason === 'exit' ? outcome.exitCode : null,
      });
    }
    log.add('warning', 'app', `${message} Continuing, as continue_on_hook_failure is set.`);
    warn(`${message} The backup ran anyway.`);
  }

  /** Runs the post-backup script with the outcome; answers a warning when it failed. */
  private async postHook(job: JobDetails, record: StoredRepository, log: JobLog, outcome: JobState, archive: string | null): Promise<string | null> {
    const script = record.post_backup_script;
    if (script === null || script.trim() === '') return null;
    log.add('info', 'app', `Running the post-backup script (outcome: ${outcome}).`);
    const own = this.hookVariables(job, record, 'post');
    own.BORG_DESK_OUTCOME = outcome;
    if (archive !== null) own.BORG_DESK_ARCHIVE_NAME = archive;
    const result = await runHook({
      script,
      timeoutMs: record.post_hook_timeout * 1000,
      env: hookEnvironment(this.deps.env, own),
      // A cancel stops the backup, not the clean-up after it; only shutdown stops this.
      signal: this.closing.signal,
      killGraceMs: this.deps.hookKillGraceMs,
      onLine: (line, stream) => log.add(stream === 'stderr' ? 'warning' : 'info', 'post-hook', line),
    });
    if (result.ok) return null;
    const message = describeHookFailure('post', result, record.post_hook_timeout);
    log.add('warning', 'app', message);
    return message;
  }

  private hookVariables(job: JobDetails, record: StoredRepository, which: 'pre' | 'post'): Record<string, string> {
    return {
      BORG_DESK_HOOK: which,
      BORG_DESK_JOB_ID: job.id,
      BORG_DESK_REPOSITORY_ID: String(record.id),
      BORG_DESK_REPOSITORY_NAME: record.name,
      BORG_DESK_REPOSITORY_PATH: record.path,
    };
  }

  /** Refreshes the repository's status after a job and records check/compact times on success. */
  private async afterJob(kind: JobKind, id: number, borgStarted: boolean, state: JobState, at: string, log: JobLog): Promise<void> {
    try {
      const ok = state === 'succeeded' || state === 'succeeded_with_warnings';
      if (borgStarted && ok && kind === 'check') await this.deps.repositories.markJobResult(id, { last_check: at });
      else if (borgStarted && ok && kind === 'compact') await this.deps.repositories.markJobResult(id, { last_compact: at });
      else if (borgStarted) {
        const latest = this.deps.repositories.record(id);
        await this.deps.repositories.refreshOne(latest);
        this.changed(id);
      } else this.changed(id);
    } catch (error) {
      // The repository may have been removed meanwhile; the job's own outcome stands.
      log.add('warning', 'app', `The repository status could not be refreshed: ${toErrorInfo(error).message}`);
      this.changed(id);
    }
  }

  /** borg names archives from {now} at second resolution: never start two in the same second. */
  private async distinctSecond(id: number, signal: AbortSignal): Promise<void> {
    const last = this.lastCreateEnd.get(id);
    const now = Date.now();
    if (last !== undefined && Math.floor(last / 1000) >= Math.floor(now / 1000)) {
      await abortableSleep(1000 - (now % 1000) + 20, signal);
    }
  }

  /** The previous successful backup's size: what the percentage of this one is measured against. */
  private estimateFor(job: JobDetails): number | null {
    const previous = [...this.jobs.values()]
      .filter(
        (j) =>
          j.id !== job.id &&
          j.repository_id === job.repository_id &&
          j.kind === 'backup' &&
          (j.state === 'succeeded' || j.state === 'succeeded_with_warnings') &&
          (j.result?.original_size ?? 0) > 0,
      )
      .at(-1);
    return previous?.result?.original_size ?? null;
  }

  private persist(): void {
    const kept = trimHistory([...this.jobs.values()]);
    if (kept.length !== this.jobs.size) {
      const keep = new Set(kept.map((j) => j.id));
      for (const id of this.jobs.keys()) if (!keep.has(id)) this.jobs.delete(id);
    }
    for (const job of kept) job.log_lines = job.log.length;
    this.deps.history.save(kept);
  }

  private updated(job: JobDetails): void {
    this.deps.events.emit('jobs.updated', summary(job));
  }

  private changed(id: number): void {
    this.deps.events.emit('repositories.changed', { ids: [id] });
  }
}
