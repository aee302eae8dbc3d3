import { Loader } from '@mantine/core';
import type { Job } from '../../lib/contract';
import { jobStatusText } from './format';
import classes from './job-row-status.module.css';

/** "Backing up 42%", "Checking…", "Waiting to compact" in a repository row while a job is on it. */
export function JobRowStatus({ job }: { job: Job | null }) {
  if (job === null) return null;
  const text = jobStatusText(job);
  return (
    <div className={classes.status} data-testid="repo-row-job" data-job-state={job.state} data-job-kind={job.kind} data-running={job.state === 'running'} title={text}>
      {job.state === 'running' && <Loader size={10} aria-hidden />}
      <span className={classes.text}>{text}</span>
    </div>
  );
}
