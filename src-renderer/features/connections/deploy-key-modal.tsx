import { Alert, Button, Code, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { OperationOutput } from '../../lib/contract';
import { ErrorAlert } from '../../ui/error-alert';
import { useSshKeys, useSshMutation } from './queries';
import { useSshPrompts } from './ssh-prompts';
import { endpointOf, type SshConnection } from './types';

interface DeployKeyModalProps {
  connection: SshConnection;
  onClose: () => void;
  /** After the server accepts the key (installed now or already there). */
  onDeployed: () => void;
}

/**
 * Installs the connection's public key on the server with one password login. The password is
 * sent once and cleared from the form at once, whatever the outcome; it is never stored.
 */
export function DeployKeyModal({ connection, onClose, onDeployed }: DeployKeyModalProps) {
  const { data: keys } = useSshKeys();
  const key = keys?.find((k) => k.id === connection.ssh_key_id);
  const deploy = useSshMutation('ssh.keys.deploy');
  const prompts = useSshPrompts({ nested: true });
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const [result, setResult] = useState<OperationOutput<'ssh.keys.deploy'> | null>(null);
  const [trustedMeanwhile, setTrustedMeanwhile] = useState(false);

  const submit = (): void => {
    if (password === '') return setMissing(true);
    setTrustedMeanwhile(false);
    deploy.mutate(
      { connection_id: connection.id, password },
      {
        onSuccess: (value) => {
          setResult(value);
          onDeployed();
        },
        // Host key first: the password is typed again after trusting, never kept for a retry.
        onError: (error) => void prompts.handle(error, () => setTrustedMeanwhile(true), connection.id),
      },
    );
    setPassword('');
  };

  return (
    <>
      <Modal
        opened
        onClose={onClose}
        title="Deploy key"
        size="lg"
        closeOnClickOutside={!deploy.isPending}
        closeOnEscape={!prompts.open}
        trapFocus={!prompts.open}
      >
        {result !== null ? (
          <Stack gap="md" data-testid="deploy-result">
            <Alert color="teal" variant="light" title={result.already_authorized ? 'Already installed' : 'Key installed'}>
              {result.already_authorized
                ? `The server already accepts this key; nothing was changed and the password was not used.`
                : `The key is now in ~/.ssh/authorized_keys of ${connection.username} on ${connection.host}, and a key-only login worked.`}
            </Alert>
            <Group justify="flex-end">
              <Button onClick={onClose} data-autofocus>
                Close
              </Button>
            </Group>
          </Stack>
        ) : (
          <form
            noValidate
            aria-label="Deploy key"
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <Stack gap="md">
              <Text size="sm">
                Borg Desk logs in to <Code>{endpointOf(connection)}</Code> once with the account&apos;s password and adds the public key of{' '}
                <strong>{key?.name ?? 'the connection’s key'}</strong> to <Code>~/.ssh/authorized_keys</Code>. The password is used for that login
                only: it is not stored, logged or kept in this form.
              </Text>
              <PasswordInput
                label="Password"
                description={`The login password of ${connection.username} on the server.`}
                value={password}
                onChange={(event) => {
                  setMissing(false);
                  setPassword(event.currentTarget.value);
                }}
                error={missing ? 'Enter the password.' : undefined}
                autoComplete="off"
                data-autofocus
              />
              {trustedMeanwhile ? (
                <Alert color="blue" variant="light">
                  The host key is trusted now. Enter the password again to install the key.
                </Alert>
              ) : (
                <ErrorAlert error={deploy.error} title="The key was not installed" />
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose} disabled={deploy.isPending}>
                  Cancel
                </Button>
                <Button type="submit" loading={deploy.isPending}>
                  Deploy
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
      {prompts.element}
    </>
  );
}
