import { Alert, Button, Checkbox, Code, Group, Modal, PasswordInput, Stack, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { explainError } from '../../lib/errors';
import { isTransportError } from '../../transport/transport-error';
import { ErrorAlert } from '../../ui/error-alert';
import { useSshKeys, useSshMutation } from './queries';

/** Something the user can settle on the spot so a failed SSH operation can run again. */
export type SshPrompt =
  | { kind: 'trust'; connectionId: number; host: string; port: number; fingerprint: string; keyType: string | null }
  | { kind: 'replace'; connectionId: number; host: string; port: number; expected: string | null; presented: string; keyType: string | null }
  | { kind: 'unlock'; keyId: number };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/**
 * The prompt an error calls for, or null: an unknown host key to trust, a changed one to replace
 * (only when the server told us what it presents now), an SSH key whose passphrase Borg Desk lacks.
 */
export function promptFor(error: unknown, connectionId?: number): SshPrompt | null {
  if (!isTransportError(error)) return null;
  const d = error.details ?? {};
  const id = num(d.connection_id) ?? connectionId ?? null;
  const host = str(d.host) ?? '';
  const port = num(d.port) ?? 22;
  if (error.code === 'HOST_KEY_UNKNOWN') {
    const fingerprint = str(d.fingerprint);
    if (id === null || fingerprint === null) return null;
    return { kind: 'trust', connectionId: id, host, port, fingerprint, keyType: str(d.key_type) };
  }
  if (error.code === 'HOST_KEY_CHANGED') {
    const presented = str(d.presented_fingerprint);
    if (id === null || presented === null) return null;
    return { kind: 'replace', connectionId: id, host, port, expected: str(d.expected_fingerprint), presented, keyType: str(d.key_type) };
  }
  if (error.code === 'PASSPHRASE_REQUIRED') {
    const keyId = num(d.ssh_key_id);
    return keyId === null ? null : { kind: 'unlock', keyId };
  }
  return null;
}

export interface SshPrompts {
  /** Opens the prompt the error calls for; `retry` runs after the user settled it. False when there is none. */
  handle: (error: unknown, retry: () => void, connectionId?: number) => boolean;
  /** Opens the prompt again (after Cancel), if the error calls for one. */
  reopen: (error: unknown, retry: () => void, connectionId?: number) => void;
  /** True while a prompt is up: a modal underneath must give up focus and Escape. */
  open: boolean;
  element: ReactNode;
}

/**
 * Host-key trust, host-key replacement and key unlock, shared by the connection test, key
 * deployment and the repository forms. `nested` lifts the dialog above a modal that is open.
 */
export function useSshPrompts({ nested = false }: { nested?: boolean } = {}): SshPrompts {
  const [state, setState] = useState<{ prompt: SshPrompt; retry: () => void } | null>(null);
  const handle = (error: unknown, retry: () => void, connectionId?: number): boolean => {
    const prompt = promptFor(error, connectionId);
    if (prompt === null) return false;
    setState({ prompt, retry });
    return true;
  };
  const element =
    state === null ? null : (
      <SshPromptDialog
        prompt={state.prompt}
        zIndex={nested ? 400 : undefined}
        onCancel={() => setState(null)}
        onDone={() => {
          setState(null);
          state.retry();
        }}
      />
    );
  return { handle, reopen: (error, retry, connectionId) => void handle(error, retry, connectionId), open: state !== null, element };
}

interface DialogProps {
  zIndex: number | undefined;
  onDone: () => void;
  onCancel: () => void;
}

export function SshPromptDialog({ prompt, ...props }: DialogProps & { prompt: SshPrompt }) {
  if (prompt.kind === 'trust') return <TrustHostKeyModal prompt={prompt} {...props} />;
  if (prompt.kind === 'replace') return <ReplaceHostKeyModal prompt={prompt} {...props} />;
  return <UnlockKeyModal keyId={prompt.keyId} {...props} />;
}

function HostKeyTable({ rows }: { rows: Array<[string, ReactNode]> }) {
  return (
    <Table variant="vertical" withTableBorder layout="fixed">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={150}>{label}</Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TrustHostKeyModal({ prompt, zIndex, onDone, onCancel }: DialogProps & { prompt: Extract<SshPrompt, { kind: 'trust' }> }) {
  const confirm = useSshMutation('ssh.hostKeys.confirm');
  return (
    <Modal opened onClose={onCancel} title="Trust this server?" size="lg" zIndex={zIndex} closeOnClickOutside={!confirm.isPending}>
      <Stack gap="md" data-testid="trust-host-key">
        <Text size="sm">
          Borg Desk has not connected to this server before. Compare the fingerprint below with the one the server&apos;s administrator gives you
          (on the server: <Code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</Code>). Trust it only if they are the same: from then on Borg
          Desk refuses any other key for this server.
        </Text>
        <HostKeyTable
          rows={[
            ['Host', prompt.host],
            ['Port', String(prompt.port)],
            ['Key type', prompt.keyType ?? 'unknown'],
            [
              'Fingerprint',
              <Code key="fp" data-testid="host-key-fingerprint" style={{ fontSize: 'var(--mantine-font-size-sm)' }}>
                {prompt.fingerprint}
              </Code>,
            ],
          ]}
        />
        <ErrorAlert error={confirm.error} title="The host key was not trusted" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={confirm.isPending}>
            Cancel
          </Button>
          <Button
            data-autofocus
            loading={confirm.isPending}
            onClick={() => confirm.mutate({ connection_id: prompt.connectionId, fingerprint: prompt.fingerprint }, { onSuccess: onDone })}
          >
            Trust
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ReplaceHostKeyModal({ prompt, zIndex, onDone, onCancel }: DialogProps & { prompt: Extract<SshPrompt, { kind: 'replace' }> }) {
  const confirm = useSshMutation('ssh.hostKeys.confirm');
  const [checked, setChecked] = useState(false);
  return (
    <Modal opened onClose={onCancel} title="The server's host key has changed" size="lg" zIndex={zIndex} closeOnClickOutside={!confirm.isPending}>
      <Stack gap="md" data-testid="host-key-changed">
        <Alert color="red" variant="filled" title="Possible attack: the connection was refused">
          <Text size="sm">
            {prompt.host} port {prompt.port} presents a different host key from the one Borg Desk trusted. Someone may be intercepting the connection.
            Replace the trusted key only if the server&apos;s administrator confirms that the server was reinstalled or its keys were renewed, and
            that the new fingerprint below is the right one.
          </Text>
        </Alert>
        <HostKeyTable
          rows={[
            ['Trusted until now', <Code key="expected" data-testid="expected-fingerprint">{prompt.expected ?? 'unknown'}</Code>],
            ['Presented now', <Code key="presented" data-testid="presented-fingerprint">{prompt.presented}</Code>],
            ['Key type', prompt.keyType ?? 'unknown'],
          ]}
        />
        <Checkbox
          label="I have checked the new fingerprint with the server's administrator"
          checked={checked}
          onChange={(event) => setChecked(event.currentTarget.checked)}
        />
        <ErrorAlert error={confirm.error} title="The host key was not replaced" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={confirm.isPending} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!checked}
            loading={confirm.isPending}
            onClick={() => confirm.mutate({ connection_id: prompt.connectionId, fingerprint: prompt.presented }, { onSuccess: onDone })}
          >
            Replace trusted key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Gives Borg Desk an SSH key's passphrase again (after a restart without a keyring). */
export function UnlockKeyModal({ keyId, zIndex, onDone, onCancel }: DialogProps & { keyId: number }) {
  const { data: keys } = useSshKeys();
  const key = keys?.find((k) => k.id === keyId);
  const unlock = useSshMutation('ssh.keys.unlock');
  const [passphrase, setPassphrase] = useState('');
  const [empty, setEmpty] = useState(false);
  const fieldError = empty ? 'Enter the passphrase.' : unlock.error === null ? undefined : explainError(unlock.error).fieldErrors.passphrase;
  return (
    <Modal opened onClose={onCancel} title="Unlock SSH key" size="md" zIndex={zIndex} closeOnClickOutside={!unlock.isPending}>
      <form
        noValidate
        aria-label="Unlock SSH key"
        onSubmit={(event) => {
          event.preventDefault();
          if (passphrase === '') return setEmpty(true);
          unlock.mutate({ id: keyId, passphrase }, { onSuccess: onDone });
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            The SSH key <strong>{key?.name ?? `#${keyId}`}</strong> has a passphrase that Borg Desk does not hold right now. Enter it to use the key;
            Borg Desk keeps it encrypted.
          </Text>
          <PasswordInput
            label="Key passphrase"
            value={passphrase}
            onChange={(event) => {
              setEmpty(false);
              setPassphrase(event.currentTarget.value);
            }}
            error={fieldError}
            autoComplete="off"
            data-autofocus
          />
          {fieldError === undefined && <ErrorAlert error={unlock.error} title="The key was not unlocked" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} disabled={unlock.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={unlock.isPending}>
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
