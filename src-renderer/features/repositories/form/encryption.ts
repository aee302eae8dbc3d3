import type { EncryptionMode, RepositoryEncryption } from '../../../lib/contract';

/** One line per mode, so the choice is made knowing what each costs. */
export const ENCRYPTION_OPTIONS: ReadonlyArray<{ value: EncryptionMode; label: string; explanation: string }> = [
  {
    value: 'repokey',
    label: 'repokey',
    explanation: 'The key is stored in the repository, protected by the passphrase: the passphrase alone unlocks it.',
  },
  {
    value: 'keyfile',
    label: 'keyfile',
    explanation: 'The key is kept by Borg Desk, outside the repository: you need both the keyfile and the passphrase. Export the keyfile and keep a copy.',
  },
  {
    value: 'repokey-blake2',
    label: 'repokey-blake2',
    explanation: 'Like repokey, with BLAKE2b authentication: faster on computers without SHA-256 hardware support.',
  },
  {
    value: 'keyfile-blake2',
    label: 'keyfile-blake2',
    explanation: 'Like keyfile, with BLAKE2b authentication: faster on computers without SHA-256 hardware support.',
  },
  { value: 'none', label: 'none', explanation: 'No encryption: anyone who can read the repository can read your files.' },
];

export const KEYFILE_MODES: readonly RepositoryEncryption[] = ['keyfile', 'keyfile-blake2'];

export function usesKeyfile(mode: RepositoryEncryption): boolean {
  return KEYFILE_MODES.includes(mode);
}

export function encryptionExplanation(mode: EncryptionMode): string {
  return ENCRYPTION_OPTIONS.find((o) => o.value === mode)?.explanation ?? '';
}
