import { Alert, Badge, Center, Code, Group, List, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { JobDetails } from '../../lib/contract';
import { sentenceFor } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { formatDateTime } from '../../lib/relative-time';
import { ErrorAlert } from '../../ui/error-alert';
import { useRepositories } from '../repositories/queries';
import { formatCount, formatDuration, formatLogTime, jobDuration, KIND_LABEL, LEVEL_COLOR, STATE_COLOR, STATE_LABEL } from './format';
import { isActive } from './job-cache';
import { useJobDetails } from './queries';
import { useJobsUi } from './ui-store';

/** The open job's outcome and log, one line per row with its level and source. */
export function JobLogModal() {
  const id = useJobsUi((s) => s.logJobId);
  const close = useJobsUi((s) => s.closeLog);
  const details = useJobDetails(id);
  const { data: repositories } = useRepositories();
  const job = details.data;
  const name = job === undefined ? null : (repositories?.find((r) => r.id === job.repository_id)?.name ?? `repository ${job.repository_id}`);
  return (
    <Modal opened={id !== null} onClose={close} size="xl" title={job === undefined ? 'Job log' : `${KIND_LABEL[job.kind]} of ${name}`}>
      {details.error !== null ? (
        <ErrorAlert error={details.error} title="The log could not be loaded" />
      ) : job === undefined ? (
        <Center py="lg">
          <Loader aria-label="Loading the log" />
        </Center>
      ) : (
        <JobLog job={job} />
      )}
    </Modal>
  );
}

function JobLog({ job }: { job: JobDetails }) {
  const result = job.result;
  const facts: Array<[string, ReactNode]> = [
    [
      'State',
      <Badge key="state" variant="light" color={STATE_COLOR[job.state]}>
        {STATE_LABEL[job.state]}
      </Badge>,
    ],
    ['Queued', formatDateTime(job.created_at)],
    ['Started', job.started_at === null ? 'Not started' : formatDateTime(job.started_at)],
    ['Finished', job.finished_at === null ? 'Not yet' : formatDateTime(job.finished_at)],
    ['Took', formatDuration(jobDuration(job))],
  ];
  if (result?.archive_name !== null && result?.archive_name !== undefined) facts.push(['Archive', <Code key="archive">{result.archive_name}</Code>]);
  if (result?.nfiles !== null && result?.nfiles !== undefined) facts.push(['Files', formatCount(result.nfiles)]);
  if (result?.original_size !== null && result?.original_size !== undefined) facts.push(['Original size', formatBytes(result.original_size)]);
  if (result?.compressed_size !== null && result?.compressed_size !== undefined) facts.push(['Compressed', formatBytes(result.compressed_size)]);
  if (result?.deduplicated_size !== null && result?.deduplicated_size !== undefined) facts.push(['Deduplicated (new data)', formatBytes(result.deduplicated_size)]);

  return (
    <Stack gap="md" data-testid="job-log" data-job-id={job.id} data-job-state={job.state}>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row" style={{ width: 200, fontWeight: 500 }}>
                {label}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {job.error !== null && (
        <Alert
          color={job.state === 'cancelled' ? 'gray' : 'red'}
          variant="light"
          title={job.state === 'cancelled' ? 'Cancelled' : `The ${KIND_LABEL[job.kind].toLowerCase()} failed`}
          data-testid="job-error"
          data-error-code={job.error.code}
        >
          <Text size="sm">{sentenceFor(job.error.code)}</Text>
          <Text size="sm" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {job.error.message}
          </Text>
        </Alert>
      )}

      {job.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title={job.warnings.length === 1 ? 'Warning' : `${job.warnings.length} warnings`} data-testid="job-warnings">
          <List size="sm" spacing={2}>
            {job.warnings.map((warning, i) => (
              <List.Item key={i} style={{ overflowWrap: 'anywhere' }}>
                {warning}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Stack gap={4}>
        <Group justify="space-between">
          <Text fw={600}>Log</Text>
          {isActive(job) && (
            <Text size="xs" c="dimmed">
              Updates while the job runs.
            </Text>
          )}
        </Group>
        {job.log.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing has been logged.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640} maxHeight="50vh">
            <Table striped verticalSpacing={2} fz="xs" stickyHeader data-testid="job-log-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Level</Table.Th>
                  <Table.Th>Source</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.log.map((line, i) => (
                  <Table.Tr key={i} data-testid="job-log-line" data-level={line.level} data-source={line.source}>
                    <Table.Td title={line.time} style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                      {formatLogTime(line.time)}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                      <Text span size="xs" fw={700} tt="uppercase" c={LEVEL_COLOR[line.level]}>
                        {line.level}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{line.source}</Table.Td>
                    <Table.Td ff="monospace" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {line.message}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}
