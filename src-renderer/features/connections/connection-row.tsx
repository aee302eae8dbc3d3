import { Badge, Button, Code, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { formatDateTime, formatRelativeTime } from '../../lib/relative-time';
import { isTransportError } from '../../transport/transport-error';
import { ErrorAlert } from '../../ui/error-alert';
import { useCanWrite } from '../auth/role-context';
import { ConnectionFormModal } from './connection-form-modal';
import { DeployKeyModal } from './deploy-key-modal';
import { useSshMutation } from './queries';
import { promptFor, useSshPrompts } from './ssh-prompts';
import { connectionLabel, endpointOf, type SshConnection, type SshKey, type SshTestResult } from './types';

type RowDialog = { kind: 'edit'; focus?: 'remote_path' } | { kind: 'deploy' } | { kind: 'remove' } | null;
type Outcome = { kind: 'ok'; result: SshTestResult } | { kind: 'error'; error: unknown } | null;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One connection: where it goes, whether its host key is trusted, how the last test went, and what to do with it. */
export function ConnectionRow({ connection, sshKey }: { connection: SshConnection; sshKey: SshKey | undefined }) {
  const canWrite = useCanWrite();
  const test = useSshMutation('ssh.connections.test');
  const prompts = useSshPrompts();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [dialog, setDialog] = useState<RowDialog>(null);
  const pinned = connection.host_key_fingerprint;
  const used = connection.repository_ids.length;

  function runTest(): void {
    setOutcome(null);
    test.mutate(
      { id: connection.id },
      {
        onSuccess: (result) => setOutcome({ kind: 'ok', result }),
        onError: (error) => {
          setOutcome({ kind: 'error', error });
          // Trust the host key, replace a changed one or unlock the key, then test again.
          prompts.handle(error, runTest, connection.id);
        },
      },
    );
  }

  return (
    <Paper withBorder p="sm" data-testid="connection-row" data-connection-id={connection.id} data-host-key={pinned === null ? 'unknown' : 'pinned'}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{connectionLabel(connection)}</Text>
            {connection.name !== null && (
              <Text size="sm" c="dimmed">
                {endpointOf(connection)}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              Host key
            </Text>
            {pinned === null ? (
              <Badge color="yellow" variant="light" title="Test the connection to see the server's fingerprint and trust it.">
                Not verified
              </Badge>
            ) : (
              <Code data-testid="host-key-fingerprint" title="The host key fingerprint Borg Desk trusts for this server">
                {pinned}
              </Code>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <LastTest connection={connection} />
            <Text size="xs" c="dimmed" data-testid="connection-repositories">
              {plural(used, 'repository', 'repositories')}
            </Text>
            <Text size="xs" c="dimmed">
              Key: {sshKey?.name ?? `#${connection.ssh_key_id}`}
            </Text>
            {connection.default_path !== null && (
              <Text size="xs" c="dimmed">
                Default path: <Code>{connection.default_path}</Code>
              </Text>
            )}
            {connection.remote_path !== null && (
              <Text size="xs" c="dimmed">
                Remote borg: <Code>{connection.remote_path}</Code>
              </Text>
            )}
          </Group>
        </Stack>
        {canWrite && (
          <Group gap="xs" wrap="nowrap">
            <Button size="xs" onClick={runTest} loading={test.isPending}>
              Test
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'deploy' })}>
              Deploy key…
            </Button>
            <Button size="xs" variant="default" onClick={() => setDialog({ kind: 'edit' })}>
              Edit
            </Button>
            <Button
              size="xs"
              variant="default"
              color="red"
              disabled={used > 0}
              title={used > 0 ? `${plural(used, 'repository uses', 'repositories use')} this connection; remove them first.` : undefined}
              onClick={() => setDialog({ kind: 'remove' })}
            >
              Remove
            </Button>
          </Group>
        )}
      </Group>

      {outcome?.kind === 'ok' && (
        <Group gap="xs" mt="xs" data-testid="test-outcome">
          <Text size="sm" c="teal" fw={600} data-testid="test-result">
            Connected: borg {outcome.result.borg_version}
          </Text>
          <Text size="xs" c="dimmed">
            in {outcome.result.duration_ms} ms
          </Text>
        </Group>
      )}
      {outcome?.kind === 'error' && (
        <TestFailure
          error={outcome.error}
          onDeploy={() => setDialog({ kind: 'deploy' })}
          onSetRemotePath={() => setDialog({ kind: 'edit', focus: 'remote_path' })}
          onReview={() => prompts.reopen(outcome.error, runTest, connection.id)}
        />
      )}

      {prompts.element}
      {dialog?.kind === 'edit' && <ConnectionFormModal connection={connection} focus={dialog.focus} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'deploy' && (
        <DeployKeyModal
          connection={connection}
          onClose={() => setDialog(null)}
          onDeployed={() => {
            if (outcome?.kind === 'error') setOutcome(null);
          }}
        />
      )}
      {dialog?.kind === 'remove' && <RemoveConnectionModal connection={connection} onClose={() => setDialog(null)} />}
    </Paper>
  );
}

function LastTest({ connection }: { connection: SshConnection }) {
  const last = connection.last_test;
  if (last === null) {
    return (
      <Badge color="gray" variant="light" tt="none" data-testid="last-test" data-ok="none">
        Not tested
      </Badge>
    );
  }
  const when = `tested ${formatRelativeTime(last.at)}`;
  return last.ok ? (
    <Badge color="teal" variant="light" tt="none" data-testid="last-test" data-ok="true" title={`${when} (${formatDateTime(last.at)})`}>
      OK{last.borg_version === null ? '' : ` · borg ${last.borg_version}`}
    </Badge>
  ) : (
    <Badge color="red" variant="light" tt="none" data-testid="last-test" data-ok="false" title={`${when}: ${last.error?.message ?? ''}`}>
      Failed{last.error === null ? '' : ` · ${last.error.code}`}
    </Badge>
  );
}

interface TestFailureProps {
  error: unknown;
  onDeploy: () => void;
  onSetRemotePath: () => void;
  onReview: () => void;
}

/** Why the test failed, and the one thing to do about it. */
function TestFailure({ error, onDeploy, onSetRemotePath, onReview }: TestFailureProps) {
  const code = isTransportError(error) ? error.code : 'INTERNAL';
  const prompt = promptFor(error);
  return (
    <Stack gap={6} mt="xs" data-testid="test-outcome" data-error-code={code}>
      <ErrorAlert error={error} title="The connection test failed" />
      {code === 'SSH_AUTH_FAILED' && (
        <Group gap="xs">
          <Button size="xs" onClick={onDeploy}>
            Deploy key…
          </Button>
          <Text size="xs" c="dimmed">
            Installs the key with the account&apos;s password; or add the key&apos;s public key to ~/.ssh/authorized_keys on the server yourself.
          </Text>
        </Group>
      )}
      {code === 'REMOTE_BORG_MISSING' && (
        <Group gap="xs">
          <Button size="xs" onClick={onSetRemotePath}>
            Set remote borg path…
          </Button>
          <Text size="xs" c="dimmed">
            Install borg on the server, or set the remote borg path to where it is, e.g. /usr/local/bin/borg.
          </Text>
        </Group>
      )}
      {prompt !== null && (
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onReview}>
            {prompt.kind === 'trust' ? 'Review host key…' : prompt.kind === 'replace' ? 'Review changed host key…' : 'Unlock key…'}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function RemoveConnectionModal({ connection, onClose }: { connection: SshConnection; onClose: () => void }) {
  const remove = useSshMutation('ssh.connections.delete');
  return (
    <Modal opened onClose={onClose} title="Remove connection" size="md">
      <Stack gap="md" data-testid="remove-connection-confirm">
        <Text size="sm">
          Borg Desk forgets <strong>{connectionLabel(connection)}</strong>. Nothing changes on the server. The trusted host key is forgotten too when
          no other connection goes to {connection.host} port {connection.port}.
        </Text>
        <ErrorAlert error={remove.error} title="The connection was not removed" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate({ id: connection.id }, { onSuccess: onClose })}>
            Remove connection
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
