import { describe, expect, it } from 'vitest';
import { ERROR_SENTENCES, explainError, fieldErrorsFrom, isKeyfileAtRisk } from '../../../src-renderer/lib/errors';
import { TransportError } from '../../../src-renderer/transport/transport-error';

describe('explainError', () => {
  it.each([
    ['PASSPHRASE_WRONG', 'The passphrase is wrong. Check it and try again.'],
    ['REPO_EXISTS', 'A repository already exists there. Use Import instead.'],
  ] as const)('maps %s to its sentence and keeps the server message', (code, sentence) => {
    const explained = explainError(new TransportError(code, 'borg: details from the server'));
    expect(explained.sentence).toBe(sentence);
    expect(explained.serverMessage).toBe('borg: details from the server');
  });

  it('tells the user what to do for a lock', () => {
    expect(explainError(new TransportError('REPO_LOCKED', 'lock')).sentence).toMatch(/^The repository is locked by another borg process\. Wait for it to finish;/);
  });

  it('has a sentence for every code the brief names', () => {
    for (const code of [
      'PASSPHRASE_WRONG', 'REPO_LOCKED', 'NOT_A_REPOSITORY', 'REPO_NOT_FOUND', 'REPO_EXISTS', 'KEYFILE_MISSING', 'KEYFILE_MISMATCH',
      'BORG_MISSING', 'VALIDATION', 'CONFLICT', 'FORBIDDEN', 'HOST_KEY_UNKNOWN', 'HOST_KEY_CHANGED', 'SSH_AUTH_FAILED',
      'SSH_CONNECTION_FAILED', 'REMOTE_BORG_MISSING', 'JOB_RUNNING', 'OBSERVE_MODE', 'INTERNAL',
    ] as const) {
      expect(ERROR_SENTENCES[code], code).toMatch(/\.$/);
    }
  });

  it('falls back to the generic sentence for a code it does not know, and for non-transport errors', () => {
    const unknown = new TransportError('SOMETHING_NEW' as never, 'new thing');
    expect(explainError(unknown).sentence).toBe(ERROR_SENTENCES.INTERNAL);
    expect(explainError(unknown).serverMessage).toBe('new thing');
    expect(explainError(new Error('boom')).serverMessage).toBeNull();
  });

  it('maps VALIDATION issues to fields, under update’s "changes" too', () => {
    const error = new TransportError('VALIDATION', 'bad', {
      issues: [
        { path: 'source_directories.1', message: 'source directories must be absolute paths' },
        { path: ['changes', 'name'], message: 'name is required' },
        { path: '', message: 'ignored: no field' },
        { message: 'ignored: no path' },
      ],
    });
    expect(explainError(error).fieldErrors).toEqual({
      source_directories: 'source directories must be absolute paths',
      name: 'name is required',
    });
    expect(fieldErrorsFrom({ issues: 'not an array' })).toEqual({});
  });

  it('puts a refusal that names its field (details.field) on that field', () => {
    const error = new TransportError('CONFLICT', 'A repository named "x" already exists.', { field: 'name' });
    expect(explainError(error).fieldErrors).toEqual({ name: 'A repository named "x" already exists.' });
  });

  it('recognises the keyfile-at-risk refusal and nothing else', () => {
    expect(isKeyfileAtRisk(new TransportError('CONFLICT', 'x', { keyfile_at_risk: true }))).toBe(true);
    expect(isKeyfileAtRisk(new TransportError('CONFLICT', 'x'))).toBe(false);
    expect(isKeyfileAtRisk(new TransportError('JOB_RUNNING', 'x', { keyfile_at_risk: true }))).toBe(false);
  });
});
