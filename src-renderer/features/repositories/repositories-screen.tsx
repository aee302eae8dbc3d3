import { Button, Center, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { lazy, Suspense, useDeferredValue, useMemo } from 'react';
import type { Repository } from '../../lib/contract';
import { AfterFirstPaint } from '../../ui/after-first-paint';
import { ErrorAlert } from '../../ui/error-alert';
import { useCanWrite } from '../auth/role-context';
import { JobPanel } from '../jobs/job-panel';
import { useJobEvents } from '../jobs/queries';
import { StartFailureAlert } from '../jobs/start-failure-alert';
import { RepositoriesEmptyState } from './empty-state';
import { formatLocation } from './location';
import { useRepositories, useRepositoriesChangedEvents, useRepositoryMutation } from './queries';
import { RepositoryList } from './repository-list';
import { useRepositoriesUi } from './ui-store';

// The forms are the heaviest part and most sessions never open them.
const CreateRepositoryModal = lazy(() => import('./create/create-repository-modal').then((m) => ({ default: m.CreateRepositoryModal })));
const ImportRepositoryModal = lazy(() => import('./import/import-repository-modal').then((m) => ({ default: m.ImportRepositoryModal })));
const EditRepositoryModal = lazy(() => import('./edit/edit-repository-modal').then((m) => ({ default: m.EditRepositoryModal })));
const DeleteRepositoryModal = lazy(() => import('./delete/delete-repository-modal').then((m) => ({ default: m.DeleteRepositoryModal })));
// Closed until a row is opened or a log is asked for: loaded after the first screen is drawn.
const RepositoryDetailsDrawer = lazy(() => import('./details/repository-details-drawer').then((m) => ({ default: m.RepositoryDetailsDrawer })));
const JobLogModal = lazy(() => import('../jobs/job-log-modal').then((m) => ({ default: m.JobLogModal })));

function matches(repo: Repository, needle: string): boolean {
  if (needle === '') return true;
  const location = formatLocation(repo);
  return [repo.name, repo.path, location.primary].some((s) => s.toLowerCase().includes(needle));
}

export function RepositoriesScreen() {
  useRepositoriesChangedEvents();
  useJobEvents();
  const canWrite = useCanWrite();
  const { data, error, isPending, refetch } = useRepositories();
  const { selectedId, dialog, filter, select, openDialog, setFilter } = useRepositoriesUi();
  const refreshAll = useRepositoryMutation('repositories.refresh');
  // Typing stays responsive with a thousand rows; the filter catches up a frame later.
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  const visible = useMemo(() => (data ?? []).filter((r) => matches(r, deferredFilter)), [data, deferredFilter]);
  const hasAny = (data?.length ?? 0) > 0;

  return (
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }} p="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm">
          <Title order={2}>Repositories</Title>
          {data !== undefined && (
            <Text c="dimmed" size="sm" data-testid="repo-count">
              {deferredFilter === '' ? data.length : `${visible.length} of ${data.length}`}
            </Text>
          )}
        </Group>
        {hasAny && (
          <Group gap="xs">
            <TextInput aria-label="Filter repositories" placeholder="Filter by name or path" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={240} />
            {canWrite && (
              <>
                <Button variant="default" onClick={() => refreshAll.mutate({})} loading={refreshAll.isPending}>
                  Refresh all
                </Button>
                <Button variant="default" onClick={() => openDialog({ kind: 'import' })}>
                  Import repository
                </Button>
                <Button onClick={() => openDialog({ kind: 'create' })}>Create repository</Button>
              </>
            )}
          </Group>
        )}
      </Group>
      <ErrorAlert error={refreshAll.error} title="Refreshing failed" />
      <StartFailureAlert />
      <JobPanel />

      {isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading repositories" />
        </Center>
      ) : error !== null ? (
        <Stack align="flex-start">
          <ErrorAlert error={error} title="The repositories could not be loaded" />
          <Button variant="default" onClick={() => void refetch()}>
            Try again
          </Button>
        </Stack>
      ) : !hasAny ? (
        <RepositoriesEmptyState />
      ) : visible.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          No repository matches “{filter}”.
        </Text>
      ) : (
        <RepositoryList repositories={visible} selectedId={selectedId} onOpen={select} />
      )}

      <AfterFirstPaint>
        <Suspense fallback={null}>
          <RepositoryDetailsDrawer />
          <JobLogModal />
        </Suspense>
      </AfterFirstPaint>
      <Suspense fallback={null}>
        {dialog?.kind === 'create' && <CreateRepositoryModal />}
        {dialog?.kind === 'import' && <ImportRepositoryModal />}
        {dialog?.kind === 'edit' && <EditRepositoryModal id={dialog.id} />}
        {dialog?.kind === 'delete' && <DeleteRepositoryModal id={dialog.id} />}
      </Suspense>
    </Stack>
  );
}
