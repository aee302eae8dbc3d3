import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useCanWrite } from '../auth/role-context';
import { useRepositoriesUi } from './ui-store';

/** The first thing a new user sees: what to do next, not an empty table. */
export function RepositoriesEmptyState() {
  const canWrite = useCanWrite();
  const openDialog = useRepositoriesUi((s) => s.openDialog);
  return (
    <Stack align="center" gap="sm" py={64} data-testid="empty-state">
      <Title order={3}>No repositories yet</Title>
      <Text c="dimmed" ta="center" maw={460}>
        {canWrite
          ? 'Create a new borg repository, or import one that already exists on this computer or a server.'
          : 'An administrator has not added any repositories yet.'}
      </Text>
      {canWrite && (
        <Group>
          <Button onClick={() => openDialog({ kind: 'create' })}>Create repository</Button>
          <Button variant="default" onClick={() => openDialog({ kind: 'import' })}>
            Import repository
          </Button>
        </Group>
      )}
    </Stack>
  );
}
