export type StrengthLevel = 'empty' | 'weak' | 'fair' | 'strong';

export interface PassphraseStrength {
  level: StrengthLevel;
  hint: string;
}

/**
 * A rough hint from length and character classes. It only warns: borg accepts any
 * passphrase, and a long phrase of plain words is strong without symbols.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const length = [...passphrase].length;
  if (length === 0) return { level: 'empty', hint: '' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase)).length;
  if (length < 8) {
    return { level: 'weak', hint: 'Weak: too short. Use at least 12 characters, or several random words.' };
  }
  if (length >= 20 || (length >= 12 && classes >= 3)) {
    return { level: 'strong', hint: 'Strong.' };
  }
  if (length >= 12 || classes >= 3) {
    return { level: 'fair', hint: 'Fair: a longer passphrase (several random words) is harder to guess.' };
  }
  return { level: 'weak', hint: 'Weak: use at least 12 characters mixing letters, digits and symbols, or several random words.' };
}
