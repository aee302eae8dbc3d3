import { Badge, Button, Center, Code, Loader, Stack, Table, Text } from '@mantine/core';
import type { Job, Repository } from '../../lib/contract';
import { sentenceFor } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { formatDateTime, formatRelativeTime } from '../../lib/relative-time';
import { ErrorAlert } from '../../ui/error-alert';
import { formatCount, formatDuration, jobDuration, KIND_LABEL, STATE_COLOR, STATE_LABEL } from './format';
import { activeJobsOf, isFinished } from './job-cache';
import { JobProgressCard } from './job-progress-card';
import { useJobHistory } from './queries';
import { useJobsUi } from './ui-store';

/**
 * One repository's jobs in its details drawer: what runs now, then what ran, newest first.
 * A finished job's row opens its log.
 */
export function RepositoryJobs({ repository, visible }: { repository: Repository; visible: boolean }) {
  const history = useJobHistory(repository.id, visible);
  const openLog = useJobsUi((s) => s.openLog);
  const jobs = history.data ?? [];
  const active = activeJobsOf(jobs);
  const finished = jobs.filter((j) => isFinished(j.state));

  return (
    <Stack gap="xs">
      {active.map((job) => (
        <JobProgressCard key={job.id} job={job} repositoryName={repository.name} testId="repo-job-progress" />
      ))}
      {history.error !== null ? (
        <ErrorAlert error={history.error} title="The job history could not be loaded" />
      ) : history.isPending ? (
        <Center py="sm">
          <Loader size="sm" aria-label="Loading job history" />
        </Center>
      ) : finished.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="job-history">
          No backup, check or compaction has finished on this repository yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table data-testid="job-history" highlightOnHover verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>Took</Table.Th>
                <Table.Th>Details</Table.Th>
                <Table.Th aria-label="Log" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {finished.map((job) => (
                <HistoryRow key={job.id} job={job} onOpen={() => openLog(job.id)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function HistoryRow({ job, onOpen }: { job: Job; onOpen: () => void }) {
  const startedAt = job.started_at ?? job.created_at;
  return (
    <Table.Tr data-testid="job-history-row" data-job-id={job.id} data-job-state={job.state} data-job-kind={job.kind} onClick={onOpen} style={{ cursor: 'pointer' }}>
      <Table.Td>{KIND_LABEL[job.kind]}</Table.Td>
      <Table.Td>
        <Badge variant="light" color={STATE_COLOR[job.state]} data-testid="job-state-badge">
          {STATE_LABEL[job.state]}
        </Badge>
      </Table.Td>
      <Table.Td title={formatDateTime(startedAt)} style={{ whiteSpace: 'nowrap' }}>
        {formatRelativeTime(startedAt)}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDuration(jobDuration(job))}</Table.Td>
      <Table.Td style={{ maxWidth: 280 }}>
        <Outcome job={job} />
      </Table.Td>
      <Table.Td>
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={(event) => {
            event.stopPropagation();
            onOpen();
          }}
        >
          View log
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** What came of it, in a line or two: the archive and its sizes, or why it failed. */
function Outcome({ job }: { job: Job }) {
  const result = job.result;
  const stats = [
    result?.nfiles === null || result?.nfiles === undefined ? null : `${formatCount(result.nfiles)} files`,
    result?.original_size === null || result?.original_size === undefined ? null : formatBytes(result.original_size),
    result?.deduplicated_size === null || result?.deduplicated_size === undefined ? null : `${formatBytes(result.deduplicated_size)} new`,
  ].filter((s): s is string => s !== null);
  return (
    <Stack gap={2}>
      {result?.archive_name !== null && result?.archive_name !== undefined && (
        <Code style={{ overflowWrap: 'anywhere' }} title={result.archive_name}>
          {result.archive_name}
        </Code>
      )}
      {stats.length > 0 && <Text size="xs">{stats.join(' · ')}</Text>}
      {job.error !== null && job.state !== 'cancelled' && (
        <Text size="xs" c="red" lineClamp={2} title={job.error.message}>
          {sentenceFor(job.error.code)}
        </Text>
      )}
      {job.error !== null && job.state === 'cancelled' && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {job.error.message}
        </Text>
      )}
      {job.warnings.length > 0 && (
        <Text size="xs" c="yellow.8">
          {job.warnings.length === 1 ? '1 warning' : `${job.warnings.length} warnings`}
        </Text>
      )}
    </Stack>
  );
}
