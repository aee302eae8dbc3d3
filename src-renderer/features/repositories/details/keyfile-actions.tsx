import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Repository } from '../../../lib/contract';
import { useTransport } from '../../../transport/transport-context';
import { ErrorAlert } from '../../../ui/error-alert';
import { useCanWrite } from '../../auth/role-context';
import { usesKeyfile } from '../form/encryption';
import { useRepositoryMutation } from '../queries';
import { useKeyfileExport } from './use-keyfile-export';

/** Upload (keyfile modes) and export (any encrypted mode) of the repository key. */
export function KeyfileActions({ repository }: { repository: Repository }) {
  const transport = useTransport();
  const canWrite = useCanWrite();
  const upload = useRepositoryMutation('repositories.uploadKeyfile');
  const exporter = useKeyfileExport(repository.id);
  const [pickError, setPickError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const keyfileMode = usesKeyfile(repository.encryption);

  if (repository.encryption === 'none') return null;

  const chooseAndUpload = async (): Promise<void> => {
    setPickError(null);
    setNotice(null);
    let file;
    try {
      file = await transport.openFile({ title: `Choose the keyfile of ${repository.name}` });
    } catch (error) {
      setPickError(error);
      return;
    }
    if (file === null) return;
    upload.mutate({ id: repository.id, content: file.content }, { onSuccess: () => setNotice(`Keyfile "${file.name}" uploaded and checked.`) });
  };

  const exportAs = (format: 'keyfile' | 'paper'): void => {
    setNotice(null);
    exporter.mutate(format, {
      onSuccess: (result) => {
        if (result.saved) setNotice(`Saved ${format === 'paper' ? 'the paper key' : 'the keyfile'} as "${result.filename}". Keep it somewhere safe, apart from the backups.`);
      },
    });
  };

  return (
    <Stack gap="xs" data-testid="keyfile-actions">
      {keyfileMode && !repository.has_keyfile && (
        <Alert color="yellow" variant="light" title="No keyfile">
          Borg Desk has no keyfile for this repository, so it cannot open it. Upload the keyfile.
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {keyfileMode
          ? 'The key lives outside the repository. Without it (and the passphrase) the backups cannot be read: keep an exported copy.'
          : 'The key lives inside the repository. An exported copy helps if the repository is damaged.'}
      </Text>
      {canWrite && (
        <Group gap="xs">
          {keyfileMode && (
            <Button variant="default" onClick={() => void chooseAndUpload()} loading={upload.isPending}>
              Upload keyfile
            </Button>
          )}
          <Button variant="default" onClick={() => exportAs('keyfile')} loading={exporter.isPending && exporter.variables === 'keyfile'}>
            Export keyfile
          </Button>
          <Button variant="default" onClick={() => exportAs('paper')} loading={exporter.isPending && exporter.variables === 'paper'}>
            Export paper form
          </Button>
        </Group>
      )}
      {notice !== null && (
        <Text size="sm" c="teal" role="status">
          {notice}
        </Text>
      )}
      <ErrorAlert error={pickError ?? upload.error ?? exporter.error} />
    </Stack>
  );
}
