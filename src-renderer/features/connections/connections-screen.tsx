import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../ui/error-alert';
import { useCanWrite } from '../auth/role-context';
import { ConnectionFormModal } from './connection-form-modal';
import { ConnectionRow } from './connection-row';
import { GenerateKeyModal, ImportKeyModal } from './key-modals';
import { useConnections, useRepositoriesChangedRefreshesConnections, useSshKeys } from './queries';
import { SshKeyRow } from './ssh-key-row';

type ScreenDialog = 'generate' | 'import' | 'add' | null;

/** SSH keys and the servers they log in to: add, test, trust the host key, deploy the key, remove. */
export function ConnectionsScreen() {
  useRepositoriesChangedRefreshesConnections();
  const canWrite = useCanWrite();
  const keys = useSshKeys();
  const connections = useConnections();
  const [dialog, setDialog] = useState<ScreenDialog>(null);
  const keysById = useMemo(() => new Map((keys.data ?? []).map((k) => [k.id, k])), [keys.data]);
  const close = (): void => setDialog(null);

  return (
    <Stack gap="xl" p="md" style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
      <Stack component="section" aria-label="SSH keys" gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm">
            <Title order={2}>SSH keys</Title>
            {keys.data !== undefined && (
              <Text c="dimmed" size="sm" data-testid="ssh-key-count">
                {keys.data.length}
              </Text>
            )}
          </Group>
          {canWrite && (
            <Group gap="xs">
              <Button variant="default" onClick={() => setDialog('import')}>
                Import key
              </Button>
              <Button onClick={() => setDialog('generate')}>Generate key</Button>
            </Group>
          )}
        </Group>
        <Loading query={keys} what="SSH keys">
          {(list) =>
            list.length === 0 ? (
              <Text c="dimmed" py="md" data-testid="no-ssh-keys">
                {canWrite ? 'No SSH keys yet. Generate one, or import a key you already use.' : 'No SSH keys yet.'}
              </Text>
            ) : (
              <Stack gap="xs">
                {list.map((k) => (
                  <SshKeyRow key={k.id} sshKey={k} />
                ))}
              </Stack>
            )
          }
        </Loading>
      </Stack>

      <Stack component="section" aria-label="Connections" gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm">
            <Title order={2}>Connections</Title>
            {connections.data !== undefined && (
              <Text c="dimmed" size="sm" data-testid="connection-count">
                {connections.data.length}
              </Text>
            )}
          </Group>
          {canWrite && (
            <Button onClick={() => setDialog('add')} disabled={keys.data?.length === 0} title={keys.data?.length === 0 ? 'Generate or import an SSH key first.' : undefined}>
              Add connection
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed" maw={760}>
          Servers that hold repositories. Borg Desk logs in with one of your SSH keys and checks the server&apos;s host key against the one you trusted
          the first time.
        </Text>
        <Loading query={connections} what="connections">
          {(list) =>
            list.length === 0 ? (
              <Text c="dimmed" py="md" data-testid="no-connections">
                {canWrite ? 'No connections yet. Add one to keep repositories on a server.' : 'No connections yet.'}
              </Text>
            ) : (
              <Stack gap="xs">
                {list.map((c) => (
                  <ConnectionRow key={c.id} connection={c} sshKey={keysById.get(c.ssh_key_id)} />
                ))}
              </Stack>
            )
          }
        </Loading>
      </Stack>

      {dialog === 'generate' && <GenerateKeyModal onClose={close} />}
      {dialog === 'import' && <ImportKeyModal onClose={close} />}
      {dialog === 'add' && <ConnectionFormModal onClose={close} />}
    </Stack>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: Error | null;
  isPending: boolean;
  refetch: () => unknown;
}

function Loading<T>({ query, what, children }: { query: QueryLike<T>; what: string; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={`Loading ${what}`} />
      </Center>
    );
  }
  if (query.data === undefined) {
    return (
      <Stack align="flex-start">
        <ErrorAlert error={query.error} title={`The ${what} could not be loaded`} />
        <Button variant="default" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </Stack>
    );
  }
  return children(query.data);
}
