import { Alert, Button, Checkbox, Divider, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Repository } from '../../../lib/contract';
import { ErrorAlert } from '../../../ui/error-alert';
import { diffChanges, editDraftFrom } from '../form/drafts';
import { PassphraseFields } from '../form/passphrase-fields';
import { SettingsFields } from '../form/settings-fields';
import { useDraftForm } from '../form/use-draft-form';
import { validateEdit } from '../form/validation';
import { useRepositories, useRepositoryMutation } from '../queries';
import { useRepositoriesUi } from '../ui-store';

/** Edits a repository in place; the record (and its history) stays. */
export function EditRepositoryModal({ id }: { id: number }) {
  const closeDialog = useRepositoriesUi((s) => s.closeDialog);
  const { data } = useRepositories();
  const repository = data?.find((r) => r.id === id);
  return (
    <Modal opened onClose={closeDialog} title={repository === undefined ? 'Edit repository' : `Edit ${repository.name}`} size="lg">
      {repository === undefined ? (
        <Text>This repository no longer exists.</Text>
      ) : (
        <EditForm repository={repository} onDone={closeDialog} />
      )}
    </Modal>
  );
}

function EditForm({ repository, onDone }: { repository: Repository; onDone: () => void }) {
  const update = useRepositoryMutation('repositories.update');
  const form = useDraftForm(() => editDraftFrom(repository), validateEdit);
  const { draft, errors } = form;
  const [nothingChanged, setNothingChanged] = useState(false);

  const submit = (): void => {
    if (!form.check()) return;
    const changes = diffChanges(repository, draft);
    if (Object.keys(changes).length === 0) {
      setNothingChanged(true);
      return;
    }
    update.mutate({ id: repository.id, changes }, { onSuccess: onDone, onError: form.showServerError });
  };

  const change = (patch: Parameters<typeof form.update>[0]): void => {
    setNothingChanged(false);
    form.update(patch);
  };

  return (
    <form
      noValidate
      aria-label="Edit repository"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <TextInput label="Name" value={draft.name} onChange={(e) => change({ name: e.currentTarget.value })} error={errors.name} data-autofocus />
        <TextInput label="Path" value={draft.path} onChange={(e) => change({ path: e.currentTarget.value })} error={errors.path} />
        {draft.path.trim() !== repository.path && (
          <Alert color="yellow" variant="light">
            Borg Desk checks that the new path holds this same repository (same borg id) before saving. It never creates a repository there.
          </Alert>
        )}
        <Divider />
        <SettingsFields draft={draft} onChange={change} errors={errors} />
        <Divider />
        <Checkbox
          label="Change stored passphrase"
          description="For when the repository's passphrase was changed with borg; Borg Desk checks the new one before storing it."
          checked={draft.change_passphrase}
          onChange={(e) => change({ change_passphrase: e.currentTarget.checked, current_passphrase: '', new_passphrase: '', new_passphrase_confirm: '' })}
        />
        {draft.change_passphrase && (
          <Stack gap="xs" data-testid="change-passphrase">
            <PasswordInput
              label="Current passphrase"
              value={draft.current_passphrase}
              onChange={(e) => change({ current_passphrase: e.currentTarget.value })}
              error={errors.current_passphrase}
              autoComplete="current-password"
            />
            <PassphraseFields
              label="New passphrase"
              confirmLabel="Confirm new passphrase"
              passphrase={draft.new_passphrase}
              confirm={draft.new_passphrase_confirm}
              onPassphrase={(new_passphrase) => change({ new_passphrase })}
              onConfirm={(new_passphrase_confirm) => change({ new_passphrase_confirm })}
              passphraseError={errors.passphrase}
              confirmError={errors.passphrase_confirm}
            />
          </Stack>
        )}
        {nothingChanged && (
          <Text size="sm" c="dimmed" role="status">
            Nothing has changed, so there is nothing to save.
          </Text>
        )}
        <ErrorAlert error={update.error} title="The changes were not saved" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
