import { NativeSelect, TextInput } from '@mantine/core';
import type { EncryptionMode, OperationInput } from '../../../lib/contract';
import { useSshPrompts } from '../../connections/ssh-prompts';
import { emptyCreateDraft, toCreateInput } from '../form/drafts';
import { ENCRYPTION_OPTIONS, encryptionExplanation } from '../form/encryption';
import { LocationFields, useDefaultPathOf } from '../form/location-fields';
import { PassphraseFields } from '../form/passphrase-fields';
import { RepositoryFormModal } from '../form/repository-form-modal';
import { useDraftForm } from '../form/use-draft-form';
import { validateCreate } from '../form/validation';
import { useRepositoryMutation } from '../queries';
import { useRepositoriesUi } from '../ui-store';

/** Runs `borg init` at a new location and remembers the repository. */
export function CreateRepositoryModal() {
  const closeDialog = useRepositoriesUi((s) => s.closeDialog);
  const select = useRepositoriesUi((s) => s.select);
  const create = useRepositoryMutation('repositories.create');
  const defaultPathOf = useDefaultPathOf();
  const { draft, update, errors, check, showServerError } = useDraftForm(emptyCreateDraft, (d) => validateCreate(d, defaultPathOf));
  // A server met for the first time, or an SSH key without its passphrase: settle it, then send again.
  const prompts = useSshPrompts({ nested: true });

  const send = (input: OperationInput<'repositories.create'>): void => {
    create.mutate(input, {
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
    send(toCreateInput(draft));
  };

  return (
    <RepositoryFormModal
      title="Create repository"
      submitLabel="Create"
      errorTitle="The repository was not created"
      pending={create.isPending}
      error={create.error}
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
        localDescription="A new, empty or not yet existing folder."
        serverVerb="goes"
        browseTitle="Choose where the new repository goes"
        onLeave={closeDialog}
      />
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
    </RepositoryFormModal>
  );
}
