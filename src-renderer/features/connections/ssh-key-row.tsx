import { Badge, Button, Code, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useState } from 'react';
import { ErrorAlert } from '../../ui/error-alert';
import { useCanWrite } from '../auth/role-context';
import { useSshMutation } from './queries';
import { UnlockKeyModal } from './ssh-prompts';
import type { SshKey } from './types';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** One SSH key: what it is, its public half to hand to a server, and whether Borg Desk can use it right now. */
export function SshKeyRow({ sshKey: key }: { sshKey: SshKey }) {
  const canWrite = useCanWrite();
  const clipboard = useClipboard({ timeout: 2000 });
  const [dialog, setDialog] = useState<'unlock' | 'remove' | null>(null);
  const locked = key.has_passphrase && !key.passphrase_stored;
  const used = key.connection_ids.length;

  return (
    <Paper withBorder p="sm" data-testid="ssh-key-row" data-key-id={key.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{key.name}</Text>
            <Badge variant="light" color="gray" tt="none" data-testid="key-type">
              {key.key_type}
            </Badge>
            <Badge variant="outline" color="gray">
              {key.origin}
            </Badge>
            {key.has_passphrase && (
              <Badge variant="light" color={locked ? 'orange' : 'indigo'} data-testid="passphrase-badge" title={locked ? 'Borg Desk does not hold the passphrase right now.' : undefined}>
                {locked ? 'passphrase needed' : 'passphrase'}
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              Fingerprint
            </Text>
            <Code data-testid="key-fingerprint">{key.fingerprint}</Code>
            <Text size="xs" c="dimmed">
              {used === 0 ? 'No connection uses it' : `Used by ${plural(used, 'connection', 'connections')}`}
            </Text>
          </Group>
          {/* One click selects the whole line, for when the clipboard is not available (plain http). */}
          <Code
            data-testid="public-key"
            title={key.public_key}
            style={{ display: 'block', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', userSelect: 'all' }}
          >
            {key.public_key}
          </Code>
          {clipboard.error !== null && (
            <Text size="xs" c="red">
              Copying is not available here; select the key above and copy it by hand.
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" onClick={() => clipboard.copy(key.public_key)} color={clipboard.copied ? 'teal' : undefined}>
            {clipboard.copied ? 'Copied' : 'Copy public key'}
          </Button>
          {canWrite && locked && (
            <Button size="xs" onClick={() => setDialog('unlock')}>
              Unlock
            </Button>
          )}
          {canWrite && (
            <Button
              size="xs"
              variant="default"
              color="red"
              disabled={used > 0}
              title={used > 0 ? `${plural(used, 'connection uses', 'connections use')} this key; choose another key for them first.` : undefined}
              onClick={() => setDialog('remove')}
            >
              Remove
            </Button>
          )}
        </Group>
      </Group>
      {dialog === 'unlock' && <UnlockKeyModal keyId={key.id} zIndex={undefined} onDone={() => setDialog(null)} onCancel={() => setDialog(null)} />}
      {dialog === 'remove' && <RemoveKeyModal sshKey={key} onClose={() => setDialog(null)} />}
    </Paper>
  );
}

function RemoveKeyModal({ sshKey: key, onClose }: { sshKey: SshKey; onClose: () => void }) {
  const remove = useSshMutation('ssh.keys.delete');
  return (
    <Modal opened onClose={onClose} title="Remove SSH key" size="md">
      <Stack gap="md" data-testid="remove-key-confirm">
        <Text size="sm">
          Borg Desk deletes its copy of the private key <strong>{key.name}</strong>. Servers that list its public key keep it in their
          authorized_keys until you remove it there; nobody can log in with it through Borg Desk any more.
        </Text>
        {key.origin === 'generated' && (
          <Text size="sm" fw={500}>
            Borg Desk generated this key: there is no other copy of its private half.
          </Text>
        )}
        <ErrorAlert error={remove.error} title="The key was not removed" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate({ id: key.id }, { onSuccess: onClose })}>
            Remove key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
