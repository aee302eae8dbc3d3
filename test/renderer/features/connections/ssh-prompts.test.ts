import { describe, expect, it } from 'vitest';
import { promptFor } from '../../../../src-renderer/features/connections/ssh-prompts';
import { explainError } from '../../../../src-renderer/lib/errors';
import { TransportError } from '../../../../src-renderer/transport/transport-error';
import { FINGERPRINT_A, FINGERPRINT_B } from '../../fixtures';

const where = { connection_id: 4, host: 'nas.local', port: 2222 };

describe('which SSH errors the user can settle on the spot', () => {
  it('offers to trust an unknown host key only when the server said which key it presents', () => {
    expect(promptFor(new TransportError('HOST_KEY_UNKNOWN', 'x', { ...where, fingerprint: FINGERPRINT_A, key_type: 'ssh-ed25519' }))).toEqual({
      kind: 'trust',
      connectionId: 4,
      host: 'nas.local',
      port: 2222,
      fingerprint: FINGERPRINT_A,
      keyType: 'ssh-ed25519',
    });
    expect(promptFor(new TransportError('HOST_KEY_UNKNOWN', 'x', where))).toBeNull();
  });

  it('takes the connection from the caller when the details do not name it', () => {
    const error = new TransportError('HOST_KEY_UNKNOWN', 'x', { host: 'h', port: 22, fingerprint: FINGERPRINT_A });
    expect(promptFor(error)).toBeNull();
    expect(promptFor(error, 9)).toMatchObject({ kind: 'trust', connectionId: 9 });
  });

  it('offers to replace a changed key with the presented one, never with nothing', () => {
    const details = { ...where, expected_fingerprint: FINGERPRINT_A, presented_fingerprint: FINGERPRINT_B, key_type: 'ssh-ed25519' };
    expect(promptFor(new TransportError('HOST_KEY_CHANGED', 'x', details))).toMatchObject({ kind: 'replace', expected: FINGERPRINT_A, presented: FINGERPRINT_B });
    expect(promptFor(new TransportError('HOST_KEY_CHANGED', 'x', { ...details, presented_fingerprint: null }))).toBeNull();
  });

  it('asks to unlock an SSH key, but not for a repository passphrase', () => {
    expect(promptFor(new TransportError('PASSPHRASE_REQUIRED', 'x', { ssh_key_id: 3 }))).toEqual({ kind: 'unlock', keyId: 3 });
    expect(promptFor(new TransportError('PASSPHRASE_REQUIRED', 'x', { field: 'passphrase' }))).toBeNull();
    expect(promptFor(new TransportError('SSH_AUTH_FAILED', 'x', { ssh_key_id: 3 }))).toBeNull();
    expect(promptFor(new Error('plain'))).toBeNull();
  });

  it('says which passphrase is missing: the SSH key’s, not the repository’s', () => {
    expect(explainError(new TransportError('PASSPHRASE_REQUIRED', 'x', { ssh_key_id: 3 })).sentence).toMatch(/^The SSH key has a passphrase/);
    expect(explainError(new TransportError('PASSPHRASE_REQUIRED', 'x')).sentence).toMatch(/^This repository is encrypted/);
    expect(explainError(new TransportError('SSH_AUTH_FAILED', 'x', { method: 'password' })).sentence).toMatch(/refused the password/);
  });
});
