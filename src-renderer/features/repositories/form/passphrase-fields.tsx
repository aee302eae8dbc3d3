import { PasswordInput, Stack, Text } from '@mantine/core';
import { passphraseStrength } from './passphrase-strength';

const STRENGTH_COLORS = { empty: 'dimmed', weak: 'red', fair: 'yellow.8', strong: 'teal' } as const;

interface PassphraseFieldsProps {
  passphrase: string;
  confirm: string;
  onPassphrase: (value: string) => void;
  onConfirm: (value: string) => void;
  passphraseError?: string | undefined;
  confirmError?: string | undefined;
  label?: string;
  confirmLabel?: string;
}

/** A new passphrase, typed twice, with a hint about its strength (a warning, never a block). */
export function PassphraseFields(props: PassphraseFieldsProps) {
  const { passphrase, confirm, onPassphrase, onConfirm, passphraseError, confirmError } = props;
  const strength = passphraseStrength(passphrase);
  return (
    <Stack gap="xs">
      <PasswordInput
        label={props.label ?? 'Passphrase'}
        value={passphrase}
        onChange={(event) => onPassphrase(event.currentTarget.value)}
        error={passphraseError}
        autoComplete="new-password"
        description="Needed for every backup and restore. Borg Desk stores it encrypted; keep your own copy somewhere safe too."
      />
      {strength.level !== 'empty' && (
        <Text size="xs" c={STRENGTH_COLORS[strength.level]} data-testid="passphrase-strength" data-level={strength.level}>
          {strength.hint}
        </Text>
      )}
      <PasswordInput
        label={props.confirmLabel ?? 'Confirm passphrase'}
        value={confirm}
        onChange={(event) => onConfirm(event.currentTarget.value)}
        error={confirmError}
        autoComplete="new-password"
      />
    </Stack>
  );
}
