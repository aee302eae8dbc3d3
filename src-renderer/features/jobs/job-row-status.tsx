import { Group, Loader, Text } from '@mantine/core';
import { jobStatusText } from './format';
import { useActiveJob } from './queries';

/** "Backing up 42%", "Checking…", "Waiting to compact" in a repository row while a job is on it. */
export function JobRowStatus({ repositoryId }: { repositoryId: number }) {
  const job = useActiveJob(repositoryId);
  if (job === null) return null;
  const text = jobStatusText(job);
  return (
    <Group gap={4} wrap="nowrap" data-testid="repo-row-job" data-job-state={job.state} data-job-kind={job.kind} title={text} style={{ minWidth: 0 }}>
      {job.state === 'running' && <Loader size={10} aria-hidden />}
      <Text size="xs" c={job.state === 'running' ? 'blue' : 'dimmed'} truncate>
        {text}
      </Text>
    </Group>
  );
}
