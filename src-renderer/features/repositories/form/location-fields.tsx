import { Alert, Button, Group, Loader, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useId } from 'react';
import { useNavigation } from '../../../app/navigation';
import { useTransport } from '../../../transport/transport-context';
import { ErrorAlert } from '../../../ui/error-alert';
import { useConnections } from '../../connections/queries';
import { connectionLabel, endpointOf, type SshConnection } from '../../connections/types';
import type { LocationDraft, LocationKind } from './drafts';
import type { DefaultPathOf, FieldErrors } from './validation';

interface LocationFieldsProps {
  draft: LocationDraft;
  onChange: (patch: Partial<LocationDraft>) => void;
  errors: FieldErrors;
  /** What the path is, here: a new folder (create) or where the repository already is (import). */
  localDescription: string;
  serverVerb: string;
  browseTitle: string;
  /** Leaves the form to set up a connection first. */
  onLeave: () => void;
}

/** The connection's default path as the validation wants it. */
export function useDefaultPathOf(): DefaultPathOf {
  const { data } = useConnections(false);
  return (id) => data?.find((c) => String(c.id) === id)?.default_path ?? null;
}

/** "On this computer" or "On a server" through an SSH connection, and the path there. */
export function LocationFields({ draft, onChange, errors, localDescription, serverVerb, browseTitle, onLeave }: LocationFieldsProps) {
  const transport = useTransport();
  const { go } = useNavigation();
  const labelId = useId();
  const onServer = draft.location === 'server';
  const connections = useConnections(onServer);
  const list = connections.data;
  const chosen = list?.find((c) => String(c.id) === draft.connection_id);

  // With a single connection there is nothing to choose.
  const only = list?.length === 1 ? list[0] : undefined;
  useEffect(() => {
    if (onServer && draft.connection_id === '' && only !== undefined) onChange({ connection_id: String(only.id) });
  }, [onServer, draft.connection_id, only, onChange]);

  const browse = async (): Promise<void> => {
    const picked = await transport.pickDirectory({ title: browseTitle });
    if (picked !== null) onChange({ path: picked });
  };

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text id={labelId} size="sm" fw={500}>
          Location
        </Text>
        <SegmentedControl
          aria-labelledby={labelId}
          data={[
            { value: 'local', label: 'On this computer' },
            { value: 'server', label: 'On a server' },
          ]}
          value={draft.location}
          onChange={(value) => onChange({ location: value as LocationKind })}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
      {onServer && (
        <ConnectionPicker
          connections={list}
          loading={connections.isPending}
          error={connections.error}
          value={draft.connection_id}
          fieldError={errors.connection_id}
          onPick={(connection_id) => onChange({ connection_id })}
          onAddConnection={() => {
            onLeave();
            go('connections');
          }}
        />
      )}
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label="Path"
          description={onServer ? serverPathDescription(chosen, serverVerb) : localDescription}
          placeholder={onServer ? (chosen?.default_path !== null && chosen !== undefined ? 'laptop' : '/srv/borg/laptop') : '/mnt/backup/borg'}
          value={draft.path}
          onChange={(e) => onChange({ path: e.currentTarget.value })}
          error={errors.path}
          spellCheck={false}
          style={{ flex: 1 }}
        />
        {!onServer && transport.canPickDirectory && (
          <Button variant="default" aria-label="Browse for the repository folder" onClick={() => void browse()} mb={errors.path === undefined ? 0 : 22}>
            Browse…
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function serverPathDescription(connection: SshConnection | undefined, verb: string): string {
  const where = connection === undefined ? 'the server' : endpointOf(connection);
  const relative = connection?.default_path ? `, or relative to ${connection.default_path}` : '';
  return `Where the repository ${verb} on ${where}: an absolute path such as /srv/borg/laptop${relative}.`;
}

interface ConnectionPickerProps {
  connections: SshConnection[] | undefined;
  loading: boolean;
  error: unknown;
  value: string;
  fieldError: string | undefined;
  onPick: (id: string) => void;
  onAddConnection: () => void;
}

function ConnectionPicker({ connections, loading, error, value, fieldError, onPick, onAddConnection }: ConnectionPickerProps) {
  if (loading) return <Loader size="sm" aria-label="Loading connections" />;
  if (connections === undefined) return <ErrorAlert error={error} title="The connections could not be loaded" />;
  if (connections.length === 0) {
    return (
      <Alert color="yellow" variant="light" title="No SSH connection yet" data-testid="no-connections-hint">
        <Text size="sm">A repository on a server is reached through an SSH connection. Add one (and test it), then come back here.</Text>
        <Button size="xs" mt="xs" variant="default" onClick={onAddConnection}>
          Go to Connections
        </Button>
      </Alert>
    );
  }
  const chosen = connections.find((c) => String(c.id) === value);
  return (
    <NativeSelect
      label="Connection"
      data={[
        { value: '', label: 'Choose a connection…', disabled: true },
        ...connections.map((c) => ({ value: String(c.id), label: c.name === null ? endpointOf(c) : `${connectionLabel(c)} (${endpointOf(c)})` })),
      ]}
      value={value}
      onChange={(e) => onPick(e.currentTarget.value)}
      error={fieldError}
      description={
        chosen !== undefined && chosen.host_key_fingerprint === null
          ? "This server's host key is not trusted yet: you will be asked to check its fingerprint."
          : 'The server, user and SSH key Borg Desk logs in with.'
      }
    />
  );
}
