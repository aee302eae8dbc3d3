import { Button, Divider, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import type { EncryptionMode } from '../../../lib/contract';
import { useTransport } from '../../../transport/transport-context';
import { ErrorAlert } from '../../../ui/error-alert';
import { emptyCreateDraft, toCreateInput } from '../form/drafts';
import { ENCRYPTION_OPTIONS, encryptionExplanation } from '../form/encryption';
import { PassphraseFields } from '../form/passphrase-fields';
import { SettingsFields } from '../form/settings-fields';
import { useDraftForm } from '../form/use-draft-form';
import { validateCreate } from '../form/validation';
import { useRepositoryMutation } from '../queries';
import { useRepositoriesUi } from '../ui-store';

/** Runs `borg init` at a new location and remembers the repository. */
export function CreateRepositoryModal() {
  const transport = useTransport();
  const closeDialog = useRepositoriesUi((s) => s.closeDialog);
  const select = useRepositoriesUi((s) => s.select);
  const create = useRepositoryMutation('repositories.create');
  const { draft, update, errors, check, showServerError } = useDraftForm(emptyCreateDraft, validateCreate);

  const submit = (): void => {
    if (!check()) return;
    create.mutate(toCreateInput(draft), {
      onSuccess: (repository) => {
        closeDialog();
        select(repository.id);
      },
      onError: showServerError,
    });
  };

  const browsePath = async (): Promise<void> => {
    const picked = await transport.pickDirectory({ title: 'Choose where the new repository goes' });
    if (picked !== null) update({ path: picked });
  };

  return (
    <Modal opened onClose={closeDialog} title="Create repository" size="lg" closeOnClickOutside={!create.isPending}>
      <form
        noValidate
        aria-label="Create repository"
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
              description="A new, empty or not yet existing folder; or ssh://user@host:port/path for a server."
              placeholder="/mnt/backup/borg"
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
          <NativeSelect
            label="Encryption"
            data={ENCRYPTION_OPTIONS.map(({ value, label }) => ({ value, label }))}
            value={draft.encryption}
            onChange={(e) => {
              const encryption = e.currentTarget.value as EncryptionMode;
              update(encryption === 'none' ? { encryption, passphrase: '', passphrase_confirm: '' } : { encryption });
            }}
            description={encryptionExplanation(draft.encryption)}
            error={errors.encryption}
          />
          {draft.encryption !== 'none' && (
            <PassphraseFields
              passphrase={draft.passphrase}
              confirm={draft.passphrase_confirm}
              onPassphrase={(passphrase) => update({ passphrase })}
              onConfirm={(passphrase_confirm) => update({ passphrase_confirm })}
              passphraseError={errors.passphrase}
              confirmError={errors.passphrase_confirm}
            />
          )}
          <Divider />
          <SettingsFields draft={draft} onChange={update} errors={errors} />
          <ErrorAlert error={create.error} title="The repository was not created" />
          <Group justify="flex-end">
            <Button variant="default" onClick={closeDialog} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
