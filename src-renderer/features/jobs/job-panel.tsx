import { Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../ui/error-alert';
import { useRepositories } from '../repositories/queries';
import { JobProgressCard } from './job-progress-card';
import { useActiveJobs } from './queries';

/** Every queued and running job, live from events; absent while nothing runs. */
export function JobPanel() {
  const { data: active, error } = useActiveJobs();
  const { data: repositories } = useRepositories();
  if (active === undefined) return error === null ? null : <ErrorAlert error={error} title="Running jobs could not be loaded" />;
  if (active.length === 0) return null;

  const names = new Map((repositories ?? []).map((r) => [r.id, r.name]));
  const running = active.filter((j) => j.state === 'running').length;
  const waiting = active.length - running;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Jobs in progress" data-testid="job-panel">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Jobs in progress</Title>
        <Text size="sm" c="dimmed">
          {running} running{waiting > 0 ? `, ${waiting} waiting` : ''}
        </Text>
      </Group>
      {/* A long queue scrolls inside the panel instead of pushing the list off screen. */}
      <ScrollArea.Autosize mah="35vh" type="auto">
        <Stack gap="xs">
          {active.map((job) => (
            <JobProgressCard key={job.id} job={job} repositoryName={names.get(job.repository_id) ?? `Repository ${job.repository_id}`} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  );
}
