import { Alert, Button, Code, Divider, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTransport } from '../../../transport/transport-context';
import { ErrorAlert } from '../../../ui/error-alert';
import { emptyImportDraft, toImportInput } from '../form/drafts';
import { SettingsFields } from '../form/settings-fields';
import { useDraftForm } from '../form/use-draft-form';
import { validateImport } from '../form/validation';
import { useRepositoryMutation } from '../queries';
import { useRepositoriesUi } from '../ui-store';

/** Adopts a borg repository that already exists; nothing is written to it. */
export function ImportRepositoryModal() {
  const transport = useTransport();
  const closeDialog = useRepositoriesUi((s) => s.closeDialog);
  const select = useRepositoriesUi((s) => s.select);
  const importRepo = useRepositoryMutation('repositories.import');
  const { draft, update, errors, check, showServerError } = useDraftForm(emptyImportDraft, validateImport);
  const [pickError, setPickError] = useState<unknown>(null);

  const submit = (): void => {
    if (!check()) return;
    importRepo.mutate(toImportInput(draft), {
      onSuccess: (repository) => {
        closeDialog();
        select(repository.id);
      },
      onError: showServerError,
    });
  };

  const chooseKeyfile = async (): Promise<void> => {
    setPickError(null);
    try {
      const file = await transport.openFile({ title: 'Choose the borg keyfile' });
      if (file !== null) update({ keyfile: file });
    } catch (error) {
      setPickError(error);
    }
  };

  const browsePath = async (): Promise<void> => {
    const picked = await transport.pickDirectory({ title: 'Choose the existing repository folder' });
    if (picked !== null) update({ path: picked });
  };

  return (
    <Modal opened onClose={closeDialog} title="Import repository" size="lg" closeOnClickOutside={!importRepo.isPending}>
      <form
        noValidate
        aria-label="Import repository"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <TextInput label="Name" value={draft.name} onChange={(e) => update({ name: e.currentTarget.value })} error={errors.name} data-autofocus />
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label="Path"
              description="Where the existing repository is: a folder, or ssh://user@host:port/path."
              value={draft.path}
              onChange={(e) => update({ path: e.currentTarget.value })}
              error={errors.path}
              style={{ flex: 1 }}
            />
            {transport.canPickDirectory && (
              <Button variant="default" aria-label="Browse for the repository folder" onClick={() => void browsePath()} mb={errors.path === undefined ? 0 : 22}>
                Browse…
              </Button>
            )}
          </Group>
          <PasswordInput
            label="Passphrase"
            description="Leave empty for an unencrypted repository."
            value={draft.passphrase}
            onChange={(e) => update({ passphrase: e.currentTarget.value })}
            error={errors.passphrase}
            autoComplete="current-password"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Keyfile
            </Text>
            <Text size="xs" c="dimmed">
              Only for keyfile encryption: the key borg keeps outside the repository (usually in ~/.config/borg/keys).
            </Text>
            {draft.keyfile === null ? (
              <Button variant="default" onClick={() => void chooseKeyfile()} style={{ alignSelf: 'flex-start' }}>
                Choose keyfile…
              </Button>
            ) : (
              <Group gap="xs">
                <Code data-testid="chosen-keyfile">{draft.keyfile.name}</Code>
                <Button variant="subtle" size="xs" onClick={() => update({ keyfile: null })}>
                  Remove keyfile
                </Button>
              </Group>
            )}
            {errors.keyfile_content !== undefined && (
              <Text size="sm" c="red">
                {errors.keyfile_content}
              </Text>
            )}
            <ErrorAlert error={pickError} />
          </Stack>
          <Alert color="blue" variant="light">
            {draft.mode === 'full'
              ? 'In full mode Borg Desk also runs backups into this repository. Choose observe to only watch it.'
              : 'In observe mode Borg Desk only reads this repository: status, archives, size.'}
          </Alert>
          <Divider />
          <SettingsFields draft={draft} onChange={update} errors={errors} />
          <ErrorAlert error={importRepo.error} title="The repository was not imported" />
          <Group justify="flex-end">
            <Button variant="default" onClick={closeDialog} disabled={importRepo.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={importRepo.isPending}>
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
