import { Alert, Badge, Button, Code, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Repository, RepositoryDetails } from '../../../lib/contract';
import { sentenceFor } from '../../../lib/errors';
import { formatBytes } from '../../../lib/format';
import { formatDateTime, formatRelativeTime } from '../../../lib/relative-time';
import { ErrorAlert } from '../../../ui/error-alert';
import { useCanWrite } from '../../auth/role-context';
import { RepositoryJobs } from '../../jobs/job-history';
import { RepositoryJobActions } from '../../jobs/repository-job-actions';
import { useJobsUi } from '../../jobs/ui-store';
import { formatLocation } from '../location';
import { useRepositories, useRepositoryDetails, useRepositoryMutation } from '../queries';
import { useRepositoriesUi } from '../ui-store';
import { KeyfileActions } from './keyfile-actions';

/** The selected repository: live status from borg, every setting, and what can be done with it. */
export function RepositoryDetailsDrawer() {
  const selectedId = useRepositoriesUi((s) => s.selectedId);
  const dialog = useRepositoriesUi((s) => s.dialog);
  const select = useRepositoriesUi((s) => s.select);
  const jobLogOpen = useJobsUi((s) => s.logJobId !== null);
  const { data: list } = useRepositories();
  const fromList = list?.find((r) => r.id === selectedId);
  // Hidden, not closed, while a modal (or a job's log) is up: one layer at a time, and it comes back after.
  const opened = fromList !== undefined && dialog === null && !jobLogOpen;
  return (
    <Drawer opened={opened} onClose={() => select(null)} position="right" size="xl" title={fromList?.name ?? ''} data-testid="repo-details">
      {fromList !== undefined && <DetailsBody summary={fromList} visible={opened} />}
    </Drawer>
  );
}

function DetailsBody({ summary, visible }: { summary: Repository; visible: boolean }) {
  const canWrite = useCanWrite();
  const openDialog = useRepositoriesUi((s) => s.openDialog);
  const details = useRepositoryDetails(summary.id, visible);
  const refresh = useRepositoryMutation('repositories.refresh');
  const repo = details.data?.repository ?? summary;

  return (
    <Stack gap="lg" data-testid="repo-details-body">
      {canWrite && (
        <Group gap="xs">
          <Button onClick={() => refresh.mutate({ id: repo.id })} loading={refresh.isPending}>
            Refresh status
          </Button>
          <Button variant="default" onClick={() => openDialog({ kind: 'edit', id: repo.id })}>
            Edit
          </Button>
          <Button variant="default" color="red" onClick={() => openDialog({ kind: 'delete', id: repo.id })}>
            Delete
          </Button>
        </Group>
      )}
      <RepositoryJobActions repository={repo} />
      <ErrorAlert error={refresh.error} title="The status could not be refreshed" />
      {repo.last_refresh_error !== null && (
        <Alert color="red" variant="light" title="The last status check failed" data-testid="refresh-error">
          <Text size="sm">{sentenceFor(repo.last_refresh_error.code)}</Text>
          <Text size="sm" c="dimmed" mt={4}>
            {repo.last_refresh_error.message} ({formatRelativeTime(repo.last_refresh_error.at)})
          </Text>
        </Alert>
      )}

      <section aria-label="Live status">
        <Title order={4} mb="xs">
          Live status
        </Title>
        <LiveStatus details={details.data} loading={details.isPending} error={details.error} />
      </section>

      <section aria-label="Jobs">
        <Title order={4} mb="xs">
          Jobs
        </Title>
        <RepositoryJobs repository={repo} visible={visible} />
      </section>

      <section aria-label="Settings">
        <Title order={4} mb="xs">
          Settings
        </Title>
        <RecordTable repo={repo} />
      </section>

      {repo.encryption !== 'none' && (
        <section aria-label="Key">
          <Title order={4} mb="xs">
            Key
          </Title>
          <KeyfileActions repository={repo} />
        </section>
      )}
    </Stack>
  );
}

function LiveStatus({ details, loading, error }: { details: RepositoryDetails | undefined; loading: boolean; error: Error | null }) {
  if (error !== null) return <ErrorAlert error={error} />;
  if (loading || details === undefined) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Asking borg…
        </Text>
      </Group>
    );
  }
  if (details.live === null) {
    return (
      <Alert color="red" variant="light" title="Borg could not read the repository" data-testid="live-error">
        <Text size="sm">{details.live_error === null ? 'No live status is available.' : sentenceFor(details.live_error.code)}</Text>
        {details.live_error !== null && (
          <Text size="sm" c="dimmed" mt={4}>
            {details.live_error.message}
          </Text>
        )}
      </Alert>
    );
  }
  const live = details.live;
  return (
    <KeyValueTable
      testId="live-status"
      rows={[
        ['Borg repository id', <Code key="id">{live.borg_repository_id}</Code>],
        ['Encryption', live.encryption],
        ['Location', live.location],
        ['Archives', String(live.archive_count)],
        [
          'Newest archive',
          live.newest_archive === null ? 'None yet' : `${live.newest_archive.name} (${formatRelativeTime(live.newest_archive.time)}, ${formatDateTime(live.newest_archive.time)})`,
        ],
        ['Original size of all archives', formatBytes(live.total_size_bytes)],
        ['Compressed', formatBytes(live.total_compressed_bytes)],
        ['Deduplicated (on disk)', formatBytes(live.unique_compressed_bytes)],
      ]}
    />
  );
}

const when = (iso: string | null): string => (iso === null ? 'Never' : `${formatRelativeTime(iso)} (${formatDateTime(iso)})`);
const orNone = (value: string | null): string => (value === null || value.trim() === '' ? 'None' : value);

function RecordTable({ repo }: { repo: Repository }) {
  const location = formatLocation(repo);
  const rows: Array<[string, ReactNode]> = [
    ['Path', <Code key="path">{repo.path}</Code>],
    ['Type', repo.repository_type === 'ssh' ? `ssh (${location.primary})` : 'local'],
    ['Encryption', repo.encryption],
    ['Compression', repo.compression],
    [
      'Mode',
      <Badge key="mode" variant="light" color={repo.mode === 'observe' ? 'gray' : 'blue'}>
        {repo.mode}
      </Badge>,
    ],
    ['Bypass lock', repo.bypass_lock ? 'Yes' : 'No'],
    ['Last backup', when(repo.last_backup)],
    ['Last check', when(repo.last_check)],
    ['Last compact', when(repo.last_compact)],
    ['Archives (last known)', String(repo.archive_count)],
    ['Size (last known)', repo.total_size ?? '—'],
    ['Last status check', when(repo.last_refresh_at)],
    ['Source directories', <CodeList key="src" items={repo.source_directories} />],
    ['Exclude patterns', <CodeList key="exc" items={repo.exclude_patterns} />],
    ['Remote borg path', orNone(repo.remote_path)],
    ['Custom flags', orNone(repo.custom_flags)],
    ['Pre-backup script', repo.pre_backup_script === null ? 'None' : <Code key="pre" block>{repo.pre_backup_script}</Code>],
    ['Post-backup script', repo.post_backup_script === null ? 'None' : <Code key="post" block>{repo.post_backup_script}</Code>],
    ['Hook timeouts', `before ${repo.pre_hook_timeout} s, after ${repo.post_hook_timeout} s`],
    ['Continue on pre-hook failure', repo.continue_on_hook_failure ? 'Yes' : 'No'],
    ['Keyfile held by Borg Desk', repo.has_keyfile ? 'Yes' : 'No'],
    ['Borg repository id', repo.borg_repository_id === null ? 'Unknown' : <Code key="bid">{repo.borg_repository_id}</Code>],
    ['Added', when(repo.created_at)],
    ['Updated', when(repo.updated_at)],
  ];
  if (repo.repository_type === 'ssh') {
    rows.splice(2, 0, ['Host', `${repo.host ?? '?'}${repo.port === null ? '' : `, port ${repo.port}`}`], ['User', orNone(repo.username)]);
  }
  return <KeyValueTable rows={rows} testId="repo-record" />;
}

function CodeList({ items }: { items: string[] }) {
  if (items.length === 0) return <>None</>;
  return (
    <Stack gap={2}>
      {items.map((item) => (
        <Code key={item}>{item}</Code>
      ))}
    </Stack>
  );
}

function KeyValueTable({ rows, testId }: { rows: Array<[string, ReactNode]>; testId: string }) {
  return (
    <Table data-testid={testId} withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row" style={{ width: 220, verticalAlign: 'top', fontWeight: 500 }}>
              {label}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
