import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localRepositoryId } from '../../../src-main/core/borg/repository-config';
import { borgSandbox, type BorgSandbox } from '../../fixtures/borg';
import { tempDir } from '../../fixtures/temp';

const ID = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'abcdef01';

describe('localRepositoryId', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('repo-config');
  });
  afterEach(() => dir.remove());

  const withConfig = (text: string): string => {
    writeFileSync(join(dir.path, 'config'), text);
    return dir.path;
  };

  it('reads the id from the [repository] section', () => {
    expect(localRepositoryId(withConfig(`[repository]\nversion = 1\nsegments_per_dir = 1000\nid = ${ID}\nkey = abc\n\tdef\n`))).toBe(ID);
    expect(localRepositoryId(withConfig(`[repository]\r\nid=${ID}\r\n`))).toBe(ID);
  });

  it('answers null rather than guess: no file, another section, a malformed id', () => {
    expect(localRepositoryId(join(dir.path, 'missing'))).toBeNull();
    expect(localRepositoryId(withConfig(`[other]\nid = ${ID}\n`))).toBeNull();
    expect(localRepositoryId(withConfig(`[repository]\nid = ${ID.slice(1)}\n`))).toBeNull();
    expect(localRepositoryId(withConfig(`[repository]\nid = ${ID.toUpperCase()}\n`))).toBeNull();
    mkdirSync(join(dir.path, 'as-dir', 'config'), { recursive: true });
    expect(localRepositoryId(join(dir.path, 'as-dir'))).toBeNull();
  });
});

describe('localRepositoryId against real borg', () => {
  let borg: BorgSandbox;
  beforeEach(() => {
    borg = borgSandbox();
  });
  afterEach(() => borg.remove());

  it('gives the id borg info reports for a repository borg init made', () => {
    const path = borg.path('real');
    expect(borg.cli(['init', '--encryption', 'repokey', path], { passphrase: 'pw' }).status).toBe(0);
    const info = borg.cli(['info', '--json', path], { passphrase: 'pw' });
    expect(info.status).toBe(0);
    expect(localRepositoryId(path)).toBe((JSON.parse(info.stdout) as { repository: { id: string } }).repository.id);
  });
});
