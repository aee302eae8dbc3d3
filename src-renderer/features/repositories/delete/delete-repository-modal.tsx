import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Repository } from '../../../lib/contract';
import { isKeyfileAtRisk } from '../../../lib/errors';
import { ErrorAlert } from '../../../ui/error-alert';
import { useKeyfileExport } from '../details/use-keyfile-export';
import { useRepositories, useRepositoryMutation } from '../queries';
import { useRepositoriesUi } from '../ui-store';

/**
 * Forgets a repository. Two steps when the core refuses because it holds the only copy of a
 * keyfile: export it, or say plainly that losing it is fine.
 */
export function DeleteRepositoryModal({ id }: { id: number }) {
  const closeDialog = useRepositoriesUi((s) => s.closeDialog);
  const { data } = useRepositories();
  const current = data?.find((r) => r.id === id);
  // Kept after the delete succeeds, so the modal does not flash "no longer exists" while it closes.
  const [remembered] = useState(current);
  const repository = current ?? remembered;
  return (
    <Modal opened onClose={closeDialog} title="Delete repository from Borg Desk" size="md">
      {repository === undefined ? <Text>This repository no longer exists.</Text> : <DeleteSteps repository={repository} onCancel={closeDialog} />}
    </Modal>
  );
}

function DeleteSteps({ repository, onCancel }: { repository: Repository; onCancel: () => void }) {
  const closeDialog = useRepositoriesUi((s) => s.closeDialog);
  const select = useRepositoriesUi((s) => s.select);
  const remove = useRepositoryMutation('repositories.delete');
  const exporter = useKeyfileExport(repository.id);
  const [keyfileStep, setKeyfileStep] = useState(false);
  const [acceptLoss, setAcceptLoss] = useState(false);
  const [exportedAs, setExportedAs] = useState<string | null>(null);

  const send = (confirmKeyfileLoss: boolean): void => {
    remove.mutate(confirmKeyfileLoss ? { id: repository.id, confirm_keyfile_loss: true } : { id: repository.id }, {
      onSuccess: () => {
        select(null);
        closeDialog();
      },
      onError: (error) => {
        if (isKeyfileAtRisk(error)) {
          setKeyfileStep(true);
          remove.reset();
        }
      },
    });
  };

  if (!keyfileStep) {
    return (
      <Stack gap="md" data-testid="delete-confirm">
        <Text>
          Borg Desk will forget <strong>{repository.name}</strong>.
        </Text>
        <Text>
          The borg repository at <Code>{repository.path}</Code> and all its archives stay on disk: nothing is deleted there, and you can import
          it again later. Only Borg Desk&apos;s record of it (settings and stored passphrase) is removed.
        </Text>
        <ErrorAlert error={remove.error} title="The repository was not removed" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={() => send(false)} loading={remove.isPending}>
            Remove from Borg Desk
          </Button>
        </Group>
      </Stack>
    );
  }

  const mayProceed = acceptLoss || exportedAs !== null;
  return (
    <Stack gap="md" data-testid="delete-keyfile-at-risk">
      <Alert color="orange" variant="light" title="Borg Desk holds the only copy of this keyfile; export it first">
        Without the keyfile nobody can read the archives in this repository, not even with the passphrase. Export it and keep it safe before
        Borg Desk forgets the repository.
      </Alert>
      <Group gap="xs">
        <Button
          variant="default"
          loading={exporter.isPending}
          onClick={() =>
            exporter.mutate('keyfile', {
              onSuccess: (result) => {
                if (result.saved) setExportedAs(result.filename);
              },
            })
          }
        >
          Export keyfile
        </Button>
        {exportedAs !== null && (
          <Text size="sm" c="teal" role="status">
            Saved as &quot;{exportedAs}&quot;.
          </Text>
        )}
      </Group>
      <ErrorAlert error={exporter.error} title="The keyfile was not exported" />
      <Checkbox label="Delete anyway" description="I have a copy of the keyfile, or I accept losing access to these archives." checked={acceptLoss} onChange={(e) => setAcceptLoss(e.currentTarget.checked)} />
      <ErrorAlert error={remove.error} title="The repository was not removed" />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={remove.isPending}>
          Cancel
        </Button>
        <Button color="red" onClick={() => send(true)} disabled={!mayProceed} loading={remove.isPending}>
          Remove from Borg Desk
        </Button>
      </Group>
    </Stack>
  );
}
