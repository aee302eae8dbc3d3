import { Badge, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import type { Job, JobProgress } from '../../lib/contract';
import { formatBytes } from '../../lib/format';
import { ErrorAlert } from '../../ui/error-alert';
import { useCanWrite } from '../auth/role-context';
import { formatCount, formatEta, formatRate, KIND_LABEL, KIND_VERB, STATE_COLOR, truncateMiddle } from './format';
import { useCancelJob } from './queries';

interface JobProgressCardProps {
  job: Job;
  repositoryName: string;
  /** `job-progress` in the live panel; the drawer uses its own id so the two never clash. */
  testId?: string;
}

/** One queued or running job: where it is, how fast, how long to go, and a way to stop it. */
export function JobProgressCard({ job, repositoryName, testId = 'job-progress' }: JobProgressCardProps) {
  const canWrite = useCanWrite();
  const cancel = useCancelJob();
  const cancelling = job.cancel_requested || cancel.isPending;
  const progress = job.progress;
  const queued = job.state === 'queued';

  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-testid={testId}
      data-job-id={job.id}
      data-job-state={job.state}
      data-job-kind={job.kind}
      data-repository-id={job.repository_id}
      data-percent={progress?.percent ?? undefined}
      aria-label={`${KIND_LABEL[job.kind]} of ${repositoryName}`}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge variant="light" color={STATE_COLOR[job.state]} style={{ flexShrink: 0 }}>
              {queued ? 'Waiting' : KIND_VERB[job.kind]}
            </Badge>
            <Text fw={600} truncate title={repositoryName}>
              {repositoryName}
            </Text>
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              {KIND_LABEL[job.kind]}
            </Text>
          </Group>
          {canWrite && (
            <Button size="compact-sm" variant="default" disabled={cancelling} onClick={() => cancel.mutate(job.id)} style={{ flexShrink: 0 }}>
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </Button>
          )}
        </Group>
        {queued ? (
          <Text size="sm" c="dimmed">
            Waiting to start: it runs once this repository and a job slot are free.
          </Text>
        ) : (
          <RunningProgress progress={progress} label={`${KIND_VERB[job.kind]} ${repositoryName}`} />
        )}
        <ErrorAlert error={cancel.error} title="The job could not be cancelled" />
      </Stack>
    </Paper>
  );
}

function RunningProgress({ progress, label }: { progress: JobProgress | null; label: string }) {
  const percent = progress?.percent ?? null;
  const stats = [
    percent === null ? null : `${Math.floor(percent)}%`,
    progress?.nfiles === null || progress?.nfiles === undefined ? null : `${formatCount(progress.nfiles)} files`,
    progress?.original_size === null || progress?.original_size === undefined ? null : `${formatBytes(progress.original_size)} read`,
    progress?.deduplicated_size === null || progress?.deduplicated_size === undefined ? null : `${formatBytes(progress.deduplicated_size)} new`,
    formatRate(progress?.rate_bytes_per_second ?? null),
    progress?.current !== null && progress?.current !== undefined && progress.total !== null ? `step ${formatCount(progress.current)} of ${formatCount(progress.total)}` : null,
  ].filter((s): s is string => s !== null);
  const eta = formatEta(progress?.eta_seconds ?? null);

  return (
    <>
      {percent === null ? (
        // Unknown total (a first backup, a step borg does not measure): moving stripes, no number.
        <Progress.Root size="lg">
          <Progress.Section value={100} striped animated withAria={false} role="progressbar" aria-label={label} aria-valuetext="In progress" />
        </Progress.Root>
      ) : (
        <Progress size="lg" value={Math.min(100, Math.max(0, percent))} aria-label={label} />
      )}
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" data-testid="job-progress-stats">
          {stats.length === 0 ? 'Starting…' : stats.join(' · ')}
        </Text>
        {eta !== null && (
          <Text size="sm" c="dimmed" data-testid="job-progress-eta">
            {eta}
          </Text>
        )}
      </Group>
      {progress?.path !== null && progress?.path !== undefined && progress.path !== '' && (
        <Text size="xs" c="dimmed" ff="monospace" truncate title={progress.path} data-testid="job-progress-path">
          {truncateMiddle(progress.path)}
        </Text>
      )}
      {progress?.message !== null && progress?.message !== undefined && progress.message !== '' && (
        <Text size="xs" c="dimmed" truncate title={progress.message} data-testid="job-progress-message">
          {progress.message}
        </Text>
      )}
    </>
  );
}
