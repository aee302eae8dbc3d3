import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { explainError } from '../../lib/errors';
import { ErrorAlert } from '../../ui/error-alert';
import {
  connectionChanges,
  connectionDraftFrom,
  emptyConnectionDraft,
  toCreateConnectionInput,
  validateConnection,
  type ConnectionDraft,
  type ConnectionErrors,
} from './connection-form';
import { useSshKeys, useSshMutation } from './queries';
import type { SshConnection } from './types';

interface ConnectionFormModalProps {
  /** Absent: a new connection. */
  connection?: SshConnection;
  /** The field to put the cursor in first (the remote borg path, after "borg not found"). */
  focus?: keyof ConnectionDraft;
  onClose: () => void;
}

/** Adds a connection, or edits one in place; the server and user are locked while repositories use it. */
export function ConnectionFormModal({ connection, focus = 'name', onClose }: ConnectionFormModalProps) {
  const { data: keys = [] } = useSshKeys();
  const create = useSshMutation('ssh.connections.create');
  const update = useSshMutation('ssh.connections.update');
  const mutation = connection === undefined ? create : update;
  const [draft, setDraft] = useState<ConnectionDraft>(() => (connection === undefined ? emptyConnectionDraft(keys) : connectionDraftFrom(connection)));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<ConnectionErrors>({});
  const errors: ConnectionErrors = { ...serverErrors, ...(attempted ? validateConnection(draft) : {}) };
  const locked = connection !== undefined && connection.repository_ids.length > 0;
  const title = connection === undefined ? 'Add connection' : 'Edit connection';

  const change = (patch: Partial<ConnectionDraft>): void => {
    setDraft((current) => ({ ...current, ...patch }));
    setServerErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key as keyof ConnectionDraft];
      return next;
    });
  };

  const onError = (error: unknown): void => setServerErrors(explainError(error).fieldErrors as ConnectionErrors);

  const submit = (): void => {
    setAttempted(true);
    setServerErrors({});
    if (Object.keys(validateConnection(draft)).length > 0) return;
    if (connection === undefined) {
      create.mutate(toCreateConnectionInput(draft), { onSuccess: onClose, onError });
      return;
    }
    const changes = connectionChanges(connection, draft);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate({ id: connection.id, changes }, { onSuccess: onClose, onError });
  };

  const autofocus = (field: keyof ConnectionDraft) => (field === focus ? { 'data-autofocus': true } : {});
  const lockedNote = locked ? `Locked: ${connection.repository_ids.length === 1 ? 'a repository uses' : `${connection.repository_ids.length} repositories use`} this connection.` : undefined;

  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeOnClickOutside={!mutation.isPending}>
      <form
        noValidate
        aria-label={title}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            description="Optional; without one the connection shows as user@host:port."
            value={draft.name}
            onChange={(e) => change({ name: e.currentTarget.value })}
            error={errors.name}
            {...autofocus('name')}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Host"
              placeholder="backup.example.com"
              value={draft.host}
              onChange={(e) => change({ host: e.currentTarget.value })}
              error={errors.host}
              disabled={locked}
              description={lockedNote}
              autoCapitalize="off"
              spellCheck={false}
              style={{ flex: 3 }}
            />
            <TextInput
              label="Port"
              inputMode="numeric"
              value={draft.port}
              onChange={(e) => change({ port: e.currentTarget.value })}
              error={errors.port}
              disabled={locked}
              maw={120}
            />
          </Group>
          <TextInput
            label="Username"
            value={draft.username}
            onChange={(e) => change({ username: e.currentTarget.value })}
            error={errors.username}
            disabled={locked}
            autoCapitalize="off"
            spellCheck={false}
          />
          {keys.length === 0 ? (
            <Alert color="yellow" variant="light" title="No SSH key yet">
              Generate or import a key first (under SSH keys), then add the connection.
            </Alert>
          ) : (
            <NativeSelect
              label="SSH key"
              description="Borg Desk logs in with this key; its public half must be in the user's authorized_keys on the server."
              data={[
                { value: '', label: 'Choose a key…', disabled: true },
                ...keys.map((k) => ({ value: String(k.id), label: `${k.name} (${k.key_type}, ${k.fingerprint.slice(0, 17)}…)` })),
              ]}
              value={draft.ssh_key_id}
              onChange={(e) => change({ ssh_key_id: e.currentTarget.value })}
              error={errors.ssh_key_id}
            />
          )}
          <TextInput
            label="Default path"
            description="Optional: repository paths given relative on this server go under it, e.g. /srv/backups or ~/backups."
            value={draft.default_path}
            onChange={(e) => change({ default_path: e.currentTarget.value })}
            error={errors.default_path}
            spellCheck={false}
          />
          <TextInput
            label="Remote borg path"
            description="Optional: borg on the server when it is not on the PATH, e.g. /usr/local/bin/borg."
            value={draft.remote_path}
            onChange={(e) => change({ remote_path: e.currentTarget.value })}
            error={errors.remote_path}
            spellCheck={false}
            {...autofocus('remote_path')}
          />
          <ErrorAlert error={mutation.error} title={connection === undefined ? 'The connection was not added' : 'The connection was not saved'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={keys.length === 0}>
              {connection === undefined ? 'Add' : 'Save'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
