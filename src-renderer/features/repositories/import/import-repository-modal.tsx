import { Alert, Button, Code, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { OperationInput } from '../../../lib/contract';
import { useTransport } from '../../../transport/transport-context';
import { ErrorAlert } from '../../../ui/error-alert';
import { useSshPrompts } from '../../connections/ssh-prompts';
import { emptyImportDraft, toImportInput } from '../form/drafts';
import { LocationFields, useDefaultPathOf } from '../form/location-fields';
import { RepositoryFormModal } from '../form/repository-form-modal';
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
  const defaultPathOf = useDefaultPathOf();
  const { draft, update, errors, check, showServerError } = useDraftForm(emptyImportDraft, (d) => validateImport(d, defaultPathOf));
  const [pickError, setPickError] = useState<unknown>(null);
  // A server met for the first time, or an SSH key without its passphrase: settle it, then send again.
  const prompts = useSshPrompts({ nested: true });

  const send = (input: OperationInput<'repositories.import'>): void => {
    importRepo.mutate(input, {
      onSuccess: (repository) => {
        closeDialog();
        select(repository.id);
      },
      onError: (error) => {
        if (!prompts.handle(error, () => send(input))) showServerError(error);
      },
    });
  };

  const submit = (): void => {
    if (!check()) return;
    send(toImportInput(draft));
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

  return (
    <RepositoryFormModal
      title="Import repository"
      submitLabel="Import"
      errorTitle="The repository was not imported"
      pending={importRepo.isPending}
      error={importRepo.error}
      promptOpen={prompts.open}
      onClose={closeDialog}
      onSubmit={submit}
      prompts={prompts.element}
      draft={draft}
      onChange={update}
      errors={errors}
    >
      <TextInput label="Name" value={draft.name} onChange={(e) => update({ name: e.currentTarget.value })} error={errors.name} data-autofocus />
      <LocationFields
        draft={draft}
        onChange={update}
        errors={errors}
        localDescription="The folder that holds the existing repository."
        serverVerb="is"
        browseTitle="Choose the existing repository folder"
        onLeave={closeDialog}
      />
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
    </RepositoryFormModal>
  );
}
