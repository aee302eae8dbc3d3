import { describe, expect, it } from 'vitest';
import { compressionString, diffChanges, editDraftFrom, emptyCreateDraft, parseCompression, toCreateInput } from '../../../../src-renderer/features/repositories/form/drafts';
import { passphraseStrength } from '../../../../src-renderer/features/repositories/form/passphrase-strength';
import { isRepositoryLocation, validateCreate, validateEdit } from '../../../../src-renderer/features/repositories/form/validation';
import { makeRepository } from '../../fixtures';

describe('repository locations', () => {
  it.each(['/srv/borg', 'C:\\borg', 'ssh://u@h:22/srv/borg', 'u@host:borg/repo'])('accepts %s', (path) => {
    expect(isRepositoryLocation(path)).toBe(true);
  });
  it.each(['borg', './borg', '~/borg', 'ssh://host', 'host:path'])('refuses %s', (path) => {
    expect(isRepositoryLocation(path)).toBe(false);
  });
});

describe('create validation', () => {
  const valid = { ...emptyCreateDraft(), name: 'n', path: '/p', passphrase: 'pw', passphrase_confirm: 'pw', source_directories: ['/d'] };

  it('accepts a complete draft', () => {
    expect(validateCreate(valid)).toEqual({});
  });

  it('needs an archive name template with a time placeholder, and sends it only when changed', () => {
    expect(validateCreate({ ...valid, archive_name_template: '' }).archive_name_template).toMatch(/Give an archive name template/);
    expect(validateCreate({ ...valid, archive_name_template: 'nightly' }).archive_name_template).toMatch(/time placeholder/);
    expect(validateCreate({ ...valid, archive_name_template: 'nightly-{utcnow}' }).archive_name_template).toBeUndefined();
    expect(toCreateInput(valid)).not.toHaveProperty('archive_name_template');
    expect(toCreateInput({ ...valid, archive_name_template: 'nightly-{now}' })).toMatchObject({ archive_name_template: 'nightly-{now}' });
    const repo = makeRepository();
    expect(diffChanges(repo, editDraftFrom(repo))).not.toHaveProperty('archive_name_template');
    expect(diffChanges(repo, { ...editDraftFrom(repo), archive_name_template: 'x-{now}' })).toMatchObject({ archive_name_template: 'x-{now}' });
  });

  it('checks name length, hook timeouts, compression levels and remote_path', () => {
    expect(validateCreate({ ...valid, name: 'x'.repeat(101) }).name).toMatch(/at most 100/);
    expect(validateCreate({ ...valid, pre_hook_timeout: '0' }).pre_hook_timeout).toMatch(/1 to 86400/);
    expect(validateCreate({ ...valid, post_hook_timeout: '1.5' }).post_hook_timeout).toMatch(/1 to 86400/);
    expect(validateCreate({ ...valid, compression: 'zstd', compression_level: '23' }).compression_level).toMatch(/1 to 22/);
    expect(validateCreate({ ...valid, compression: 'zlib', compression_level: '9' }).compression_level).toBeUndefined();
    expect(validateCreate({ ...valid, remote_path: 'borg; rm -rf /' }).remote_path).toMatch(/plain path/);
  });

  it('takes no passphrase for encryption none and sends none', () => {
    const draft = { ...valid, encryption: 'none' as const, passphrase: '', passphrase_confirm: '' };
    expect(validateCreate(draft)).toEqual({});
    expect(toCreateInput(draft)).not.toHaveProperty('passphrase');
  });
});

describe('compression', () => {
  it('round-trips borg compression specs', () => {
    for (const spec of ['lz4', 'zstd,10', 'auto,zstd,3', 'zlib', 'none', 'lzma,6']) {
      expect(compressionString(parseCompression(spec))).toBe(spec);
    }
  });
});

describe('edit diff', () => {
  it('is empty for an untouched draft, even with "" stored for optional fields', () => {
    const repo = makeRepository({ custom_flags: '', remote_path: null, compression: 'auto,zstd,3', exclude_patterns: ['*.log'] });
    expect(diffChanges(repo, editDraftFrom(repo))).toEqual({});
  });

  it('reports list changes and order as changes', () => {
    const repo = makeRepository({ source_directories: ['/a', '/b'] });
    expect(diffChanges(repo, { ...editDraftFrom(repo), source_directories: ['/b', '/a'] })).toEqual({ source_directories: ['/b', '/a'] });
  });

  it('requires the current passphrase to change the stored one', () => {
    const repo = makeRepository();
    const draft = { ...editDraftFrom(repo), change_passphrase: true, new_passphrase: 'n', new_passphrase_confirm: 'n' };
    expect(validateEdit(draft).current_passphrase).toBe('Enter the current passphrase.');
  });
});

describe('passphrase strength', () => {
  it.each([
    ['abc', 'weak'],
    ['abcdefgh', 'weak'],
    ['abcdefghijkl', 'fair'],
    ['Abcdef12!', 'fair'],
    ['Abcdefgh12!x', 'strong'],
    ['correct horse battery staple', 'strong'],
  ] as const)('%s is %s', (passphrase, level) => {
    expect(passphraseStrength(passphrase).level).toBe(level);
  });
});
