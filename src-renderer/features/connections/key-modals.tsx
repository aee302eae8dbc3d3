import { Button, Group, Modal, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useRef, useState } from 'react';
import { explainError } from '../../lib/errors';
import { useTransport } from '../../transport/transport-context';
import { isTransportError } from '../../transport/transport-error';
import { ErrorAlert } from '../../ui/error-alert';
import { useSshMutation } from './queries';

type Errors = Record<string, string>;

const NAME_MAX = 100;
const PRIVATE_KEY_MAX = 16 * 1024;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused.
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkName(name: string, errors: Errors): void {
  const trimmed = name.trim();
  if (trimmed === '') errors.name = 'Enter a name for the key.';
  else if (trimmed.length > NAME_MAX) errors.name = `The name must be at most ${NAME_MAX} characters.`;
  else if (CONTROL.test(trimmed)) errors.name = 'The name must not contain control characters.';
}

function checkPassphrase(value: string, errors: Errors): void {
  if (value.length > 1024) errors.passphrase = 'The passphrase must be at most 1024 characters.';
  // eslint-disable-next-line no-control-regex -- NUL and line breaks are exactly what is refused.
  else if (/[\r\n\u0000]/.test(value)) errors.passphrase = 'The passphrase must be a single line.';
}

/** A new ed25519 key made by ssh-keygen; with a passphrase when the user wants one. */
export function GenerateKeyModal({ onClose }: { onClose: () => void }) {
  const generate = useSshMutation('ssh.keys.generate');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempted, setAttempted] = useState(false);

  const errors: Errors = {};
  if (attempted) {
    checkName(name, errors);
    checkPassphrase(passphrase, errors);
    if (errors.passphrase === undefined && passphrase !== confirm) errors.confirm = 'The passphrases do not match.';
  }
  const serverErrors = generate.error === null ? {} : explainError(generate.error).fieldErrors;

  const submit = (): void => {
    setAttempted(true);
    const check: Errors = {};
    checkName(name, check);
    checkPassphrase(passphrase, check);
    if (Object.keys(check).length > 0 || passphrase !== confirm) return;
    generate.mutate({ name: name.trim(), ...(passphrase === '' ? {} : { passphrase }) }, { onSuccess: onClose });
  };

  return (
    <Modal opened onClose={onClose} title="Generate key" size="md" closeOnClickOutside={!generate.isPending}>
      <form
        noValidate
        aria-label="Generate key"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            An ed25519 key, made on this machine. Its private half never leaves Borg Desk; you give servers its public half.
          </Text>
          <TextInput label="Key name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name ?? serverErrors.name} data-autofocus />
          <PasswordInput
            label="Passphrase"
            description="Optional. Borg Desk keeps it encrypted; after a restart without a system keyring it asks for it again."
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            error={errors.passphrase ?? serverErrors.passphrase}
            autoComplete="new-password"
          />
          {passphrase !== '' && (
            <PasswordInput
              label="Confirm passphrase"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={errors.confirm}
              autoComplete="new-password"
            />
          )}
          <ErrorAlert error={generate.error} title="The key was not generated" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={generate.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={generate.isPending}>
              Generate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An existing private key (pasted or from a file); its passphrase is asked for when it has one. */
export function ImportKeyModal({ onClose }: { onClose: () => void }) {
  const transport = useTransport();
  const importKey = useSshMutation('ssh.keys.import');
  const passphraseRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [pickError, setPickError] = useState<unknown>(null);
  // The server's word on a field holds until that field is edited.
  const [serverErrors, setServerErrors] = useState<Errors>({});

  const validate = (): Errors => {
    const errors: Errors = {};
    checkName(name, errors);
    if (privateKey.trim() === '') errors.private_key = 'Paste the private key, or choose its file.';
    else if (privateKey.length > PRIVATE_KEY_MAX) errors.private_key = 'This is too large to be an SSH private key.';
    checkPassphrase(passphrase, errors);
    return errors;
  };
  const errors: Errors = { ...serverErrors, ...(attempted ? validate() : {}) };
  const clearServerError = (field: string): void =>
    setServerErrors((current) => {
      const next = { ...current };
      delete next[field];
      return next;
    });

  const submit = (): void => {
    setAttempted(true);
    setServerErrors({});
    if (Object.keys(validate()).length > 0) return;
    importKey.mutate(
      { name: name.trim(), private_key: privateKey, ...(passphrase === '' ? {} : { passphrase }) },
      {
        onSuccess: onClose,
        onError: (error) => {
          const fields = explainError(error).fieldErrors;
          if (isTransportError(error) && (error.code === 'PASSPHRASE_REQUIRED' || error.code === 'PASSPHRASE_WRONG')) {
            fields.passphrase = error.code === 'PASSPHRASE_REQUIRED' ? 'This key is protected by a passphrase: enter it.' : 'This passphrase does not open the key.';
            passphraseRef.current?.focus();
          }
          setServerErrors(fields);
        },
      },
    );
  };

  const chooseFile = async (): Promise<void> => {
    setPickError(null);
    try {
      const file = await transport.openFile({ title: 'Choose the private key file' });
      if (file === null) return;
      setPrivateKey(file.content);
      clearServerError('private_key');
      if (name.trim() === '') setName(file.name.replace(/\.(pem|key)$/i, ''));
    } catch (error) {
      setPickError(error);
    }
  };

  // A wrong or missing passphrase says so on its field; the alert would only repeat it.
  const passphraseProblem = isTransportError(importKey.error) && (importKey.error.code === 'PASSPHRASE_REQUIRED' || importKey.error.code === 'PASSPHRASE_WRONG');

  return (
    <Modal opened onClose={onClose} title="Import key" size="lg" closeOnClickOutside={!importKey.isPending}>
      <form
        noValidate
        aria-label="Import key"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Key name"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              clearServerError('name');
            }}
            error={errors.name}
            data-autofocus
          />
          <Textarea
            label="Private key"
            description="The whole file, from -----BEGIN to END-----; not the .pub file."
            placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
            autosize
            minRows={4}
            maxRows={10}
            value={privateKey}
            onChange={(e) => {
              setPrivateKey(e.currentTarget.value);
              clearServerError('private_key');
            }}
            error={errors.private_key}
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
          />
          <Button variant="default" onClick={() => void chooseFile()} style={{ alignSelf: 'flex-start' }}>
            Choose file…
          </Button>
          <ErrorAlert error={pickError} />
          <PasswordInput
            ref={passphraseRef}
            label="Passphrase"
            description="Only if the key has one."
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.currentTarget.value);
              clearServerError('passphrase');
            }}
            error={errors.passphrase}
            autoComplete="off"
          />
          {!passphraseProblem && <ErrorAlert error={importKey.error} title="The key was not imported" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={importKey.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={importKey.isPending}>
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
